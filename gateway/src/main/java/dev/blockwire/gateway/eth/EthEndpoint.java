package dev.blockwire.gateway.eth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.blockwire.gateway.ConnectionLimiter;
import dev.blockwire.gateway.Outbox;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.TyrusSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ethereum JSON-RPC websocket endpoint ({@code /eth}), wire-compatible with geth's
 * {@code eth_subscribe}. One instance serves every connection; per-connection state lives in an
 * {@link EthSession}. Messages are decoded here (on the websocket threads) and executed in order
 * on the feed's dispatch thread.
 */
public final class EthEndpoint extends Endpoint {

  public static final String PATH = "/eth";
  /** Close reason when a connection's queue overflows (code 1008). */
  public static final String OVERFLOW_REASON = "too many buffered notifications";

  private static final Logger LOG = LoggerFactory.getLogger(EthEndpoint.class);
  private static final String STATE = EthSession.class.getName();

  private final EthFeed feed;
  private final EthSettings settings;
  private final ConnectionLimiter limiter;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong slowClients = new AtomicLong();
  private final ScheduledFuture<?> pinger;
  private final Executor sendPool;

  /** @param sendPool starts the writes to idle connections (see {@link dev.blockwire.gateway.SendPool}) */
  public EthEndpoint(EthFeed feed, ConnectionLimiter limiter, ScheduledExecutorService timers, Executor sendPool) {
    this.feed = feed;
    this.sendPool = sendPool;
    this.settings = feed.settings();
    this.limiter = limiter;
    final long sweep = Math.max(20, Math.min(settings.pingIntervalMs(), settings.pongTimeoutMs()) / 4);
    this.pinger = timers.scheduleWithFixedDelay(this::pingSweep, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** The deployment of this endpoint at {@code path}; an Origin header, when sent, must be allowed. */
  public ServerEndpointConfig endpointConfig(String path) {
    final EthEndpoint endpoint = this;
    return ServerEndpointConfig.Builder.create(EthEndpoint.class, path)
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          public boolean checkOrigin(String origin) {
            return origin == null || origin.isEmpty() || settings.allowedOrigins().contains("*")
                || settings.allowedOrigins().contains(origin.toLowerCase(java.util.Locale.ROOT));
          }

          @Override
          public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(endpoint);
          }
        })
        .build();
  }

  /** Open connections. */
  public int connections() {
    return sessions.size();
  }

  /** Connections closed because they did not read fast enough. */
  public long slowClientsClosed() {
    return slowClients.get();
  }

  @Override
  public void onOpen(Session session, EndpointConfig endpointConfig) {
    final String address = remoteAddress(session);
    if (!limiter.acquire(address)) {
      close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "too many connections from this address");
      return;
    }
    final EthSession state = new EthSession(new Outbox(session, settings.queueLimit(), OVERFLOW_REASON, sendPool), address);
    session.getUserProperties().put(STATE, state);
    session.setMaxIdleTimeout(0); // geth has no idle timeout; pings find dead peers
    session.setMaxTextMessageBufferSize(settings.readLimitBytes());
    session.setMaxBinaryMessageBufferSize(settings.readLimitBytes());
    sessions.add(session);
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onText(session, state, text));
    // gorilla's ReadJSON reads binary messages as well as text ones
    session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data -> {
      final byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      onBytes(session, state, bytes);
    });
    session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> state.pingSentAtNanos = 0);
  }

  private void onText(Session session, EthSession state, String text) {
    if (text.length() > settings.readLimitBytes()) {
      tooBig(session, state);
      return;
    }
    onBytes(session, state, text.getBytes(StandardCharsets.UTF_8));
  }

  private void onBytes(Session session, EthSession state, byte[] bytes) {
    if (state.closed()) {
      return; // after a parse error geth reads nothing more
    }
    if (bytes.length > settings.readLimitBytes()) {
      tooBig(session, state);
      return;
    }
    feed.submit(state, EthCodec.decode(bytes));
  }

  private void tooBig(Session session, EthSession state) {
    state.markClosed();
    close(session, CloseReason.CloseCodes.TOO_BIG, "Too big."); // Tyrus' own reason for fragmented ones
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    sessions.remove(session);
    final Object state = session.getUserProperties().remove(STATE);
    if (state instanceof EthSession eth) {
      if (eth.outbox.overflowed()) {
        slowClients.incrementAndGet();
      }
      eth.outbox.close();
      feed.disconnect(eth);
      limiter.release(eth.address);
    }
  }

  @Override
  public void onError(Session session, Throwable error) {
    LOG.debug("websocket error on {}: {}", session.getId(), error.toString());
  }

  /** geth's keep-alive: a ping after an idle interval without a successful write; no pong in time closes. */
  private void pingSweep() {
    final long now = System.nanoTime();
    final long interval = TimeUnit.MILLISECONDS.toNanos(settings.pingIntervalMs());
    final long pongTimeout = TimeUnit.MILLISECONDS.toNanos(settings.pongTimeoutMs());
    for (Session session : sessions) {
      final Object value = session.getUserProperties().get(STATE);
      if (!(value instanceof EthSession state) || state.closed()) {
        continue;
      }
      final long pingSent = state.pingSentAtNanos;
      if (pingSent != 0) {
        if (now - pingSent > pongTimeout) {
          state.markClosed();
          close(session, CloseReason.CloseCodes.GOING_AWAY, "pong timeout");
        }
        continue;
      }
      final long idleSince = Math.max(state.outbox.lastSentNanos(), state.lastPingNanos);
      if (now - idleSince > interval) {
        try {
          state.pingSentAtNanos = now;
          state.lastPingNanos = now;
          session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (IOException | RuntimeException e) {
          LOG.debug("ping failed on {}: {}", session.getId(), e.toString());
        }
      }
    }
  }

  /** Closes every connection with 1000, as geth does on shutdown. */
  public void closeAll() {
    pinger.cancel(false);
    for (Session session : sessions) {
      close(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "server shutting down");
    }
  }

  private static String remoteAddress(Session session) {
    return session instanceof TyrusSession tyrus && tyrus.getRemoteAddr() != null ? tyrus.getRemoteAddr() : "unknown";
  }

  private static void close(Session session, CloseReason.CloseCode code, String reason) {
    try {
      session.close(new CloseReason(code, reason));
    } catch (Exception e) {
      LOG.debug("close failed on {}: {}", session.getId(), e.toString());
    }
  }
}
