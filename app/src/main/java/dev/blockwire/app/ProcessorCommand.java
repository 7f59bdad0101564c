package dev.blockwire.app;

import java.util.concurrent.Callable;

import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code blockwire processor}: only the Kafka Streams processor, against any cluster. */
@Command(name = "processor", mixinStandardHelpOptions = true,
    description = "Run the Kafka Streams processor (exactly_once_v2) against a Kafka cluster.")
final class ProcessorCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Override
  public Integer call() throws Exception {
    final Shutdown shutdown = new Shutdown();
    final BlockwireProcessor processor = shutdown.register(new BlockwireProcessor(ProcessorConfig.from(kafka.config())));
    processor.start();
    System.out.println("processor started; Ctrl-C stops.");
    shutdown.awaitStop();
    return 0;
  }
}
