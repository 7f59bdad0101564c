package dev.blockwire.app;

import static dev.blockwire.app.SourceRun.exitCode;
import static dev.blockwire.app.SourceRun.option;
import static dev.blockwire.app.SourceRun.untilStopped;

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
    config = option(config, NearSourceConfig.URL, url);
    config = option(config, NearSourceConfig.FOLDER, folder);
    config = option(config, NearSourceConfig.NETWORK, network);
    config = option(config, NearSourceConfig.START_HEIGHT, startHeight);
    config = option(config, NearSourceConfig.END_HEIGHT, endHeight);
    config = option(config, NearSourceConfig.POLL_INTERVAL_MS, pollIntervalMs);
    config = option(config, NearSourceConfig.CONCURRENCY, concurrency);
    final NearSourceConfig settings = NearSourceConfig.from(config);
    final NearSource source = untilStopped(new NearSource(settings, Json.MAPPER), "NEAR source reading "
        + settings.describeSource() + " into " + settings.topic() + " (" + settings.network() + ")"
        + (settings.endHeight().isPresent() ? " up to height " + settings.endHeight().getAsLong() : "")
        + "; Ctrl-C stops.");
    System.out.println("NEAR source stopped: " + source.blocksWritten() + " blocks written, " + source.skippedHeights()
        + " skipped heights recorded, last height " + source.lastWrittenHeight()
        + source.failure().map(e -> "; " + e.getMessage()).orElse(""));
    return exitCode(source, NearSourceException.class);
  }
}
