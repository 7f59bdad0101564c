package dev.blockwire.app;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.blockwire.config.Config;
import dev.blockwire.gateway.Json;
import dev.blockwire.ingest.near.source.NearSource;
import dev.blockwire.ingest.near.source.NearSourceConfig;
import dev.blockwire.ingest.near.source.NearSourceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code blockwire ingest near}: follows the NEAR chain from a neardata-shaped service or a folder of
 * NEAR Lake / neardata files. Exit code 0 when a backfill completes or on Ctrl-C, 1 when the source
 * stopped on an error (a retrying source, down or at a gap, keeps running and reports).
 */
@Command(name = "near", mixinStandardHelpOptions = true,
    description = "Follow NEAR from a neardata-shaped service (--url) or a folder of NEAR Lake or neardata block files"
        + " (--folder) and write every final block to near.blocks.raw in height order, recording skipped heights;"
        + " resume after the last block written, or backfill a range.")
final class IngestNearCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--url", paramLabel = "URL",
      description = "neardata-shaped service, e.g. https://mainnet.neardata.xyz (default: ingest.near.url).")
  String url;

  @Option(names = "--folder", paramLabel = "DIR",
      description = "Folder of NEAR Lake blocks (000188102380/block.json, shard_N.json) or neardata files"
          + " (188102380.json) (default: ingest.near.folder).")
  String folder;

  @Option(names = "--network", description = "Network name written in keys and blocks (default: near-mainnet).")
  String network;

  @Option(names = "--start-height", paramLabel = "N",
      description = "Start at this height (when past the last block written), then follow unless --end-height.")
  String startHeight;

  @Option(names = "--end-height", paramLabel = "M", description = "Stop once every height up to M is handled.")
  String endHeight;

  @Option(names = "--poll-interval-ms", paramLabel = "MS", description = "Wait between looks at the head (default: 500).")
  Long pollIntervalMs;

  @Option(names = "--concurrency", paramLabel = "N", description = "Blocks fetched ahead while catching up (default: 8).")
  Integer concurrency;

  @Override
  public Integer call() throws Exception {
    Config config = kafka.config();
    config = set(config, NearSourceConfig.URL.name(), url);
    config = set(config, NearSourceConfig.FOLDER.name(), folder);
    config = set(config, NearSourceConfig.NETWORK.name(), network);
    config = set(config, NearSourceConfig.START_HEIGHT.name(), startHeight);
    config = set(config, NearSourceConfig.END_HEIGHT.name(), endHeight);
    config = set(config, NearSourceConfig.POLL_INTERVAL_MS.name(), pollIntervalMs == null ? null : pollIntervalMs.toString());
    config = set(config, NearSourceConfig.CONCURRENCY.name(), concurrency == null ? null : concurrency.toString());
    final NearSourceConfig settings = NearSourceConfig.from(config);
    final Shutdown shutdown = new Shutdown();
    final NearSource source = shutdown.register(new NearSource(settings, Json.MAPPER));
    source.start();
    System.out.println("NEAR source reading " + settings.describeSource() + " into " + settings.topic() + " ("
        + settings.network() + ")" + (settings.endHeight().isPresent() ? " up to height "
        + settings.endHeight().getAsLong() : "") + "; Ctrl-C stops.");
    while (source.isRunning()) {
      source.awaitStopped(Duration.ofSeconds(1));
    }
    shutdown.closeNow();
    System.out.println("NEAR source stopped: " + source.blocksWritten() + " blocks written, " + source.skippedHeights()
        + " skipped heights recorded, last height " + source.lastWrittenHeight()
        + source.failure().map(e -> "; " + e.getMessage()).orElse(""));
    return source.failure().filter(NearSourceException.class::isInstance).isPresent() ? 1 : 0;
  }

  private static Config set(Config config, String name, String value) {
    return value == null ? config : config.with(name, value);
  }
}
