package dev.blockwire.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code blockwire broker}: only the embedded single-node KRaft broker, with Blockwire's topics. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run the embedded single-node Kafka broker (KRaft) on 127.0.0.1 with Blockwire's topics.")
final class BrokerCommand implements Callable<Integer> {

  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
      description = "Folder of the broker's data (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Override
  public Integer call() throws Exception {
    final Shutdown shutdown = new Shutdown();
    final EmbeddedKafkaBroker broker = shutdown.register(EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, 0));
    TopicAdmin.ensureTopics(broker.bootstrapServers(), Topics.all(), (short) 1);
    System.out.printf("Kafka broker on %s (data in %s). Ctrl-C stops.%n", broker.bootstrapServers(),
        dataDir.resolve("kafka").toAbsolutePath());
    shutdown.awaitStop();
    return 0;
  }
}
