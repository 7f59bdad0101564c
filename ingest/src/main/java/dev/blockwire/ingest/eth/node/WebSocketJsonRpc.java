package dev.blockwire.ingest.eth.node;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over one websocket ({@code java.net.http.WebSocket}, no extra dependency), with a
 * {@code newHeads} subscription whose headers go to a callback.
 *
 * <p>The socket is opened on the first call and opened again on the next call after it broke (closed
 * by the node, a failed send, or a call that timed out); every new socket subscribes to
 * {@code newHeads} before it serves a call, so a reconnect never leaves the source without heads.
 * {@link #connections()} counts the sockets opened. Calls are serialised; the callback runs on the
 * socket's reader thread and must not block.
 */
final class WebSocketJsonRpc implements JsonRpc {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketJsonRpc.class);

  private final URI url;
  private final Duration timeout;
  private final ObjectMapper mapper;
  private final Consumer<JsonNode> onHead;
  private final HttpClient client;
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final Object lock = new Object();
  private Connection current;
  private boolean closed;

  /**
   * @param onHead receives each {@code newHeads} result (a header object); never null
   */
  WebSocketJsonRpc(URI url, Duration timeout, ObjectMapper mapper, Consumer<JsonNode> onHead) {
    this.url = Objects.requireNonNull(url, "url");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.onHead = Objects.requireNonNull(onHead, "onHead");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public JsonNode call(String method, Object... params) throws IOException {
    synchronized (lock) {
      return connection().call(method, params);
    }
  }

  /** Sockets opened so far (1 after the first call; more after reconnects). */
  long connections() {
    return connections.get();
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (current != null) {
        current.abort("closed");
        current = null;
      }
    }
  }

  @Override
  public String toString() {
    return url.toString();
  }

  /** The open socket, subscribed to newHeads; opens one when there is none. */
  private Connection connection() throws IOException {
    if (closed) {
      throw new IOException("websocket JSON-RPC client for " + url + " is closed");
    }
    if (current != null && current.broken == null) {
      return current;
    }
    if (current != null) {
      LOG.warn("websocket to {} broke ({}); reconnecting", url, current.broken);
      current.abort("reconnecting");
      current = null;
    }
    final Connection connection = new Connection();
    final WebSocket socket;
    try {
      socket = client.newWebSocketBuilder().connectTimeout(timeout).buildAsync(url, connection)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("connecting to " + url + " interrupted");
    } catch (ExecutionException e) {
      throw new IOException("cannot connect to " + url + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("cannot connect to " + url + " within " + timeout.toMillis() + " ms");
    }
    connection.socket = socket;
    try {
      connection.subscription = connection.call("eth_subscribe", "newHeads").asText();
    } catch (IOException e) {
      connection.abort("newHeads subscription failed");
      throw e;
    }
    connections.incrementAndGet();
    LOG.info("connected to {}, newHeads subscription {}", url, connection.subscription);
    current = connection;
    return connection;
  }

  /** One socket: its pending calls and the text of a message being received in parts. */
  private final class Connection implements WebSocket.Listener {

    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile String subscription;
    private volatile String broken;

    JsonNode call(String method, Object... params) throws IOException {
      final long id = ids.incrementAndGet();
      final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(id, answer);
      try {
        final String text = new String(Messages.request(mapper, id, method, List.of(params)), StandardCharsets.UTF_8);
        socket.sendText(text, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return Messages.result(answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS), method, id);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException(method + " to " + url + " interrupted");
      } catch (ExecutionException e) {
        breakWith(method + " failed: " + e.getCause());
        throw new IOException(method + " to " + url + " failed: " + e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        breakWith(method + " got no answer within " + timeout.toMillis() + " ms");
        throw new IOException(method + " to " + url + ": no answer within " + timeout.toMillis() + " ms");
      } finally {
        pending.remove(id);
      }
    }

    void abort(String why) {
      breakWith(why);
      final WebSocket open = socket;
      if (open != null) {
        open.abort();
      }
    }

    private void breakWith(String why) {
      if (broken == null) {
        broken = why;
      }
      final IOException error = new IOException("websocket to " + url + ": " + why);
      pending.values().forEach(answer -> answer.completeExceptionally(error));
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        final String text = partial.toString();
        partial.setLength(0);
        dispatch(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      breakWith("closed by the node (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      breakWith("failed: " + error);
    }

    private void dispatch(String text) {
      final JsonNode message;
      try {
        message = mapper.readTree(text);
      } catch (IOException e) {
        breakWith("sent a frame that is not JSON: " + e.getMessage());
        return;
      }
      if ("eth_subscription".equals(message.path("method").asText())) {
        final JsonNode params = message.path("params");
        final String id = subscription;
        if (id == null || id.equals(params.path("subscription").asText())) {
          try {
            onHead.accept(params.path("result"));
          } catch (RuntimeException e) {
            LOG.warn("newHeads callback failed", e);
          }
        }
        return;
      }
      final JsonNode id = message.get("id");
      if (id != null && id.canConvertToLong()) {
        final CompletableFuture<JsonNode> answer = pending.get(id.asLong());
        if (answer != null) {
          answer.complete(message);
        }
      }
    }
  }
}
