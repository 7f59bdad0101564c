package dev.blockwire.gateway;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.config.Config;
import dev.blockwire.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What a gateway integration test class runs on: one embedded broker with every topic, a producer
 * for the records the test writes, and the gateways the class starts for all its tests. {@link
 * #close} stops the gateways, then the producer, then the broker.
 */
public final class BrokerAndGateways implements AutoCloseable {

  private final EmbeddedKafkaBroker broker;
  private final KafkaProducer<byte[], byte[]> producer;
  private final List<GatewayServer> gateways = new ArrayList<>();

  private BrokerAndGateways(EmbeddedKafkaBroker broker, KafkaProducer<byte[], byte[]> producer) {
    this.broker = broker;
    this.producer = producer;
  }

  /** Starts a broker with its data under {@code dataDir}/kafka and creates every topic. */
  public static BrokerAndGateways start(Path dataDir) throws Exception {
    final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"));
    try {
      TopicAdmin.ensureTopics(broker.bootstrapServers(), Topics.all(), (short) 1);
      final Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      return new BrokerAndGateways(broker,
          new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()));
    } catch (Exception | Error e) {
      broker.close();
      throw e;
    }
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public KafkaProducer<byte[], byte[]> producer() {
    return producer;
  }

  /** The defaults with a free port and this broker. */
  public Config config() {
    return Config.defaults().with("gateway.port", "0").with("kafka.bootstrap.servers", bootstrapServers());
  }

  /** Starts a gateway that {@link #close} stops (wait for it with {@link GatewayServer#awaitReady}). */
  public GatewayServer gateway(Config config) throws Exception {
    final GatewayServer gateway = new GatewayServer(GatewayConfig.from(config)).start();
    gateways.add(gateway);
    return gateway;
  }

  @Override
  public void close() throws Exception {
    for (GatewayServer gateway : gateways) {
      gateway.close();
    }
    producer.close();
    broker.close();
  }
}
