package dev.blockwire.app;

import java.util.concurrent.Callable;

import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code blockwire topics}: creates Blockwire's topics on a cluster (existing ones are kept). */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create Blockwire's topics with their partition counts on a Kafka cluster.")
final class TopicsCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor (default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Override
  public Integer call() {
    final String servers = kafka.config().raw(dev.blockwire.processor.ProcessorConfig.BOOTSTRAP_SERVERS);
    TopicAdmin.ensureTopics(servers, Topics.all(), replicationFactor);
    Topics.all().forEach(spec -> System.out.printf("%s (%d partitions)%n", spec.name(), spec.partitions()));
    return 0;
  }
}
