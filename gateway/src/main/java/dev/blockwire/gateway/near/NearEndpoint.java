package dev.blockwire.gateway.near;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.blockwire.gateway.ConnectionLimiter;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.Outbox;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.TyrusSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NEAR events endpoint {@code /ws}, wire-compatible with events.near.stream. One instance
 * serves every connection; per-connection state lives in a {@link NearSession}.
 */
public final class NearEndpoint extends Endpoint {

  public static final String PATH = "/ws";

  private static final Logger LOG = LoggerFactory.getLogger(NearEndpoint.class);
  private static final String STATE = NearSession.class.getName();

  private final NearFeed feed;
  private final NearCodec codec;
  private final GatewayConfig config;
  private final ConnectionLimiter limiter;
  private final ScheduledExecutorService timers;
  private final Executor sendPool;

  /** @param sendPool starts the writes to idle connections (see {@link dev.blockwire.gateway.SendPool}) */
  public NearEndpoint(NearFeed feed, GatewayConfig config, ConnectionLimiter limiter,
      ScheduledExecutorService timers, Executor sendPool) {
    this.sendPool = sendPool;
    this.feed = feed;
    this.codec = new NearCodec(config.filterMaxNodes(), config.filterMaxDepth());
    this.config = config;
    this.limiter = limiter;
    this.timers = timers;
  }

  /** The deployment of this endpoint: refuses an unknown {@code format} with HTTP 400. */
  public ServerEndpointConfig endpointConfig() {
    final NearEndpoint endpoint = this;
    return ServerEndpointConfig.Builder.create(NearEndpoint.class, PATH)
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
            final List<String> format = request.getParameterMap().get("format");
            if (format != null && (format.size() != 1 || NearFormat.fromQuery(format.get(0)).isEmpty())) {
              throw sneaky(new HandshakeException(400, "format must be snake or camel"));
            }
          }

          @Override
          public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(endpoint);
          }
        })
        .build();
  }

  @Override
  public void onOpen(Session session, EndpointConfig endpointConfig) {
    final String address = remoteAddress(session);
    if (!limiter.acquire(address)) {
      close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "too many connections from this address");
      return;
    }
    final List<String> formatParam = session.getRequestParameterMap().get("format");
    final NearFormat format = NearFormat.fromQuery(formatParam == null ? null : formatParam.get(0))
        .orElse(NearFormat.SNAKE);
    final NearSession state = new NearSession(format, new Outbox(session, config.sendQueueLimit(), Outbox.OVERFLOW_REASON, sendPool), address);
    session.getUserProperties().put(STATE, state);
    session.setMaxIdleTimeout(0);
    state.subscribeTimeout(timers.schedule(() -> {
      if (!state.subscribed()) {
        close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "no subscription");
      }
    }, config.subscribeTimeoutMs(), TimeUnit.MILLISECONDS));
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onText(session, state, text));
  }

  private void onText(Session session, NearSession state, String text) {
    if (tooBig(text)) {
      close(session, CloseReason.CloseCodes.TOO_BIG, "Too big.");
      return;
    }
    final NearRequest request = codec.decode(text);
    if (request instanceof NearRequest.Subscribe subscribe) {
      state.markSubscribed();
      feed.subscribe(state, subscribe);
    } else if (request instanceof NearRequest.Rejected rejected) {
      state.offer(rejected.errorFrame());
    }
  }

  private boolean tooBig(String text) {
    final int max = config.maxMessageBytes();
    if (text.length() > max) {
      return true;
    }
    return text.length() * 3L > max && text.getBytes(StandardCharsets.UTF_8).length > max;
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    final Object state = session.getUserProperties().remove(STATE);
    if (state instanceof NearSession near) {
      near.cancelTimeout();
      near.outbox().close();
      feed.unsubscribe(near);
      limiter.release(near.address());
    }
  }

  @Override
  public void onError(Session session, Throwable error) {
    LOG.debug("websocket error on {}: {}", session.getId(), error.toString());
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

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable error) throws E {
    throw (E) error; // Tyrus answers a HandshakeException with its HTTP status
  }
}
