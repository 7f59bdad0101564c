package dev.blockwire.bench.suite;

import java.nio.file.Path;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.schemas.Topics;

/** Child JVM: the embedded broker with Blockwire's topics. Args: data folder, port. Prints {@code READY host:port}. */
public final class BrokerMain {

  public static void main(String[] args) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of(args[0]), Integer.parseInt(args[1]), 0)) {
      TopicAdmin.ensureTopics(broker.bootstrapServers(), Topics.all(), (short) 1);
      System.out.println("READY " + broker.bootstrapServers());
      Commands.serve(command -> System.out.println("unknown command " + command));
    }
    System.exit(0);
  }

  private BrokerMain() {}
}
