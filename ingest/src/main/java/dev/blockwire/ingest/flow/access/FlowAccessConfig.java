package dev.blockwire.ingest.flow.access;

import static dev.blockwire.ingest.source.SourceSettings.optionalHeight;
import static dev.blockwire.ingest.source.SourceSettings.requireOrdered;
import static dev.blockwire.ingest.source.SourceSettings.requireRetryRange;
import static dev.blockwire.ingest.source.SourceSettings.requireText;
import static dev.blockwire.ingest.source.SourceSettings.throwIfAny;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import dev.blockwire.config.Config;
import dev.blockwire.config.Setting;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.ingest.source.SourceSettings;

/**
 * Settings of a {@link FlowAccessSource}, under {@code ingest.flow.*} (topic and network shared with the
 * Flow fixture source, Kafka from the shared {@code kafka.bootstrap.servers}).
 *
 * @param bootstrapServers Kafka bootstrap servers; never blank
 * @param topic the raw Flow topic written; never blank
 * @param network the network name written in keys and blocks; never blank
 * @param url the access node's REST base URL ({@code http(s)://host:port}, the {@code /v1} paths are added)
 * @param startHeight first sealed height to write; empty resumes after the last block written (or, on an
 *     empty topic, starts at the node's latest sealed block)
 * @param endHeight last height to write, after which the source stops; empty follows the sealed head
 * @param pollInterval wait between two looks at the sealed head once caught up; positive
 * @param rangeSize blocks asked for per {@code /v1/blocks?start_height&end_height} request (real nodes
 *     allow 250); 1..250
 * @param concurrency node requests in flight at once while fetching collections and transaction results
 * @param requestTimeout longest wait for one answer; positive
 * @param retryInitial first wait after a failed request; doubles per failure up to {@code retryMax}
 * @param retryMax longest wait between retries
 * @param nodeDownReport a node failing this long is reported (ERROR log every interval and
 *     {@link FlowAccessSource#failure()}) while retries go on
 */
public record FlowAccessConfig(
    String bootstrapServers,
    String topic,
    String network,
    URI url,
    OptionalLong startHeight,
    OptionalLong endHeight,
    Duration pollInterval,
    int rangeSize,
    int concurrency,
    Duration requestTimeout,
    Duration retryInitial,
    Duration retryMax,
    Duration nodeDownReport) {

  public static final Setting<String> BOOTSTRAP_SERVERS = FixtureSourceConfig.BOOTSTRAP_SERVERS;
  public static final Setting<String> TOPIC = FixtureSourceConfig.FLOW.topic();
  public static final Setting<String> NETWORK = FixtureSourceConfig.FLOW.network();
  public static final Setting<URI> URL = new Setting<>("ingest.flow.url", "http://127.0.0.1:8888",
      "Flow access node REST API base URL (http:// or https://) that blockwire ingest flow follows",
      FlowAccessConfig::parseUrl);
  public static final Setting<OptionalLong> START_HEIGHT = optionalHeight("ingest.flow.start-height",
      "First sealed height to write; empty resumes after the last block written, or starts at the node's latest"
          + " sealed block");
  public static final Setting<OptionalLong> END_HEIGHT = optionalHeight("ingest.flow.end-height",
      "Last height to write, then stop (backfill); empty follows the sealed head");
  public static final Setting<Long> POLL_INTERVAL_MS = Setting.longInteger("ingest.flow.poll-interval-ms", 1000, 10,
      3_600_000, "Wait between two looks at the access node's sealed head once caught up");
  public static final Setting<Integer> RANGE_SIZE = Setting.integer("ingest.flow.range-size", 50, 1, 250,
      "Blocks asked for per /v1/blocks height-range request (access nodes allow at most 250)");
  public static final Setting<Integer> CONCURRENCY = Setting.integer("ingest.flow.concurrency", 8, 1, 256,
      "Access node requests in flight at once while fetching collections and transaction results");
  public static final Setting<Long> REQUEST_TIMEOUT_MS = Setting.longInteger("ingest.flow.request-timeout-ms",
      10_000, 100, 600_000, "Longest wait for one answer of the access node");
  public static final Setting<Long> RETRY_INITIAL_MS = Setting.longInteger("ingest.flow.retry-initial-ms", 250, 1,
      600_000, "First wait after a failed access node request; doubles per failure");
  public static final Setting<Long> RETRY_MAX_MS = Setting.longInteger("ingest.flow.retry-max-ms", 10_000, 1,
      3_600_000, "Longest wait between retries of a failing access node request");
  public static final Setting<Long> NODE_DOWN_REPORT_MS = Setting.longInteger("ingest.flow.node-down-report-ms",
      60_000, 1, 86_400_000, "An access node failing this long is reported (ERROR log every interval) while"
          + " retries go on");

  /** Every setting this source reads, the shared bootstrap servers first. */
  public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, TOPIC, NETWORK, URL, START_HEIGHT, END_HEIGHT,
      POLL_INTERVAL_MS, RANGE_SIZE, CONCURRENCY, REQUEST_TIMEOUT_MS, RETRY_INITIAL_MS, RETRY_MAX_MS,
      NODE_DOWN_REPORT_MS);

  public FlowAccessConfig {
    final List<String> problems = new ArrayList<>();
    requireText(bootstrapServers, "bootstrapServers", problems);
    requireText(topic, "topic", problems);
    requireText(network, "network", problems);
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(startHeight, "startHeight");
    Objects.requireNonNull(endHeight, "endHeight");
    requireOrdered(startHeight, endHeight, START_HEIGHT, END_HEIGHT, problems);
    if (rangeSize < 1 || rangeSize > 250) {
      problems.add("rangeSize must be within 1..250: " + rangeSize);
    }
    if (concurrency < 1) {
      problems.add("concurrency must be at least 1: " + concurrency);
    }
    for (Duration d : new Duration[] {pollInterval, requestTimeout, retryInitial, retryMax, nodeDownReport}) {
      if (d == null || d.isNegative() || d.isZero()) {
        problems.add("durations must be positive: " + d);
      }
    }
    requireRetryRange(retryInitial, retryMax, RETRY_INITIAL_MS, RETRY_MAX_MS, problems);
    throwIfAny(problems, "Flow access node source configuration");
  }

  /** Reads and validates every setting, reporting all problems at once. */
  public static FlowAccessConfig from(Config config) {
    config.validate(ALL);
    return new FlowAccessConfig(config.get(BOOTSTRAP_SERVERS), config.get(TOPIC), config.get(NETWORK),
        config.get(URL), config.get(START_HEIGHT), config.get(END_HEIGHT),
        Duration.ofMillis(config.get(POLL_INTERVAL_MS)), config.get(RANGE_SIZE), config.get(CONCURRENCY),
        Duration.ofMillis(config.get(REQUEST_TIMEOUT_MS)), Duration.ofMillis(config.get(RETRY_INITIAL_MS)),
        Duration.ofMillis(config.get(RETRY_MAX_MS)), Duration.ofMillis(config.get(NODE_DOWN_REPORT_MS)));
  }

  public FlowAccessConfig withRange(OptionalLong start, OptionalLong end) {
    return new FlowAccessConfig(bootstrapServers, topic, network, url, start, end, pollInterval, rangeSize,
        concurrency, requestTimeout, retryInitial, retryMax, nodeDownReport);
  }

  private static URI parseUrl(String text) {
    return SourceSettings.url(text, List.of("http", "https"), "http:// or https://HOST[:PORT]");
  }
}
