package dev.blockwire.app;

import java.nio.file.Path;
import java.time.Duration;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.config.Config;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.GatewayServer;
import dev.blockwire.gateway.Json;
import dev.blockwire.ingest.fixture.FixtureSource;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.ingest.flow.FlowFixtureSource;
import dev.blockwire.ingest.flow.FlowFixtureSourceConfig;
import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one JVM: an embedded broker (unless an external cluster is configured),
 * the topics, the processor, the gateway and the NEAR and Flow fixture sources. What {@code blockwire run}
 * starts, and what the end-to-end tests start.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration READY = Duration.ofSeconds(120);

  private EmbeddedKafkaBroker broker;
  private BlockwireProcessor processor;
  private GatewayServer gateway;
  private FixtureSource source;
  private FlowFixtureSource flowSource;
  private String bootstrapServers;

  /**
   * Starts every part and returns when the gateway serves.
   *
   * @param config layered settings; {@code kafka.bootstrap.servers} is ignored when {@code embedded}
   * @param embedded start an embedded broker with its data under {@code dataDir}/kafka
   * @param kafkaPort the embedded broker's port (0 picks one)
   * @param withSource start the fixture source
   */
  public static LocalStack start(Config config, boolean embedded, Path dataDir, int kafkaPort, boolean withSource)
      throws Exception {
    final LocalStack stack = new LocalStack();
    try {
      stack.startParts(config, embedded, dataDir, kafkaPort, withSource);
      return stack;
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startParts(Config config, boolean embedded, Path dataDir, int kafkaPort, boolean withSource)
      throws Exception {
    Config effective = config.with(ProcessorConfig.STATE_DIR.name(), dataDir.resolve("processor-state").toString());
    if (embedded) {
      broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, 0);
      effective = effective.with(KafkaOptions.BOOTSTRAP, broker.bootstrapServers());
    }
    bootstrapServers = effective.raw(ProcessorConfig.BOOTSTRAP_SERVERS);
    final ProcessorConfig processorConfig = ProcessorConfig.from(effective);
    TopicAdmin.ensureTopics(bootstrapServers, Topics.all(), (short) processorConfig.replicationFactor());
    processor = new BlockwireProcessor(processorConfig);
    processor.start();
    gateway = new GatewayServer(GatewayConfig.from(effective)).start();
    if (withSource) {
      source = new FixtureSource(FixtureSourceConfig.from(effective), Json.MAPPER);
      source.start();
      flowSource = new FlowFixtureSource(FlowFixtureSourceConfig.from(effective), Json.MAPPER);
      flowSource.start();
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

  /** The fixture source, or null when started without one. */
  public FixtureSource source() {
    return source;
  }

  /** The Flow fixture source, or null when started without sources. */
  public FlowFixtureSource flowSource() {
    return flowSource;
  }

  @Override
  public void close() throws Exception {
    if (flowSource != null) {
      flowSource.close();
    }
    if (source != null) {
      source.close();
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
