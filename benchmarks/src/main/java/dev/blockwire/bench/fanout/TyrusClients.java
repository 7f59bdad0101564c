package dev.blockwire.bench.fanout;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.Unpooled;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientProperties;

/**
 * The harness's previous transport, kept to compare its cost with {@link WsClients}
 * ({@code BenchSuite --client tyrus}): Tyrus' client on Grizzly (one selector, two workers), every
 * message decoded to a {@code String} by Tyrus, then handed to the same {@link Sink} as its UTF-8 bytes.
 */
public final class TyrusClients implements Clients {

  private final ClientManager client = ClientManager.createClient();
  private final Sink sink;

  public TyrusClients(Sink sink) {
    this.sink = sink;
    client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
    client.getProperties().put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, 600);
    client.getProperties().put(GrizzlyClientProperties.WORKER_THREAD_POOL_CONFIG,
        ThreadPoolConfig.defaultConfig().setCorePoolSize(2).setMaxPoolSize(2).setPoolName("client-worker"));
    client.getProperties().put(GrizzlyClientProperties.SELECTOR_THREAD_POOL_CONFIG,
        ThreadPoolConfig.defaultConfig().setCorePoolSize(1).setMaxPoolSize(1).setPoolName("client-selector"));
  }

  @Override
  public String transport() {
    return "Tyrus/Grizzly";
  }

  @Override
  public CompletableFuture<AutoCloseable> connect(URI base, ClientProtocol protocol, long handshakeTimeoutMillis) {
    final CompletableFuture<AutoCloseable> open = new CompletableFuture<>();
    try {
      client.asyncConnectToServer(new Endpoint() {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
          session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text ->
              sink.frame(protocol, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))));
          session.getAsyncRemote().sendText(protocol.request());
          open.complete(session::close);
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
          sink.closeFrame(protocol, reason.getCloseCode().getCode(), reason.getReasonPhrase());
          sink.closed(protocol);
        }

        @Override
        public void onError(Session session, Throwable error) {
          open.completeExceptionally(error);
        }
      }, ClientEndpointConfig.Builder.create().build(), URI.create(base.toString() + protocol.path()));
    } catch (Exception e) {
      open.completeExceptionally(e);
    }
    return open;
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
