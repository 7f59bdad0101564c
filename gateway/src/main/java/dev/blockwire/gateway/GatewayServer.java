package dev.blockwire.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import dev.blockwire.gateway.eth.EthEndpoint;
import dev.blockwire.gateway.eth.EthFeed;
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
 * default) carrying Tyrus' websocket endpoints (NEAR events on {@code /ws}, Ethereum JSON-RPC on
 * {@code /eth}, and on {@code /} when NEAR is off) and a few HTTP routes.
 */
public final class GatewayServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  private static final String CONTEXT = "/";

  private final GatewayConfig config;
  private final NearFeed nearFeed;
  private final EthFeed ethFeed;
  private final FlowFeed flowFeed;
  private final ConnectionLimiter limiter;
  private final ScheduledExecutorService timers;
  private final SendPool sendPool;
  private HttpServer http;
  private TyrusContainer container;
  private EthEndpoint ethEndpoint;
  private int port;

  public GatewayServer(GatewayConfig config) {
    if (!config.nearEnabled() && !config.ethEnabled()) {
      throw new IllegalArgumentException("both dialects are disabled (gateway.near.enabled, gateway.eth.enabled)");
    }
    this.config = config;
    this.nearFeed = config.nearEnabled() ? new NearFeed(config.bootstrapServers(), config.nearTopic(),
        config.nearNetwork(), config.nearHistoryBlocks(), config.nearHistoryEvents(), config.nearMaxTopicResumes())
        : null;
    this.ethFeed = config.ethEnabled() ? new EthFeed(config.bootstrapServers(), config.eth()) : null;
    this.flowFeed = new FlowFeed(config.bootstrapServers(), config.flow());
    this.limiter = new ConnectionLimiter(config.maxConnectionsPerAddress());
    this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
      final Thread thread = new Thread(runnable, "gateway-timers");
      thread.setDaemon(true);
      return thread;
    });
    this.sendPool = new SendPool(config.sendThreads());
  }

  /** Starts the Kafka feeds and the listener; returns once the port is bound. */
  public GatewayServer start() throws IOException {
    if (nearFeed != null) {
      nearFeed.start();
    }
    if (ethFeed != null) {
      ethFeed.start();
    }
    flowFeed.start();
    // Tyrus must be able to buffer a maximal message; the endpoints enforce their limits with 1009.
    long buffer = config.nearEnabled() ? config.maxMessageBytes() * 4L + 1024 : 0;
    if (config.ethEnabled()) {
      final long readLimit = config.eth().readLimitBytes();
      buffer = Math.max(buffer, readLimit + Math.max(readLimit / 8, 64 * 1024));
    }
    container = new TyrusContainer(CONTEXT, (int) Math.min(Integer.MAX_VALUE - 1024, buffer));
    final List<String> paths = new ArrayList<>();
    try {
      if (nearFeed != null) {
        container.addEndpoint(new NearEndpoint(nearFeed, config, limiter, timers, sendPool).endpointConfig());
        paths.add("NEAR events " + NearEndpoint.PATH);
      }
      if (ethFeed != null) {
        ethEndpoint = new EthEndpoint(ethFeed, limiter, timers, sendPool);
        container.addEndpoint(ethEndpoint.endpointConfig(EthEndpoint.PATH));
        if (nearFeed == null) {
          container.addEndpoint(ethEndpoint.endpointConfig("/"));
        }
        paths.add("Ethereum JSON-RPC " + EthEndpoint.PATH + (nearFeed == null ? " and /" : ""));
      }
      container.addEndpoint(new FlowEndpoint(flowFeed, config, limiter, timers, sendPool).endpointConfig());
      paths.add("Flow stream " + FlowEndpoint.PATH);
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
    LOG.info("gateway listening on ws://{}:{} ({})", config.host(), port, String.join(", ", paths));
    return this;
  }

  /** The bound port (the chosen one when configured with 0). */
  public int port() {
    return port;
  }

  public String host() {
    return config.host();
  }

  /** The NEAR feed, or null when that dialect is disabled. */
  public NearFeed nearFeed() {
    return nearFeed;
  }

  /** The Ethereum feed, or null when that dialect is disabled. */
  public EthFeed ethFeed() {
    return ethFeed;
  }

  public FlowFeed flowFeed() {
    return flowFeed;
  }

  /** Waits until every feed has loaded its retained history. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    final long deadline = System.nanoTime() + timeout.toNanos();
    if (nearFeed != null && !nearFeed.awaitCaughtUp(timeout)) {
      return false;
    }
    if (ethFeed != null && !ethFeed.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
      return false;
    }
    return flowFeed.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  private boolean ready() {
    return (nearFeed == null || nearFeed.isCaughtUp()) && (ethFeed == null || ethFeed.isCaughtUp())
        && flowFeed.isCaughtUp();
  }

  @Override
  public void close() throws InterruptedException {
    if (ethEndpoint != null) {
      ethEndpoint.closeAll(); // 1000, as geth on shutdown
    }
    if (container != null) {
      container.stop();
    }
    if (http != null) {
      http.shutdownNow();
    }
    if (nearFeed != null) {
      nearFeed.close();
    }
    if (ethFeed != null) {
      ethFeed.close();
    }
    flowFeed.close();
    timers.shutdownNow();
    sendPool.close();
  }

  /** GET /health: 200 once every feed's history is loaded, 503 before. */
  private final class HealthHandler extends HttpHandler {
    @Override
    public void service(Request request, Response response) throws IOException {
      final boolean ready = ready();
      final StringBuilder body = new StringBuilder(256);
      body.append("{\"status\":\"").append(ready ? "UP" : "STARTING").append('"');
      if (nearFeed != null) {
        body.append(",\"near\":{\"blocks_seen\":").append(nearFeed.blocksSeen()).append(",\"connections\":")
            .append(limiter.total()).append('}');
      }
      if (ethFeed != null) {
        body.append(",\"eth\":{\"updates_seen\":").append(ethFeed.updatesSeen())
            .append(",\"head\":").append(ethFeed.head())
            .append(",\"connections\":").append(ethEndpoint == null ? 0 : ethEndpoint.connections())
            .append(",\"subscriptions\":").append(ethFeed.subscriptionCount())
            .append(",\"slow_clients_closed\":").append(ethEndpoint == null ? 0 : ethEndpoint.slowClientsClosed())
            .append('}');
      }
      body.append(",\"flow\":{\"updates_seen\":").append(flowFeed.updatesSeen()).append('}');
      body.append('}');
      response.setStatus(ready ? 200 : 503);
      response.setContentType("application/json;charset=UTF-8");
      final byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }
}
