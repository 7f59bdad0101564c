package dev.blockwire.app;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.blockwire.gateway.Json;
import dev.blockwire.ingest.eth.EthFixtureChain;
import dev.blockwire.ingest.fixture.FixtureChain;
import dev.blockwire.ingest.fixture.FixtureSource;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code blockwire ingest}: sources that write raw chain records to Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Write raw chain records to Kafka.",
    subcommands = {IngestCommand.Fixture.class, IngestCommand.EthFixture.class, LoadCommand.class})
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

    @Mixin
    FixtureOptions options;

    @Override
    public Integer call() throws Exception {
      final FixtureSourceConfig config = FixtureSourceConfig.NEAR.from(
          options.apply(kafka.config(), FixtureSourceConfig.NEAR));
      return replay(new FixtureSource<>(config, FixtureChain.load(config, Json.MAPPER)));
    }
  }

  /** {@code blockwire ingest eth-fixture}: replays the committed Ethereum fixture chain, reorgs included. */
  @Command(name = "eth-fixture", mixinStandardHelpOptions = true,
      description = "Replay the Ethereum fixture blocks (orphaned branches included) to eth.blocks.raw at a steady"
          + " pace, resuming after the last block written.")
  static final class EthFixture implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    FixtureOptions options;

    @Override
    public Integer call() throws Exception {
      final FixtureSourceConfig config = FixtureSourceConfig.ETH.from(
          options.apply(kafka.config(), FixtureSourceConfig.ETH));
      return replay(new FixtureSource<>(config, EthFixtureChain.load(config, Json.MAPPER)));
    }
  }

  /** Runs a source until Ctrl-C, the end of the fixture (--once) or a failure; exit code 1 on failure. */
  private static int replay(FixtureSource<?> created) throws InterruptedException {
    final Shutdown shutdown = new Shutdown();
    final FixtureSource<?> source = shutdown.register(created);
    source.start();
    System.out.println("fixture source started; Ctrl-C stops.");
    while (source.isRunning()) {
      source.awaitStopped(Duration.ofSeconds(1));
    }
    shutdown.closeNow();
    return source.failure().isPresent() ? 1 : 0;
  }
}
