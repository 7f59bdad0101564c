package dev.blockwire.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.blockwire.gateway.flow.FlowEndpoint;
import dev.blockwire.gateway.flow.FlowFeed;
import dev.blockwire.gateway.flow.FlowRest;
import dev.blockwire.gateway.near.NearEndpoint;
import dev.blockwire.gateway.near.NearFeed;
import jakarta.websocket.DeploymentException;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The websocket gateway: one Grizzly listener bound to the configured host (127.0.0.1 by
 * default) carrying Tyrus' websocket endpoints and a few HTTP routes.
 */
public final class GatewayServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final String CONTEXT = "/";

  private final GatewayConfig config;
  private final NearFeed nearFeed;
  private final FlowFeed flowFeed;
  private final ConnectionLimiter limiter;
  private final ScheduledExecutorService timers;
  private HttpServer http;
  private TyrusContainer container;
  private int port;

  public GatewayServer(GatewayConfig config) {
    this.config = config;
    this.nearFeed = new NearFeed(config.bootstrapServers(), config.nearTopic(), config.nearNetwork(),
        config.nearHistoryBlocks(), config.nearHistoryEvents());
    this.flowFeed = new FlowFeed(config.bootstrapServers(), config.flow());
    this.limiter = new ConnectionLimiter(config.maxConnectionsPerAddress());
    this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
      final Thread thread = new Thread(runnable, "gateway-timers");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the Kafka feeds and the listener; returns once the port is bound. */
  public GatewayServer start() throws IOException {
    nearFeed.start();
    flowFeed.start();
    // Tyrus must be able to buffer a maximal message; the endpoints enforce the limit with 1009.
    container = new TyrusContainer(CONTEXT, config.maxMessageBytes() * 4 + 1024);
    try {
      container.addEndpoint(new NearEndpoint(nearFeed, config, limiter, timers).endpointConfig());
      container.addEndpoint(new FlowEndpoint(flowFeed, config, limiter, timers).endpointConfig());
    } catch (DeploymentException e) {
      throw new IOException("cannot deploy the websocket endpoints", e);
    }
    final NetworkListener listener = new NetworkListener("gateway", config.host(), config.port());
    listener.getTransport().setIOStrategy(WorkerThreadIOStrategy.getInstance());
    listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
        .setCorePoolSize(config.workerThreads()).setMaxPoolSize(config.workerThreads())
        .setPoolName("gateway-worker"));
    listener.getKeepAlive().setIdleTimeoutInSeconds(-1); // else Grizzly kills idle websockets
    listener.registerAddOn(new WebSocketAddOn(container, CONTEXT));
    http = new HttpServer();
    http.addListener(listener);
    http.getServerConfiguration().addHttpHandler(new HealthHandler(), "/health");
    http.getServerConfiguration().addHttpHandler(new FlowRest(flowFeed), "/v1/*");
    http.start();
    port = listener.getPort();
    try {
      container.start(CONTEXT, port);
    } catch (DeploymentException e) {
      throw new IOException("cannot start the websocket container", e);
    }
    LOG.info("gateway listening on ws://{}:{} (NEAR events {}, Flow stream {})", config.host(), port,
        NearEndpoint.PATH, FlowEndpoint.PATH);
    return this;
  }

  /** The bound port (the chosen one when configured with 0). */
  public int port() {
    return port;
  }

  public String host() {
    return config.host();
  }

  public NearFeed nearFeed() {
    return nearFeed;
  }

  public FlowFeed flowFeed() {
    return flowFeed;
  }

  /** Waits until every feed has loaded its retained history. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    final long deadline = System.nanoTime() + timeout.toNanos();
    return nearFeed.awaitCaughtUp(timeout)
        && flowFeed.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  @Override
  public void close() throws InterruptedException {
    if (container != null) {
      container.stop();
    }
    if (http != null) {
      http.shutdownNow();
    }
    nearFeed.close();
    flowFeed.close();
    timers.shutdownNow();
  }

  /** GET /health: 200 once history is loaded, 503 before. */
  private final class HealthHandler extends HttpHandler {
    @Override
    public void service(Request request, Response response) throws IOException {
      final boolean ready = nearFeed.isCaughtUp() && flowFeed.isCaughtUp();
      final String body = "{\"status\":\"" + (ready ? "UP" : "STARTING") + "\",\"near\":{\"blocks_seen\":"
          + nearFeed.blocksSeen() + ",\"connections\":" + limiter.total() + "},\"flow\":{\"updates_seen\":"
          + flowFeed.updatesSeen() + "}}";
      response.setStatus(ready ? 200 : 503);
      response.setContentType("application/json;charset=UTF-8");
      final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }
}
