package dev.blockwire.ingest.eth.node;

import static dev.blockwire.ingest.source.SourceSettings.requireOrdered;
import static dev.blockwire.ingest.source.SourceSettings.requirePositive;
import static dev.blockwire.ingest.source.SourceSettings.requireRetryRange;
import static dev.blockwire.ingest.source.SourceSettings.requireText;
import static dev.blockwire.ingest.source.SourceSettings.throwIfAny;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

import dev.blockwire.config.Config;
import dev.blockwire.config.Setting;
import dev.blockwire.ingest.source.SourceSettings;
import dev.blockwire.schemas.Topics;

/**
 * Settings of an {@link EthNodeSource}, under {@code ingest.eth.*} (Kafka from the shared
 * {@code kafka.bootstrap.servers}).
 *
 * @param bootstrapServers Kafka bootstrap servers; never blank
 * @param topic the raw block topic written; never blank
 * @param network the network name written in keys and blocks; never blank
 * @param rpcUrl the node: {@code ws://} / {@code wss://} (newHeads subscription) or {@code http://} /
 *     {@code https://} (polling); never null
 * @param fromBlock first block of a backfill; empty to resume after the last block written (or, on an
 *     empty topic, to start at the node's head)
 * @param toBlock last block to write, after which the source stops; empty to follow the head for ever.
 *     Needs {@code fromBlock}
 * @param pollInterval how often the head is polled (HTTP), and the safety poll under a websocket
 *     subscription; positive
 * @param maxReorgDepth recently written block hashes kept: the deepest reorg the source can follow
 *     back to a block it wrote; at least 1
 * @param requestTimeout how long one JSON-RPC call may take; positive
 * @param retryInitial first wait after a failed call; positive
 * @param retryMax longest wait between retries (the backoff doubles up to it); {@code >= retryInitial}
 * @param nodeDownReport a node that has answered nothing for this long is reported: an ERROR log every
 *     such interval and {@link EthNodeSource#failure()}, while retries go on; positive
 */
public record EthNodeConfig(
    String bootstrapServers,
    String topic,
    String network,
    URI rpcUrl,
    OptionalLong fromBlock,
    OptionalLong toBlock,
    Duration pollInterval,
    int maxReorgDepth,
    Duration requestTimeout,
    Duration retryInitial,
    Duration retryMax,
    Duration nodeDownReport) {

  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("kafka.bootstrap.servers",
      "127.0.0.1:9092", "Kafka bootstrap servers");
  public static final Setting<URI> RPC_URL = new Setting<>("ingest.eth.rpc-url", "ws://127.0.0.1:8545",
      "Ethereum node JSON-RPC endpoint: ws:// or wss:// follows newHeads, http:// or https:// polls",
      EthNodeConfig::parseRpcUrl);
  public static final Setting<String> NETWORK = Setting.string("ingest.eth.network", "eth-mainnet",
      "Network name the Ethereum node source writes in every key and block");
  public static final Setting<String> TOPIC = Setting.string("ingest.eth.topic", Topics.ETH_BLOCKS_RAW,
      "Raw Ethereum block topic the Ethereum node source writes");
  public static final Setting<OptionalLong> FROM_BLOCK = optionalBlock("ingest.eth.from-block",
      "First block to write (backfill); empty resumes after the last block written, or starts at the node's head");
  public static final Setting<OptionalLong> TO_BLOCK = optionalBlock("ingest.eth.to-block",
      "Last block to write, then stop (needs ingest.eth.from-block); empty follows the head");
  public static final Setting<Long> POLL_INTERVAL_MS = Setting.longInteger("ingest.eth.poll-interval-ms", 1000, 10,
      3_600_000, "How often the node's head is polled over http (and checked under a websocket subscription)");
  public static final Setting<Integer> MAX_REORG_DEPTH = Setting.integer("ingest.eth.max-reorg-depth", 128, 1,
      1_000_000, "Recently written block hashes kept: the deepest reorg followed back to a written block");
  public static final Setting<Long> REQUEST_TIMEOUT_MS = Setting.longInteger("ingest.eth.request-timeout-ms", 10_000,
      100, 600_000, "Longest wait for one JSON-RPC answer from the node");
  public static final Setting<Long> RETRY_INITIAL_MS = Setting.longInteger("ingest.eth.retry-initial-ms", 250, 1,
      600_000, "First wait after a failed node call; doubles per failure");
  public static final Setting<Long> RETRY_MAX_MS = Setting.longInteger("ingest.eth.retry-max-ms", 10_000, 1,
      3_600_000, "Longest wait between retries of a failing node call");
  public static final Setting<Long> NODE_DOWN_REPORT_MS = Setting.longInteger("ingest.eth.node-down-report-ms",
      60_000, 1, 86_400_000, "A node unreachable this long is reported (ERROR log every interval, source failure)"
          + " while retries go on");

  /** Every setting this source reads, the shared bootstrap servers first. */
  public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, RPC_URL, NETWORK, TOPIC, FROM_BLOCK, TO_BLOCK,
      POLL_INTERVAL_MS, MAX_REORG_DEPTH, REQUEST_TIMEOUT_MS, RETRY_INITIAL_MS, RETRY_MAX_MS, NODE_DOWN_REPORT_MS);

  public EthNodeConfig {
    final List<String> problems = new ArrayList<>();
    requireText(bootstrapServers, "bootstrapServers", problems);
    requireText(topic, "topic", problems);
    requireText(network, "network", problems);
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    Objects.requireNonNull(fromBlock, "fromBlock");
    Objects.requireNonNull(toBlock, "toBlock");
    if (toBlock.isPresent() && fromBlock.isEmpty()) {
      problems.add(TO_BLOCK.name() + " needs " + FROM_BLOCK.name() + " (a range to backfill)");
    }
    requireOrdered(fromBlock, toBlock, FROM_BLOCK, TO_BLOCK, problems);
    requirePositive(pollInterval, "pollInterval", problems);
    requirePositive(requestTimeout, "requestTimeout", problems);
    requirePositive(retryInitial, "retryInitial", problems);
    requirePositive(retryMax, "retryMax", problems);
    requirePositive(nodeDownReport, "nodeDownReport", problems);
    requireRetryRange(retryInitial, retryMax, RETRY_INITIAL_MS, RETRY_MAX_MS, problems);
    if (maxReorgDepth < 1) {
      problems.add("maxReorgDepth must be at least 1: " + maxReorgDepth);
    }
    throwIfAny(problems, "Ethereum node source configuration");
  }

  /** Reads and validates every setting, reporting all problems at once. */
  public static EthNodeConfig from(Config config) {
    config.validate(ALL);
    return new EthNodeConfig(config.get(BOOTSTRAP_SERVERS), config.get(TOPIC), config.get(NETWORK),
        config.get(RPC_URL), config.get(FROM_BLOCK), config.get(TO_BLOCK),
        Duration.ofMillis(config.get(POLL_INTERVAL_MS)), config.get(MAX_REORG_DEPTH),
        Duration.ofMillis(config.get(REQUEST_TIMEOUT_MS)), Duration.ofMillis(config.get(RETRY_INITIAL_MS)),
        Duration.ofMillis(config.get(RETRY_MAX_MS)), Duration.ofMillis(config.get(NODE_DOWN_REPORT_MS)));
  }

  /** True for a {@code ws://} or {@code wss://} endpoint (head from a newHeads subscription). */
  public boolean websocket() {
    final String scheme = rpcUrl.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("ws") || scheme.equals("wss");
  }

  public EthNodeConfig withBootstrapServers(String value) {
    return new EthNodeConfig(value, topic, network, rpcUrl, fromBlock, toBlock, pollInterval, maxReorgDepth,
        requestTimeout, retryInitial, retryMax, nodeDownReport);
  }

  public EthNodeConfig withRpcUrl(URI value) {
    return new EthNodeConfig(bootstrapServers, topic, network, value, fromBlock, toBlock, pollInterval, maxReorgDepth,
        requestTimeout, retryInitial, retryMax, nodeDownReport);
  }

  public EthNodeConfig withRange(OptionalLong from, OptionalLong to) {
    return new EthNodeConfig(bootstrapServers, topic, network, rpcUrl, from, to, pollInterval, maxReorgDepth,
        requestTimeout, retryInitial, retryMax, nodeDownReport);
  }

  private static URI parseRpcUrl(String text) {
    return SourceSettings.url(text, List.of("ws", "wss", "http", "https"),
        "ws://, wss://, http:// or https://HOST[:PORT][/PATH]");
  }

  private static Setting<OptionalLong> optionalBlock(String name, String description) {
    return new Setting<>(name, "", description, text -> {
      if (text.isBlank()) {
        return OptionalLong.empty();
      }
      final long value;
      try {
        value = text.trim().startsWith("0x") ? Long.parseLong(text.trim().substring(2), 16) : Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a block number: \"" + text + "\"");
      }
      if (value < 0) {
        throw new IllegalArgumentException("a block number is >= 0: " + value);
      }
      return OptionalLong.of(value);
    });
  }
}
