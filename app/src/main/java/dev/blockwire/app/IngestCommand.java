package dev.blockwire.app;

import java.util.concurrent.Callable;

import dev.blockwire.config.Config;
import dev.blockwire.gateway.Json;
import dev.blockwire.ingest.fixture.FixtureSource;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.ingest.flow.FlowFixtureSource;
import dev.blockwire.ingest.flow.FlowFixtureSourceConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code blockwire ingest}: sources that write raw chain records to Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Write raw chain records to Kafka.",
    subcommands = {IngestCommand.Fixture.class, IngestCommand.FlowFixture.class})
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

  /** {@code blockwire ingest flow-fixture}: replays the committed Flow fixture chain once. */
  @Command(name = "flow-fixture", mixinStandardHelpOptions = true,
      description = "Replay the Flow fixture (blocks finalized, then sealed, with events and transaction results) to "
          + "flow.blocks.raw, resuming after the last record written.")
  static final class FlowFixture implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--records-per-second", description = "Pace (default: 4; 0 = as fast as possible).")
    Double recordsPerSecond;

    @Option(names = "--file", description = "JSON Lines Flow fixture (default: the built-in one).")
    String file;

    @Override
    public Integer call() throws Exception {
      Config config = kafka.config();
      if (recordsPerSecond != null) {
        config = config.with(FlowFixtureSourceConfig.RECORDS_PER_SECOND.name(), Double.toString(recordsPerSecond));
      }
      if (file != null) {
        config = config.with(FlowFixtureSourceConfig.PATH.name(), file);
      }
      final Shutdown shutdown = new Shutdown();
      final FlowFixtureSource source = shutdown.register(
          new FlowFixtureSource(FlowFixtureSourceConfig.from(config), Json.MAPPER));
      source.start();
      System.out.println("Flow fixture source started; Ctrl-C stops.");
      while (source.isRunning()) {
        source.awaitStopped(java.time.Duration.ofSeconds(1));
      }
      shutdown.closeNow();
      return source.failure().isPresent() ? 1 : 0;
    }
  }
}
