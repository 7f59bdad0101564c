package dev.blockwire.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import dev.blockwire.config.Config;
import picocli.CommandLine.Option;

/** Options every part shares: a properties file and the Kafka cluster. */
final class KafkaOptions {

  /** Setting shared by every part that talks to Kafka (env BLOCKWIRE_KAFKA_BOOTSTRAP_SERVERS). */
  static final String BOOTSTRAP = "kafka.bootstrap.servers";

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file; environment variables BLOCKWIRE_* override it, options override both.")
  Path configFile;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
      description = "Kafka cluster to use (default: kafka.bootstrap.servers, else 127.0.0.1:9092).")
  String bootstrapServers;

  /** The layered configuration: defaults, file, environment, then these options. */
  Config config() {
    Config config = Config.fromEnvironment();
    if (configFile != null) {
      try {
        config = config.withFile(configFile);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + configFile, e);
      }
    }
    return bootstrapServers == null ? config : config.with(BOOTSTRAP, bootstrapServers);
  }
}
