package dev.blockwire.ingest.flow;

import java.util.List;

import dev.blockwire.config.Config;
import dev.blockwire.config.Setting;
import dev.blockwire.schemas.Topics;

/**
 * Settings of a {@link FlowFixtureSource}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic the raw Flow topic written
 * @param network the network written in keys and blocks (its chain id is what fcl sees)
 * @param fixturePath a JSON Lines fixture file, or "" for the built-in Flow mainnet fixture
 * @param recordsPerSecond pace (finalized and sealed records each count); 0 writes as fast as possible
 */
public record FlowFixtureSourceConfig(String bootstrapServers, String topic, String network, String fixturePath,
    double recordsPerSecond) {

  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("kafka.bootstrap.servers",
      "127.0.0.1:9092", "Kafka bootstrap servers the fixture source writes to");
  public static final Setting<String> TOPIC = Setting.string("ingest.flow.topic", Topics.FLOW_BLOCKS_RAW,
      "Raw Flow block topic the Flow fixture source writes");
  public static final Setting<String> NETWORK = Setting.string("ingest.flow.network", "flow-mainnet",
      "Flow network name written in every key and block");
  public static final Setting<String> PATH = Setting.string("ingest.flow.path", "",
      "JSON Lines Flow fixture (one block status change per line); empty for the built-in Flow mainnet fixture");
  public static final Setting<Double> RECORDS_PER_SECOND = new Setting<>("ingest.flow.records-per-second", "4.0",
      "Flow fixture records (finalized or sealed block) written per second; 0 writes as fast as possible",
      FlowFixtureSourceConfig::parseRate);

  public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, TOPIC, NETWORK, PATH, RECORDS_PER_SECOND);

  public FlowFixtureSourceConfig {
    if (bootstrapServers.isBlank() || topic.isBlank() || network.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers, topic and network must not be blank");
    }
    if (!(recordsPerSecond >= 0) || Double.isInfinite(recordsPerSecond)) {
      throw new IllegalArgumentException("recordsPerSecond must be a finite number >= 0: " + recordsPerSecond);
    }
  }

  public static FlowFixtureSourceConfig from(Config config) {
    config.validate(ALL);
    return new FlowFixtureSourceConfig(config.get(BOOTSTRAP_SERVERS), config.get(TOPIC), config.get(NETWORK),
        config.get(PATH), config.get(RECORDS_PER_SECOND));
  }

  public FlowFixtureSourceConfig withRecordsPerSecond(double value) {
    return new FlowFixtureSourceConfig(bootstrapServers, topic, network, fixturePath, value);
  }

  private static Double parseRate(String text) {
    final double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: \"" + text + "\"");
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(text.trim() + " is not a finite number >= 0");
    }
    return value;
  }
}
