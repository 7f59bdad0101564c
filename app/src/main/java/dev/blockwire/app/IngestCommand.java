package dev.blockwire.app;

import static dev.blockwire.app.SourceRun.exitCode;
import static dev.blockwire.app.SourceRun.option;
import static dev.blockwire.app.SourceRun.untilStopped;

import java.util.concurrent.Callable;

import dev.blockwire.gateway.Json;
import dev.blockwire.config.Config;
import dev.blockwire.ingest.eth.EthFixtureChain;
import dev.blockwire.ingest.eth.node.EthNodeConfig;
import dev.blockwire.ingest.eth.node.EthNodeSource;
import dev.blockwire.ingest.eth.node.EthNodeSourceException;
import dev.blockwire.ingest.fixture.FixtureChain;
import dev.blockwire.ingest.fixture.FixtureSource;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.ingest.flow.FlowFixture;
import dev.blockwire.ingest.flow.access.FlowAccessConfig;
import dev.blockwire.ingest.flow.access.FlowAccessSource;
import dev.blockwire.ingest.flow.access.FlowAccessSourceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code blockwire ingest}: sources that write raw chain records to Kafka. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Write raw chain records to Kafka.",
    subcommands = {IngestCommand.Fixture.class, IngestCommand.EthFixture.class, IngestCommand.FlowFixtureCommand.class,
        IngestCommand.Eth.class, IngestNearCommand.class, IngestCommand.Flow.class, LoadCommand.class})
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

  /** {@code blockwire ingest eth}: follows a real Ethereum node over JSON-RPC. */
  @Command(name = "eth", mixinStandardHelpOptions = true,
      description = "Follow an Ethereum node over JSON-RPC (ws:// newHeads or http:// polling) and write its blocks"
          + " with their logs to eth.blocks.raw in chain order, reorgs included; resume after the last block written,"
          + " or backfill a range.")
  static final class Eth implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--rpc-url", paramLabel = "URL",
        description = "ws://, wss://, http:// or https:// JSON-RPC endpoint (default: ingest.eth.rpc-url, else"
            + " ws://127.0.0.1:8545).")
    String rpcUrl;

    @Option(names = "--network", description = "Network name written in keys and blocks (default: eth-mainnet).")
    String network;

    @Option(names = "--from-block", paramLabel = "N",
        description = "Backfill from this block (decimal or 0x-hex), then follow the head unless --to-block is given.")
    String fromBlock;

    @Option(names = "--to-block", paramLabel = "M", description = "Stop once this block is written (needs --from-block).")
    String toBlock;

    @Option(names = "--poll-interval-ms", paramLabel = "MS",
        description = "Head polling interval over http, safety poll over ws (default: 1000).")
    Long pollIntervalMs;

    @Override
    public Integer call() throws Exception {
      Config config = kafka.config();
      config = option(config, EthNodeConfig.RPC_URL, rpcUrl);
      config = option(config, EthNodeConfig.NETWORK, network);
      config = option(config, EthNodeConfig.FROM_BLOCK, fromBlock);
      config = option(config, EthNodeConfig.TO_BLOCK, toBlock);
      config = option(config, EthNodeConfig.POLL_INTERVAL_MS, pollIntervalMs);
      final EthNodeConfig settings = EthNodeConfig.from(config);
      final EthNodeSource source = untilStopped(new EthNodeSource(settings, Json.MAPPER),
          "Ethereum node source following " + settings.rpcUrl() + " into " + settings.topic() + " ("
              + settings.network() + ")" + (settings.toBlock().isPresent() ? " up to block "
              + settings.toBlock().getAsLong() : "") + "; Ctrl-C stops.");
      return exitCode(source, EthNodeSourceException.class);
    }
  }

  /** {@code blockwire ingest flow}: follows a Flow access node's REST API. */
  @Command(name = "flow", mixinStandardHelpOptions = true,
      description = "Follow a Flow access node's REST API and write its sealed blocks, with every event and"
          + " transaction result, to flow.blocks.raw in height order; resume after the last block written, or"
          + " backfill a range.")
  static final class Flow implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--url", paramLabel = "URL",
        description = "Access node REST base URL (default: ingest.flow.url, else http://127.0.0.1:8888).")
    String url;

    @Option(names = "--network", description = "Network name written in keys and blocks (default: flow-mainnet).")
    String network;

    @Option(names = "--start-height", paramLabel = "N",
        description = "First sealed height to write (default: after the last block written, else the sealed head).")
    String startHeight;

    @Option(names = "--end-height", paramLabel = "M", description = "Stop once this height is written.")
    String endHeight;

    @Option(names = "--poll-interval-ms", paramLabel = "MS", description = "Sealed head polling interval (default: 1000).")
    Long pollIntervalMs;

    @Override
    public Integer call() throws Exception {
      Config config = kafka.config();
      config = option(config, FlowAccessConfig.URL, url);
      config = option(config, FlowAccessConfig.NETWORK, network);
      config = option(config, FlowAccessConfig.START_HEIGHT, startHeight);
      config = option(config, FlowAccessConfig.END_HEIGHT, endHeight);
      config = option(config, FlowAccessConfig.POLL_INTERVAL_MS, pollIntervalMs);
      final FlowAccessConfig settings = FlowAccessConfig.from(config);
      final FlowAccessSource source = untilStopped(new FlowAccessSource(settings, Json.MAPPER),
          "Flow access node source following " + settings.url() + " into " + settings.topic() + " ("
              + settings.network() + ")" + (settings.endHeight().isPresent() ? " up to height "
              + settings.endHeight().getAsLong() : "") + "; Ctrl-C stops.");
      return exitCode(source, FlowAccessSourceException.class);
    }
  }

  /** Runs a source until Ctrl-C, the end of the fixture (--once) or a failure; exit code 1 on failure. */
  private static int replay(FixtureSource<?> created) throws InterruptedException {
    return exitCode(untilStopped(created, "fixture source started; Ctrl-C stops."), Throwable.class);
  }

  /** {@code blockwire ingest flow-fixture}: replays the committed Flow fixture chain. */
  @Command(name = "flow-fixture", mixinStandardHelpOptions = true,
      description = "Replay the Flow fixture (blocks finalized, then sealed, with events and transaction results) to "
          + "flow.blocks.raw, resuming after the last record written.")
  static final class FlowFixtureCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--records-per-second", description = "Pace (default: 4; 0 = as fast as possible).")
    Double recordsPerSecond;

    @Option(names = "--file", description = "JSON Lines Flow fixture (default: the built-in one).")
    String file;

    @Option(names = "--loop", description = "After the last record, continue the chain with re-derived heights and"
        + " ids (default: stop).")
    boolean loop;

    @Override
    public Integer call() throws Exception {
      final FixtureSourceConfig.Settings settings = FixtureSourceConfig.FLOW;
      Config config = option(kafka.config(), settings.blocksPerSecond(), recordsPerSecond);
      config = option(config, settings.path(), file);
      if (loop) {
        config = config.with(settings.loop().name(), "true");
      }
      final FixtureSourceConfig flow = settings.from(config);
      return replay(new FixtureSource<>(flow, FlowFixture.load(flow, Json.MAPPER)));
    }
  }
}
