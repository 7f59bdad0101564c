package dev.blockwire.app;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.ingest.load.LoadChains;
import dev.blockwire.ingest.load.LoadGenerator;
import dev.blockwire.ingest.load.LoadProfile;
import dev.blockwire.ingest.load.SyntheticChain;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code blockwire ingest load}: a synthetic chain at a given rate, deterministic from a seed. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Write a synthetic NEAR, Ethereum or Flow chain (realistic events, Ethereum reorgs) to its raw topic at a"
        + " given rate, deterministic from a seed; blocks are stamped with the wall clock at emission.")
final class LoadCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--chain", required = true, description = "near, eth or flow.")
  String chain;

  @Option(names = "--network", description = "Network name (default: near-mainnet, eth-mainnet or flow-mainnet).")
  String network;

  @Option(names = "--blocks-per-second", defaultValue = "1",
      description = "Blocks per second (default: ${DEFAULT-VALUE}; 0 = as fast as possible).")
  double blocksPerSecond;

  @Option(names = "--events-per-block", defaultValue = "100",
      description = "Mean events per block: NEP-297 event lines (NEAR), logs (Ethereum) or events of a sealed block (Flow)"
          + " (default: ${DEFAULT-VALUE}).")
  int eventsPerBlock;

  @Option(names = "--reorg-every", defaultValue = "0",
      description = "Ethereum: new heights between two reorgs (default: ${DEFAULT-VALUE} = never).")
  int reorgEvery;

  @Option(names = "--reorg-depth", defaultValue = "1",
      description = "Ethereum: blocks each reorg replaces, below --reorg-every (default: ${DEFAULT-VALUE}).")
  int reorgDepth;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the chain (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--blocks", defaultValue = "0",
      description = "Block records to write, orphaned ones included (default: ${DEFAULT-VALUE} = until Ctrl-C).")
  long blocks;

  @Override
  public Integer call() throws Exception {
    final LoadChains kind = LoadChains.of(chain);
    final LoadProfile profile = new LoadProfile(network == null ? kind.defaultNetwork() : network, blocksPerSecond,
        eventsPerBlock, reorgEvery, reorgEvery == 0 ? 0 : reorgDepth, seed, blocks);
    final String servers = kafka.config().raw(ProcessorConfig.BOOTSTRAP_SERVERS);
    TopicAdmin.ensureTopics(servers, Topics.all(), (short) 1);
    final SyntheticChain<?> synthetic = kind.create(profile);
    final Shutdown shutdown = new Shutdown();
    final LoadGenerator<?> generator = shutdown.register(LoadGenerator.create(servers, synthetic, profile));
    final long start = System.nanoTime();
    generator.start();
    System.out.printf("load generator writing %s to %s%s; Ctrl-C stops.%n", profile.network(), synthetic.topic(),
        profile.blocks() == 0 ? "" : " (" + profile.blocks() + " blocks)");
    while (!generator.awaitDone(Duration.ofSeconds(5))) {
      report(generator, start);
    }
    report(generator, start);
    shutdown.closeNow();
    return generator.failure().isPresent() ? 1 : 0;
  }

  private static void report(LoadGenerator<?> generator, long start) {
    final double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    System.out.printf("%d blocks (%.1f/s), %d events (%.0f/s), %.1f MB acknowledged%n", generator.blocksAcked(),
        generator.blocksAcked() / seconds, generator.eventsSent(), generator.eventsSent() / seconds,
        generator.bytesAcked() / 1e6);
  }
}
