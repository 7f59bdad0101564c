package dev.blockwire.gateway;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;

/**
 * The stack's limit: a bare broadcast server on the same Tyrus/Grizzly stack as {@link GatewayServer}
 * (same container, listener, IO strategy and worker threads) with no Kafka, filter or rendering.
 * Every connection (on {@code /ws}, {@code /eth} and {@code /v1/ws}, the load harness's paths) that
 * sends any text is a subscriber; {@link #broadcast} sends one string to each with Tyrus' async send,
 * keeping at most {@value #IN_FLIGHT} sends in flight per connection (a broadcast that finds a
 * connection full skips it, counted in {@link #skipped()}).
 *
 * <p>In the gateway's package (benchmarks module) because {@link TyrusContainer} is package-private.
 */
public final class BareBroadcastServer implements AutoCloseable {

  static final int IN_FLIGHT = 64;
  private static final String CONTEXT = "/";

  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final HttpServer http = new HttpServer();
  private final TyrusContainer container;
  private final int port;

  private static final class Subscriber {
    final Session session;
    final AtomicInteger inFlight = new AtomicInteger();

    Subscriber(Session session) {
      this.session = session;
    }
  }

  public BareBroadcastServer(String host, int workerThreads) throws IOException {
    container = new TyrusContainer(CONTEXT, 1 << 20);
    try {
      for (String path : new String[] {"/ws", "/eth", "/v1/ws"}) {
        container.addEndpoint(ServerEndpointConfig.Builder.create(Bare.class, path)
            .configurator(new ServerEndpointConfig.Configurator() {
              @Override
              public <T> T getEndpointInstance(Class<T> endpointClass) {
                return endpointClass.cast(new Bare(BareBroadcastServer.this));
              }
            }).build());
      }
    } catch (DeploymentException e) {
      throw new IOException(e);
    }
    final NetworkListener listener = new NetworkListener("bare", host, 0);
    listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
    listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
        .setCorePoolSize(workerThreads).setMaxPoolSize(workerThreads).setPoolName("bare-worker"));
    listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
    listener.registerAddOn(new WebSocketAddOn(container, CONTEXT));
    http.addListener(listener);
    http.start();
    port = listener.getPort();
    try {
      container.start(CONTEXT, port);
    } catch (DeploymentException e) {
      throw new IOException(e);
    }
  }

  public int port() {
    return port;
  }

  public int subscribers() {
    return subscribers.size();
  }

  public long sent() {
    return sent.get();
  }

  public long skipped() {
    return skipped.get();
  }

  /** Sends {@code text} to every subscriber that has room; never blocks. */
  public void broadcast(String text) {
    for (Subscriber subscriber : subscribers) {
      if (subscriber.inFlight.incrementAndGet() > IN_FLIGHT) {
        subscriber.inFlight.decrementAndGet();
        skipped.incrementAndGet();
        continue;
      }
      try {
        subscriber.session.getAsyncRemote().sendText(text, result -> {
          subscriber.inFlight.decrementAndGet();
          if (result.isOK()) {
            sent.incrementAndGet();
          }
        });
      } catch (RuntimeException e) {
        subscriber.inFlight.decrementAndGet();
        subscribers.remove(subscriber);
      }
    }
  }

  @Override
  public void close() {
    container.stop();
    http.shutdownNow();
  }

  /** One connection: the first text message makes it a subscriber. */
  public static final class Bare extends Endpoint {
    private final BareBroadcastServer server;

    public Bare(BareBroadcastServer server) {
      this.server = server;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.setMaxIdleTimeout(0);
      final Subscriber subscriber = new Subscriber(session);
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
        server.subscribers.add(subscriber);
        session.getUserProperties().put("subscriber", subscriber);
      });
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      final Object subscriber = session.getUserProperties().get("subscriber");
      if (subscriber != null) {
        server.subscribers.remove(subscriber);
      }
    }
  }
}
