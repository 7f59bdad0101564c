package dev.blockwire.gateway.flow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
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
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.TyrusSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flow's WebSocket Stream API at {@code /v1/ws}, as a Flow access node serves it: subscribe,
 * unsubscribe and list_subscriptions with flow-go's checks, messages and codes, ping/pong keepalive
 * and the inactivity rule. One instance serves every connection; state lives in {@link FlowSession}.
 */
public final class FlowEndpoint extends Endpoint {

  public static final String PATH = "/v1/ws";
  static final int MAX_ID_BYTES = 20;

  private static final Logger LOG = LoggerFactory.getLogger(FlowEndpoint.class);
  private static final String STATE = FlowSession.class.getName();
  private static final char[] ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  private final FlowFeed feed;
  private final FlowArguments arguments;
  private final GatewayConfig config;
  private final FlowGatewayConfig flow;
  private final ConnectionLimiter limiter;
  private final ScheduledExecutorService timers;
  private final SecureRandom random = new SecureRandom();
  private final Executor sendPool;

  /** @param sendPool starts the writes to idle connections (see {@link dev.blockwire.gateway.SendPool}) */
  public FlowEndpoint(FlowFeed feed, GatewayConfig config, ConnectionLimiter limiter, ScheduledExecutorService timers,
      Executor sendPool) {
    this.feed = feed;
    this.sendPool = sendPool;
    this.flow = feed.config();
    this.arguments = new FlowArguments(flow.network());
    this.config = config;
    this.limiter = limiter;
    this.timers = timers;
  }

  public ServerEndpointConfig endpointConfig() {
    final FlowEndpoint endpoint = this;
    return ServerEndpointConfig.Builder.create(FlowEndpoint.class, PATH)
        .configurator(new ServerEndpointConfig.Configurator() {
          @Override
          public <T> T getEndpointInstance(Class<T> endpointClass) {
            return endpointClass.cast(endpoint);
          }

          @Override
          public boolean checkOrigin(String originHeaderValue) {
            return true; // flow-go accepts every origin
          }
        })
        .build();
  }

  @Override
  public void onOpen(Session session, EndpointConfig endpointConfig) {
    final String address = session instanceof TyrusSession tyrus && tyrus.getRemoteAddr() != null
        ? tyrus.getRemoteAddr() : "unknown";
    if (!limiter.acquire(address)) {
      close(session, CloseReason.CloseCodes.VIOLATED_POLICY, "too many connections from this address");
      return;
    }
    final FlowSession state = new FlowSession(new Outbox(session, config.sendQueueLimit(), Outbox.OVERFLOW_REASON, sendPool), address);
    session.getUserProperties().put(STATE, state);
    session.setMaxIdleTimeout(0);
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> onText(session, state, text));
    session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> state.ponged());
    state.addTimer(timers.scheduleAtFixedRate(() -> keepalive(session, state), flow.pingPeriodMs(),
        flow.pingPeriodMs(), TimeUnit.MILLISECONDS));
    final long check = Math.max(10, flow.inactivityTimeoutMs() / 10);
    state.addTimer(timers.scheduleAtFixedRate(() -> checkInactivity(session, state), check, check,
        TimeUnit.MILLISECONDS));
  }

  private void keepalive(Session session, FlowSession state) {
    if (System.nanoTime() - state.lastPongNanos() > TimeUnit.MILLISECONDS.toNanos(flow.pongWaitMs())) {
      close(session, CloseReason.CloseCodes.GOING_AWAY, "no pong within " + flow.pongWaitMs() + " ms");
      return;
    }
    try {
      session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
    } catch (Exception e) {
      LOG.debug("ping failed on {}: {}", session.getId(), e.toString());
    }
  }

  /** flow-go's rule: close only with no subscriptions and nothing sent for the whole timeout. */
  private void checkInactivity(Session session, FlowSession state) {
    if (state.size() == 0
        && System.nanoTime() - state.lastSentNanos() > TimeUnit.MILLISECONDS.toNanos(flow.inactivityTimeoutMs())) {
      close(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "inactivity timeout");
    }
  }

  private void onText(Session session, FlowSession state, String text) {
    if (text.length() > config.maxMessageBytes()
        && text.getBytes(StandardCharsets.UTF_8).length > config.maxMessageBytes()) {
      close(session, CloseReason.CloseCodes.TOO_BIG, "Too big.");
      return;
    }
    final FlowRequest request = FlowCodec.decode(text);
    if (request instanceof FlowRequest.Invalid invalid) {
      state.send(FlowCodec.error("", 400, invalid.message(), ""));
    } else if (request instanceof FlowRequest.Subscribe subscribe) {
      subscribe(state, subscribe);
    } else if (request instanceof FlowRequest.Unsubscribe unsubscribe) {
      unsubscribe(state, unsubscribe.subscriptionId());
    } else {
      final List<FlowCodec.Listed> listed = new ArrayList<>();
      for (FlowSubscription sub : state.list()) {
        listed.add(new FlowCodec.Listed(sub.id, sub.topicName(), sub.arguments));
      }
      state.send(FlowCodec.list(listed));
    }
  }

  private void subscribe(FlowSession state, FlowRequest.Subscribe request) {
    final String sent = request.subscriptionId();
    if (state.size() >= flow.maxSubscriptionsPerConnection()) {
      state.send(FlowCodec.error(sent, 429, "error creating new subscription: maximum number of subscriptions reached",
          FlowCodec.SUBSCRIBE));
      return;
    }
    if (!feed.tryAcquireStream()) {
      state.send(FlowCodec.error(sent, 429, "error creating new subscription: maximum number of streams reached",
          FlowCodec.SUBSCRIBE));
      return;
    }
    boolean started = false;
    try {
      final String id;
      if (sent.isEmpty()) {
        id = newId();
      } else if (sent.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
        state.send(FlowCodec.error(sent, 400, "error parsing subscription id: subscription ID provided by the client "
            + "must not exceed 20 characters", FlowCodec.SUBSCRIBE));
        return;
      } else if (state.has(sent)) {
        state.send(FlowCodec.error(sent, 400, "error parsing subscription id: subscription ID is already in use: "
            + sent, FlowCodec.SUBSCRIBE));
        return;
      } else {
        id = sent;
      }
      final FlowArguments.Result parsed = arguments.parse(request.topic(), request.arguments());
      if (parsed.error() != null) {
        state.send(FlowCodec.error(id, 400, parsed.error(), FlowCodec.SUBSCRIBE));
        return;
      }
      final FlowSubscription sub = new FlowSubscription(id, parsed.spec(), request.arguments(), state);
      if (!state.add(sub)) {
        return; // the connection is closing
      }
      started = true;
      state.send(FlowCodec.ok(id, FlowCodec.SUBSCRIBE)); // the ack is queued before the feed can produce data
      feed.add(sub);
    } finally {
      if (!started) {
        feed.releaseStream();
      }
    }
  }

  private void unsubscribe(FlowSession state, String id) {
    if (id.isEmpty()) {
      state.send(FlowCodec.error(id, 400, "error parsing subscription id: subscription ID provided by the client must "
          + "not be empty", FlowCodec.UNSUBSCRIBE));
      return;
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
      state.send(FlowCodec.error(id, 400, "error parsing subscription id: subscription ID provided by the client must "
          + "not exceed 20 characters", FlowCodec.UNSUBSCRIBE));
      return;
    }
    final FlowSubscription sub = state.remove(id);
    if (sub == null) {
      state.send(FlowCodec.error(id, 404, "subscription not found", FlowCodec.UNSUBSCRIBE));
      return;
    }
    sub.cancel();
    feed.remove(sub);
    if (sub.markEnded()) {
      feed.releaseStream();
    }
    state.send(FlowCodec.ok(id, FlowCodec.UNSUBSCRIBE));
  }

  private String newId() {
    final char[] id = new char[MAX_ID_BYTES];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }

  @Override
  public void onClose(Session session, CloseReason closeReason) {
    final Object state = session.getUserProperties().remove(STATE);
    if (state instanceof FlowSession flowSession) {
      for (FlowSubscription sub : flowSession.close()) {
        sub.cancel();
        feed.remove(sub);
        if (sub.markEnded()) {
          feed.releaseStream();
        }
      }
      limiter.release(flowSession.address());
    }
  }

  @Override
  public void onError(Session session, Throwable error) {
    LOG.debug("websocket error on {}: {}", session.getId(), error.toString());
  }

  private static void close(Session session, CloseReason.CloseCode code, String reason) {
    try {
      session.close(new CloseReason(code, reason));
    } catch (Exception e) {
      LOG.debug("close failed on {}: {}", session.getId(), e.toString());
    }
  }
}
