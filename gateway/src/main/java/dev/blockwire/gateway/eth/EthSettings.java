package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.blockwire.config.Config;
import dev.blockwire.config.Setting;
import dev.blockwire.schemas.Topics;

/**
 * Settings of the Ethereum dialect ({@code /eth}). Every per-connection resource has a bound here;
 * defaults are geth's where geth has one.
 *
 * @param network the network key followed on the chain topic
 * @param topic the ordered canonical-chain topic
 * @param chainId eth_chainId / net_version
 * @param gethVersion whose wire to reproduce where geth releases differ
 * @param windowBlocks canonical headers kept for eth_getBlockBy* and replays
 * @param historyLogs logs kept for eth_getLogs and replays
 * @param queueLimit notifications and replies buffered per connection before it is closed (1008)
 * @param maxSubscriptions subscriptions per connection
 * @param readLimitBytes largest client message (1009 above)
 * @param finalizedDepth blocks below the head that count as finalized
 * @param safeDepth blocks below the head that count as safe
 * @param batchLimit items per batch
 * @param batchResponseMaxBytes result bytes per batch reply
 * @param logQueryLimit addresses, or topics per position, per filter
 * @param getLogsMaxResults logs per eth_getLogs answer
 * @param extensions accept the opt-in extensions (options parameter, finalizedHeads)
 * @param pingIntervalMs idle time before a ping
 * @param pongTimeoutMs time a pong may take
 * @param allowedOrigins Origin values accepted when the header is present ("*" = any)
 * @param maxTopicResumes cursor resumes older than the journal that read the chain topic at once
 */
public record EthSettings(
    String network,
    String topic,
    long chainId,
    GethVersion gethVersion,
    int windowBlocks,
    int historyLogs,
    int queueLimit,
    int maxSubscriptions,
    int readLimitBytes,
    int finalizedDepth,
    int safeDepth,
    int batchLimit,
    int batchResponseMaxBytes,
    int logQueryLimit,
    int getLogsMaxResults,
    boolean extensions,
    long pingIntervalMs,
    long pongTimeoutMs,
    List<String> allowedOrigins,
    int maxTopicResumes) {

  public static final Setting<String> NETWORK = Setting.string("gateway.eth.network", "eth-mainnet",
      "Ethereum network served on /eth (the key of the chain topic's records)");
  public static final Setting<String> TOPIC = Setting.string("gateway.eth.topic", Topics.ETH_CHAIN,
      "Ordered canonical-chain topic the Ethereum endpoint follows");
  public static final Setting<Long> CHAIN_ID = new Setting<>("gateway.eth.chain-id", "1",
      "Chain id answered by eth_chainId (hex) and net_version (decimal); decimal or 0x-hex", EthSettings::chainId);
  public static final Setting<GethVersion> GETH_VERSION = new Setting<>("gateway.eth.geth-version", "v1.17",
      "geth release whose wire is reproduced: v1.17 (newHeads with blockAccessListHash and slotNumber) or v1.16",
      GethVersion::parse);
  public static final Setting<Integer> WINDOW_BLOCKS = Setting.integer("gateway.eth.window-blocks", 10_000, 2,
      10_000_000, "Canonical blocks (and chain updates for cursor resumes) kept in memory for eth_getBlockBy*,"
          + " finalized/safe tags and replays");
  public static final Setting<Integer> HISTORY_LOGS = Setting.integer("gateway.eth.history-logs", 200_000, 0,
      100_000_000, "Logs of the newest blocks (and of the updates kept for cursor resumes) kept in memory for"
          + " eth_getLogs and replays");
  public static final Setting<Integer> QUEUE_LIMIT = Setting.integer("gateway.eth.queue-limit", 10_000, 1,
      10_000_000, "Notifications and replies buffered per /eth connection; one more closes it (1008)");
  public static final Setting<Integer> MAX_SUBSCRIPTIONS = Setting.integer("gateway.eth.max-subscriptions", 1024, 1,
      1_000_000, "Subscriptions per /eth connection; more are refused with -32000 too many subscriptions");
  public static final Setting<Integer> READ_LIMIT_BYTES = Setting.integer("gateway.eth.read-limit-bytes",
      32 * 1024 * 1024, 256, 512 * 1024 * 1024, "Largest client message on /eth; bigger ones close the socket with 1009");
  public static final Setting<Integer> FINALIZED_DEPTH = Setting.integer("gateway.eth.finalized-depth", 64, 0,
      1_000_000, "Blocks below the head that the finalized tag and the finalizedHeads subscription use");
  public static final Setting<Integer> SAFE_DEPTH = Setting.integer("gateway.eth.safe-depth", 32, 0, 1_000_000,
      "Blocks below the head that the safe tag uses");
  public static final Setting<Integer> BATCH_LIMIT = Setting.integer("gateway.eth.batch-limit", 1000, 1, 1_000_000,
      "Items per JSON-RPC batch (geth's --rpc.batch-request-limit)");
  public static final Setting<Integer> BATCH_RESPONSE_MAX_BYTES = Setting.integer(
      "gateway.eth.batch-response-max-bytes", 25_000_000, 0, Integer.MAX_VALUE,
      "Result bytes per batch reply before -32003 response too large (0 = no limit)");
  public static final Setting<Integer> LOG_QUERY_LIMIT = Setting.integer("gateway.eth.log-query-limit", 1000, 0,
      1_000_000, "Addresses, or topics per position, per log filter (geth's --rpc.logquerylimit; 0 = no limit)");
  public static final Setting<Integer> GET_LOGS_MAX_RESULTS = Setting.integer("gateway.eth.get-logs-max-results",
      10_000, 1, 10_000_000, "Logs per eth_getLogs answer; more is -32005 query returned more than N results");
  public static final Setting<Boolean> EXTENSIONS = Setting.bool("gateway.eth.extensions", true,
      "Accept the opt-in extensions (a trailing options object, finalizedHeads); requests without them get geth's answers");
  public static final Setting<Long> PING_INTERVAL_MS = Setting.longInteger("gateway.eth.ping-interval-ms", 30_000L,
      100L, 86_400_000L, "Idle time without a successful write before /eth sends a ping");
  public static final Setting<Long> PONG_TIMEOUT_MS = Setting.longInteger("gateway.eth.pong-timeout-ms", 30_000L,
      100L, 86_400_000L, "Time a pong may take before the /eth connection is closed");
  public static final Setting<List<String>> ALLOWED_ORIGINS = new Setting<>("gateway.eth.allowed-origins", "*",
      "Comma-separated Origin values accepted on /eth when the header is present (* = any)", EthSettings::origins);
  public static final Setting<Integer> MAX_TOPIC_RESUMES = Setting.integer("gateway.eth.max-topic-resumes", 4, 0,
      10_000, "Cursor resumes older than the in-memory updates that read the chain topic from Kafka at once; one more"
          + " is refused with -32000 too many cursor resumes reading the topic (0 = none)");

  public static final List<Setting<?>> ALL = List.of(NETWORK, TOPIC, CHAIN_ID, GETH_VERSION, WINDOW_BLOCKS,
      HISTORY_LOGS, QUEUE_LIMIT, MAX_SUBSCRIPTIONS, READ_LIMIT_BYTES, FINALIZED_DEPTH, SAFE_DEPTH, BATCH_LIMIT,
      BATCH_RESPONSE_MAX_BYTES, LOG_QUERY_LIMIT, GET_LOGS_MAX_RESULTS, EXTENSIONS, PING_INTERVAL_MS, PONG_TIMEOUT_MS,
      ALLOWED_ORIGINS, MAX_TOPIC_RESUMES);

  /** Reads the settings; the caller validates {@link #ALL} first. */
  public static EthSettings from(Config config) {
    final EthSettings settings = new EthSettings(config.get(NETWORK), config.get(TOPIC), config.get(CHAIN_ID),
        config.get(GETH_VERSION), config.get(WINDOW_BLOCKS), config.get(HISTORY_LOGS), config.get(QUEUE_LIMIT),
        config.get(MAX_SUBSCRIPTIONS), config.get(READ_LIMIT_BYTES), config.get(FINALIZED_DEPTH),
        config.get(SAFE_DEPTH), config.get(BATCH_LIMIT), config.get(BATCH_RESPONSE_MAX_BYTES),
        config.get(LOG_QUERY_LIMIT), config.get(GET_LOGS_MAX_RESULTS), config.get(EXTENSIONS),
        config.get(PING_INTERVAL_MS), config.get(PONG_TIMEOUT_MS), config.get(ALLOWED_ORIGINS),
        config.get(MAX_TOPIC_RESUMES));
    final List<String> problems = settings.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid configuration:\n  " + String.join("\n  ", problems));
    }
    return settings;
  }

  /** Settings that are valid alone but not together. */
  List<String> problems() {
    final List<String> problems = new ArrayList<>();
    if (finalizedDepth >= windowBlocks) {
      problems.add(FINALIZED_DEPTH.name() + " (" + finalizedDepth + ") must be below " + WINDOW_BLOCKS.name() + " ("
          + windowBlocks + ")");
    }
    if (safeDepth >= windowBlocks) {
      problems.add(SAFE_DEPTH.name() + " (" + safeDepth + ") must be below " + WINDOW_BLOCKS.name() + " ("
          + windowBlocks + ")");
    }
    return problems;
  }

  private static long chainId(String text) {
    final String value = text.trim();
    try {
      final long id = EthArgs.has0xPrefix(value) ? Long.parseUnsignedLong(value.substring(2), 16) : Long.parseLong(value);
      if (id <= 0) {
        throw new IllegalArgumentException("chain id must be positive: \"" + text + "\"");
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a chain id (decimal or 0x-hex): \"" + text + "\"");
    }
  }

  private static List<String> origins(String text) {
    final List<String> origins = new ArrayList<>();
    for (String part : text.split(",")) {
      final String origin = part.trim().toLowerCase(Locale.ROOT);
      if (!origin.isEmpty()) {
        origins.add(origin);
      }
    }
    return List.copyOf(origins);
  }
}
