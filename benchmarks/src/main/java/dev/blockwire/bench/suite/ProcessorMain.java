package dev.blockwire.bench.suite;

import java.nio.file.Path;
import java.time.Duration;

import dev.blockwire.config.Config;
import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;

/**
 * Child JVM: the processor (exactly_once_v2). Args: bootstrap servers, application id, state
 * folder, commit interval ms. Prints {@code RUNNING} once Kafka Streams runs.
 */
public final class ProcessorMain {

  public static void main(String[] args) throws Exception {
    final Config config = Config.defaults()
        .with(ProcessorConfig.BOOTSTRAP_SERVERS.name(), args[0])
        .with(ProcessorConfig.APPLICATION_ID.name(), args[1])
        .with(ProcessorConfig.STATE_DIR.name(), Path.of(args[2]).toString())
        .with(ProcessorConfig.COMMIT_INTERVAL_MS.name(), args[3]);
    try (BlockwireProcessor processor = new BlockwireProcessor(ProcessorConfig.from(config))) {
      processor.start();
      if (!processor.awaitRunning(Duration.ofSeconds(120))) {
        throw new IllegalStateException("the processor did not run within 120 s");
      }
      System.out.println("RUNNING");
      Commands.serve(command -> System.out.println("unknown command " + command));
    }
    System.exit(0);
  }

  private ProcessorMain() {}
}
