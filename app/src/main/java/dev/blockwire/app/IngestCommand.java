package dev.blockwire.app;

import java.util.concurrent.Callable;

import dev.blockwire.config.Config;
import dev.blockwire.gateway.Json;
import dev.blockwire.ingest.fixture.FixtureSource;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code blockwire ingest}: sources that write raw chain records to Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Write raw chain records to Kafka.",
    subcommands = {IngestCommand.Fixture.class})
final class IngestCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code blockwire ingest fixture}: replays the committed NEAR fixture chain. */
  @Command(name = "fixture", mixinStandardHelpOptions = true,
      description = "Replay the NEAR fixture blocks to near.blocks.raw at a steady pace, resuming after the last block written.")
  static final class Fixture implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--blocks-per-second", description = "Pace (default: 1; 0 = as fast as possible).")
    Double blocksPerSecond;

    @Option(names = "--file", description = "JSON Lines fixture of neardata blocks (default: the built-in one).")
    String file;

    @Option(names = "--once", description = "Stop after one pass instead of looping.")
    boolean once;

    @Override
    public Integer call() throws Exception {
      Config config = kafka.config();
      if (blocksPerSecond != null) {
        config = config.with(FixtureSourceConfig.BLOCKS_PER_SECOND.name(), Double.toString(blocksPerSecond));
      }
      if (file != null) {
        config = config.with(FixtureSourceConfig.PATH.name(), file);
      }
      if (once) {
        config = config.with(FixtureSourceConfig.LOOP.name(), "false");
      }
      final Shutdown shutdown = new Shutdown();
      final FixtureSource source = shutdown.register(new FixtureSource(FixtureSourceConfig.from(config), Json.MAPPER));
      source.start();
      System.out.println("fixture source started; Ctrl-C stops.");
      while (source.isRunning()) {
        source.awaitStopped(java.time.Duration.ofSeconds(1));
      }
      shutdown.closeNow();
      return source.failure().isPresent() ? 1 : 0;
    }
  }
}
