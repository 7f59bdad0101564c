package dev.blockwire.app;

import java.nio.file.Path;
import java.time.Duration;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.config.Config;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.GatewayServer;
import dev.blockwire.gateway.Json;
import dev.blockwire.ingest.eth.EthFixtureChain;
import dev.blockwire.ingest.eth.node.EthNodeConfig;
import dev.blockwire.ingest.eth.node.EthNodeSource;
import dev.blockwire.ingest.fixture.FixtureChain;
import dev.blockwire.ingest.fixture.FixtureSource;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.ingest.flow.FlowFixture;
import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.near.NearBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM: an embedded broker (unless an external cluster is configured),
 * the topics, the processor, the gateway and the sources (the NEAR, Ethereum and Flow fixtures, and
 * an Ethereum node source following a real node; each switchable). What {@code blockwire run}
 * starts, and what the end-to-end tests start.
 */
public final class LocalStack implements AutoCloseable {

  /**
   * Which sources to start.
   *
   * @param near the NEAR fixture source ({@code ingest.fixture.*}, writing {@code near.blocks.raw})
   * @param eth the Ethereum fixture source ({@code ingest.eth-fixture.*}, writing {@code eth.blocks.raw})
   * @param flow the Flow fixture source ({@code ingest.flow.*}, writing {@code flow.blocks.raw})
   * @param ethNode the Ethereum node source ({@code ingest.eth.*}: follows {@code ingest.eth.rpc-url},
   *     writing {@code eth.blocks.raw})
   */
  public record Sources(boolean near, boolean eth, boolean flow, boolean ethNode) {
    /** Every fixture source: what {@code blockwire run} starts by default. */
    public static final Sources ALL = new Sources(true, true, true, false);
    public static final Sources NONE = new Sources(false, false, false, false);
    public static final Sources NEAR_ONLY = new Sources(true, false, false, false);
    public static final Sources ETH_ONLY = new Sources(false, true, false, false);
    public static final Sources FLOW_ONLY = new Sources(false, false, true, false);
    /** Only the Ethereum node source. */
    public static final Sources ETH_NODE_ONLY = new Sources(false, false, false, true);
  }

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration READY = Duration.ofSeconds(120);

  private EmbeddedKafkaBroker broker;
  private BlockwireProcessor processor;
  private GatewayServer gateway;
  private FixtureSource<NearBlock> nearSource;
  private FixtureSource<EthBlock> ethSource;
  private FixtureSource<FlowBlock> flowSource;
  private EthNodeSource ethNodeSource;
  private String bootstrapServers;
  /** The settings every part was started with (for restarts). */
  private Config settings;

  /**
   * Starts every part and returns when the gateway serves.
   *
   * @param config layered settings; {@code kafka.bootstrap.servers} is ignored when {@code embedded}
   * @param embedded start an embedded broker with its data under {@code dataDir}/kafka
   * @param kafkaPort the embedded broker's port (0 picks one)
   * @param sources the fixture sources to start
   */
  public static LocalStack start(Config config, boolean embedded, Path dataDir, int kafkaPort, Sources sources)
      throws Exception {
    final LocalStack stack = new LocalStack();
    try {
      stack.startParts(config, embedded, dataDir, kafkaPort, sources);
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startParts(Config config, boolean embedded, Path dataDir, int kafkaPort, Sources sources)
      throws Exception {
    Config effective = config.with(ProcessorConfig.STATE_DIR.name(), dataDir.resolve("processor-state").toString());
    if (sources.eth() && sources.ethNode()
        && FixtureSourceConfig.ETH.from(effective).network().equals(EthNodeConfig.from(effective).network())) {
      throw new IllegalArgumentException("the Ethereum fixture source and the Ethereum node source would both write "
          + EthNodeConfig.from(effective).network() + " to eth.blocks.raw: start one of them, or give them"
          + " different networks");
    }
    if (embedded) {
      broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, 0);
      effective = effective.with(KafkaOptions.BOOTSTRAP, broker.bootstrapServers());
    }
    bootstrapServers = effective.raw(ProcessorConfig.BOOTSTRAP_SERVERS);
    settings = effective;
    final ProcessorConfig processorConfig = ProcessorConfig.from(effective);
    TopicAdmin.ensureTopics(bootstrapServers, Topics.all(), (short) processorConfig.replicationFactor());
    processor = new BlockwireProcessor(processorConfig);
    processor.start();
    gateway = new GatewayServer(GatewayConfig.from(effective)).start();
    if (sources.near()) {
      final FixtureSourceConfig near = FixtureSourceConfig.NEAR.from(effective);
      nearSource = new FixtureSource<>(near, FixtureChain.load(near, Json.MAPPER));
      nearSource.start();
    }
    if (sources.eth()) {
      final FixtureSourceConfig eth = FixtureSourceConfig.ETH.from(effective);
      ethSource = new FixtureSource<>(eth, EthFixtureChain.load(eth, Json.MAPPER));
      ethSource.start();
    }
    if (sources.flow()) {
      final FixtureSourceConfig flow = FixtureSourceConfig.FLOW.from(effective);
      flowSource = new FixtureSource<>(flow, FlowFixture.load(flow, Json.MAPPER));
      flowSource.start();
    }
    if (sources.ethNode()) {
      ethNodeSource = new EthNodeSource(EthNodeConfig.from(effective), Json.MAPPER);
      ethNodeSource.start();
    }
    if (!processor.awaitRunning(READY)) {
      throw new IllegalStateException("the processor did not reach RUNNING within " + READY);
    }
    if (!gateway.awaitReady(READY)) {
      throw new IllegalStateException("the gateway did not load its history within " + READY);
    }
    LOG.info("Blockwire is up: Kafka {}, gateway ws://{}:{}", bootstrapServers, gateway.host(), gateway.port());
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public GatewayServer gateway() {
    return gateway;
  }

  public BlockwireProcessor processor() {
    return processor;
  }

  /**
   * Closes the processor (it commits what it processed and leaves the group) and starts a new one
   * with the same settings and state directory; returns when it runs. The sources keep writing.
   */
  public void restartProcessor() throws InterruptedException {
    processor.close();
    processor = new BlockwireProcessor(ProcessorConfig.from(settings));
    processor.start();
    if (!processor.awaitRunning(READY)) {
      throw new IllegalStateException("the restarted processor did not reach RUNNING within " + READY);
    }
  }

  /**
   * Closes the gateway (its connections close) and starts a new one with the same settings;
   * returns when it has loaded its history. With {@code gateway.port} 0 the port changes.
   */
  public void restartGateway() throws Exception {
    gateway.close();
    gateway = new GatewayServer(GatewayConfig.from(settings)).start();
    if (!gateway.awaitReady(READY)) {
      throw new IllegalStateException("the restarted gateway did not load its history within " + READY);
    }
  }

  /** The NEAR fixture source, or null when started without it. */
  public FixtureSource<NearBlock> nearSource() {
    return nearSource;
  }

  /** The Ethereum fixture source, or null when started without it. */
  public FixtureSource<EthBlock> ethSource() {
    return ethSource;
  }

  /** The Ethereum node source, or null when started without it. */
  public EthNodeSource ethNodeSource() {
    return ethNodeSource;
  }

  /** The gateway's websocket base URL, {@code ws://host:port} (append {@code /ws} or {@code /eth}). */
  public String websocketUrl() {
    return "ws://" + gateway.host() + ":" + gateway.port();
  }

  /** The Flow fixture source, or null when started without it. */
  public FixtureSource<FlowBlock> flowSource() {
    return flowSource;
  }

  @Override
  public void close() throws Exception {
    if (flowSource != null) {
      flowSource.close();
    }
    if (ethNodeSource != null) {
      ethNodeSource.close();
    }
    if (nearSource != null) {
      nearSource.close();
    }
    if (ethSource != null) {
      ethSource.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (processor != null) {
      processor.close();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
