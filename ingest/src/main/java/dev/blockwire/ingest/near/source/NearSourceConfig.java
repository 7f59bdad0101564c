package dev.blockwire.ingest.near.source;

import static dev.blockwire.ingest.source.SourceSettings.optionalHeight;
import static dev.blockwire.ingest.source.SourceSettings.requireOrdered;
import static dev.blockwire.ingest.source.SourceSettings.requirePositive;
import static dev.blockwire.ingest.source.SourceSettings.requireRetryRange;
import static dev.blockwire.ingest.source.SourceSettings.requireText;
import static dev.blockwire.ingest.source.SourceSettings.throwIfAny;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import dev.blockwire.config.Config;
import dev.blockwire.config.Setting;
import dev.blockwire.ingest.source.SourceSettings;
import dev.blockwire.schemas.Topics;

/**
 * Settings of a {@link NearSource}, under {@code ingest.near.*} (Kafka from the shared
 * {@code kafka.bootstrap.servers}).
 *
 * @param bootstrapServers Kafka bootstrap servers; never blank
 * @param topic the raw block topic written; never blank
 * @param network the network name written in keys and blocks; never blank
 * @param url a neardata-shaped HTTP service ({@code {url}/v0/block/{height}}); exactly one of url and folder
 * @param folder a folder of NEAR Lake block folders ({@code 000188102380/block.json}, {@code shard_N.json})
 *     or of neardata block files ({@code 188102380.json}); exactly one of url and folder
 * @param startHeight first height to write; empty resumes after the last block written (or, on an empty
 *     topic, starts at the service's latest final block)
 * @param endHeight last height to write, after which the source stops; empty follows the head. Needs
 *     {@code startHeight} or a topic to resume from
 * @param pollInterval wait between looks at the head once caught up; positive
 * @param concurrency blocks fetched ahead in parallel while catching up; at least 1
 * @param requestTimeout longest wait for one HTTP answer; positive
 * @param retryInitial first wait after a failed fetch; doubles per failure; positive
 * @param retryMax longest wait between retries; {@code >= retryInitial}
 * @param downReport a source failing (or a gap not resolving) this long is reported (ERROR log every
 *     interval and {@link NearSource#failure()}) while retries go on; positive
 */
public record NearSourceConfig(
    String bootstrapServers,
    String topic,
    String network,
    Optional<URI> url,
    Optional<Path> folder,
    OptionalLong startHeight,
    OptionalLong endHeight,
    Duration pollInterval,
    int concurrency,
    Duration requestTimeout,
    Duration retryInitial,
    Duration retryMax,
    Duration downReport) {

  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("kafka.bootstrap.servers",
      "127.0.0.1:9092", "Kafka bootstrap servers");
  public static final Setting<Optional<URI>> URL = new Setting<>("ingest.near.url", "",
      "NEAR block-data service in the neardata shape (GET {url}/v0/block/{height}, /v0/last_block/final),"
          + " e.g. https://mainnet.neardata.xyz; exactly one of url and folder", NearSourceConfig::parseUrl);
  public static final Setting<Optional<Path>> FOLDER = new Setting<>("ingest.near.folder", "",
      "Folder of NEAR Lake blocks (000188102380/block.json + shard_N.json) or of neardata block files"
          + " (188102380.json); exactly one of url and folder",
      text -> text.isBlank() ? Optional.empty() : Optional.of(Path.of(text.trim())));
  public static final Setting<String> NETWORK = Setting.string("ingest.near.network", "near-mainnet",
      "Network name the NEAR source writes in every key and block");
  public static final Setting<String> TOPIC = Setting.string("ingest.near.topic", Topics.NEAR_BLOCKS_RAW,
      "Raw NEAR block topic the NEAR source writes");
  public static final Setting<OptionalLong> START_HEIGHT = optionalHeight("ingest.near.start-height",
      "First height to write (backfill); empty resumes after the last block written, or starts at the latest final"
          + " block");
  public static final Setting<OptionalLong> END_HEIGHT = optionalHeight("ingest.near.end-height",
      "Last height to write, then stop; empty follows the head");
  public static final Setting<Long> POLL_INTERVAL_MS = Setting.longInteger("ingest.near.poll-interval-ms", 500, 10,
      3_600_000, "Wait between looks for the next block once the source is at the head");
  public static final Setting<Integer> CONCURRENCY = Setting.integer("ingest.near.concurrency", 8, 1, 256,
      "Blocks fetched ahead in parallel while catching up (1 at the head)");
  public static final Setting<Long> REQUEST_TIMEOUT_MS = Setting.longInteger("ingest.near.request-timeout-ms",
      30_000, 100, 600_000, "Longest wait for one HTTP answer (neardata holds a request for a block a few"
          + " heights ahead until it exists)");
  public static final Setting<Long> RETRY_INITIAL_MS = Setting.longInteger("ingest.near.retry-initial-ms", 250, 1,
      600_000, "First wait after a failed fetch; doubles per failure");
  public static final Setting<Long> RETRY_MAX_MS = Setting.longInteger("ingest.near.retry-max-ms", 10_000, 1,
      3_600_000, "Longest wait between retries of a failing fetch");
  public static final Setting<Long> DOWN_REPORT_MS = Setting.longInteger("ingest.near.down-report-ms", 60_000, 1,
      86_400_000, "A source failing (or a gap not resolving) this long is reported (ERROR log every interval, source"
          + " failure) while retries go on");

  /** Every setting this source reads, the shared bootstrap servers first. */
  public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, URL, FOLDER, NETWORK, TOPIC, START_HEIGHT,
      END_HEIGHT, POLL_INTERVAL_MS, CONCURRENCY, REQUEST_TIMEOUT_MS, RETRY_INITIAL_MS, RETRY_MAX_MS, DOWN_REPORT_MS);

  public NearSourceConfig {
    final List<String> problems = new ArrayList<>();
    requireText(bootstrapServers, "bootstrapServers", problems);
    requireText(topic, "topic", problems);
    requireText(network, "network", problems);
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(startHeight, "startHeight");
    Objects.requireNonNull(endHeight, "endHeight");
    if (url.isPresent() == folder.isPresent()) {
      problems.add("set exactly one of " + URL.name() + " and " + FOLDER.name());
    }
    requireOrdered(startHeight, endHeight, START_HEIGHT, END_HEIGHT, problems);
    requirePositive(pollInterval, "pollInterval", problems);
    requirePositive(requestTimeout, "requestTimeout", problems);
    requirePositive(retryInitial, "retryInitial", problems);
    requirePositive(retryMax, "retryMax", problems);
    requirePositive(downReport, "downReport", problems);
    requireRetryRange(retryInitial, retryMax, RETRY_INITIAL_MS, RETRY_MAX_MS, problems);
    if (concurrency < 1) {
      problems.add("concurrency must be at least 1: " + concurrency);
    }
    throwIfAny(problems, "NEAR source configuration");
  }

  /** Reads and validates every setting, reporting all problems at once. */
  public static NearSourceConfig from(Config config) {
    config.validate(ALL);
    return new NearSourceConfig(config.get(BOOTSTRAP_SERVERS), config.get(TOPIC), config.get(NETWORK),
        config.get(URL), config.get(FOLDER), config.get(START_HEIGHT), config.get(END_HEIGHT),
        Duration.ofMillis(config.get(POLL_INTERVAL_MS)), config.get(CONCURRENCY),
        Duration.ofMillis(config.get(REQUEST_TIMEOUT_MS)), Duration.ofMillis(config.get(RETRY_INITIAL_MS)),
        Duration.ofMillis(config.get(RETRY_MAX_MS)), Duration.ofMillis(config.get(DOWN_REPORT_MS)));
  }

  /** Where blocks are read from, for logs. */
  public String describeSource() {
    return url.map(URI::toString).orElseGet(() -> folder.map(Path::toString).orElse("?"));
  }

  public NearSourceConfig withRange(OptionalLong start, OptionalLong end) {
    return new NearSourceConfig(bootstrapServers, topic, network, url, folder, start, end, pollInterval, concurrency,
        requestTimeout, retryInitial, retryMax, downReport);
  }

  private static Optional<URI> parseUrl(String text) {
    if (text.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(SourceSettings.url(text, List.of("http", "https"), "http:// or https://HOST[:PORT][/PATH]"));
  }
}
