package dev.blockwire.gateway;

import java.util.ArrayList;
import java.util.List;

import dev.blockwire.config.Config;
import dev.blockwire.config.Setting;
import dev.blockwire.gateway.eth.EthSettings;
import dev.blockwire.gateway.flow.FlowGatewayConfig;
import dev.blockwire.schemas.Topics;

/**
 * Gateway settings. Every per-connection resource has a bound here.
 *
 * @param host bind address; 127.0.0.1 unless configured otherwise
 * @param port listening port; 0 picks a free one
 * @param nearEnabled serve the NEAR events dialect on /ws
 * @param ethEnabled serve the Ethereum JSON-RPC dialect on /eth (and on / when NEAR is off)
 * @param eth the Ethereum dialect's settings
 */
public record GatewayConfig(
    String host,
    int port,
    String bootstrapServers,
    int workerThreads,
    int sendThreads,
    int maxMessageBytes,
    int sendQueueLimit,
    int maxConnectionsPerAddress,
    long subscribeTimeoutMs,
    int filterMaxNodes,
    int filterMaxDepth,
    String nearNetwork,
    String nearTopic,
    int nearHistoryBlocks,
    int nearHistoryEvents,
    int nearMaxTopicResumes,
    boolean nearEnabled,
    boolean ethEnabled,
    EthSettings eth,
    FlowGatewayConfig flow) {

  public static final Setting<String> HOST = Setting.string("gateway.host", "127.0.0.1",
      "Address the websocket server binds to; set 0.0.0.0 to listen on every interface");
  public static final Setting<Integer> PORT = Setting.integer("gateway.port", 8080, 0, 65535,
      "Websocket and HTTP port (0 picks a free port)");
  public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("kafka.bootstrap.servers",
      "127.0.0.1:9092", "Kafka bootstrap servers");
  public static final Setting<Integer> WORKER_THREADS = Setting.integer("gateway.worker-threads", 4, 1, 256,
      "Grizzly worker threads for websocket and HTTP traffic");
  public static final Setting<Integer> SEND_THREADS = Setting.integer("gateway.send-threads", 0, 0, 256,
      "Threads that write notifications to idle connections, so a block's fan-out uses every core; 0: one per core");
  public static final Setting<Integer> MAX_MESSAGE_BYTES = Setting.integer("gateway.max-message-bytes",
      65536, 256, 16 << 20, "Largest client message; bigger ones close the socket with 1009");
  public static final Setting<Integer> SEND_QUEUE_LIMIT = Setting.integer("gateway.send-queue-limit",
      10_000, 1, 10_000_000, "Messages buffered per connection before a slow client is closed (1008)");
  public static final Setting<Integer> MAX_CONNECTIONS_PER_ADDRESS = Setting.integer(
      "gateway.max-connections-per-address", 1000, 1, 1_000_000,
      "Concurrent websocket connections from one client address");
  public static final Setting<Long> SUBSCRIBE_TIMEOUT_MS = Setting.longInteger("gateway.subscribe-timeout-ms",
      60_000L, 100L, 86_400_000L, "Close a socket that sends no valid subscription within this time");
  public static final Setting<Integer> FILTER_MAX_NODES = Setting.integer("gateway.filter.max-nodes", 1000, 1,
      1_000_000, "Largest filter, in JSON values");
  public static final Setting<Integer> FILTER_MAX_DEPTH = Setting.integer("gateway.filter.max-depth", 16, 1, 1000,
      "Deepest filter nesting");
  public static final Setting<String> NEAR_NETWORK = Setting.string("gateway.near.network", "near-mainnet",
      "NEAR network served on /ws");
  public static final Setting<String> NEAR_TOPIC = Setting.string("gateway.near.topic",
      Topics.NEAR_EVENTS_BLOCKS, "Ordered NEAR topic the gateway follows");
  public static final Setting<Integer> NEAR_HISTORY_BLOCKS = Setting.integer("gateway.near.history-blocks",
      100_000, 1, 100_000_000,
      "Recent NEAR blocks kept in memory for fetch_past_events and resume replays (older replays read Kafka)");
  public static final Setting<Integer> NEAR_HISTORY_EVENTS = Setting.integer("gateway.near.history-events",
      200_000, 1000, 100_000_000, "Recent NEAR events kept in memory for fetch_past_events and resume replays");
  public static final Setting<Integer> NEAR_MAX_TOPIC_RESUMES = Setting.integer("gateway.near.max-topic-resumes",
      4, 0, 1000, "NEAR resume replays reading the topic in Kafka at once (each holds a consumer); more get limit_exceeded");

  public static final Setting<Boolean> NEAR_ENABLED = Setting.bool("gateway.near.enabled", true,
      "Serve the NEAR events dialect on /ws");
  public static final Setting<Boolean> ETH_ENABLED = Setting.bool("gateway.eth.enabled", true,
      "Serve the Ethereum JSON-RPC dialect on /eth (and on / when the NEAR dialect is off)");

  public static final List<Setting<?>> ALL = all();

  private static List<Setting<?>> all() {
    final List<Setting<?>> all = new ArrayList<>(List.of(HOST, PORT, BOOTSTRAP_SERVERS, WORKER_THREADS, SEND_THREADS,
        MAX_MESSAGE_BYTES, SEND_QUEUE_LIMIT, MAX_CONNECTIONS_PER_ADDRESS, SUBSCRIBE_TIMEOUT_MS,
        FILTER_MAX_NODES, FILTER_MAX_DEPTH, NEAR_ENABLED, NEAR_NETWORK, NEAR_TOPIC, NEAR_HISTORY_BLOCKS,
        NEAR_HISTORY_EVENTS, NEAR_MAX_TOPIC_RESUMES, ETH_ENABLED));
    all.addAll(EthSettings.ALL);
    all.addAll(FlowGatewayConfig.ALL);
    return List.copyOf(all);
  }

  /** Reads and validates every setting, reporting all problems at once. */
  public static GatewayConfig from(Config config) {
    config.validate(ALL);
    return new GatewayConfig(
        config.get(HOST), config.get(PORT), config.get(BOOTSTRAP_SERVERS), config.get(WORKER_THREADS),
        config.get(SEND_THREADS), config.get(MAX_MESSAGE_BYTES), config.get(SEND_QUEUE_LIMIT), config.get(MAX_CONNECTIONS_PER_ADDRESS),
        config.get(SUBSCRIBE_TIMEOUT_MS), config.get(FILTER_MAX_NODES), config.get(FILTER_MAX_DEPTH),
        config.get(NEAR_NETWORK), config.get(NEAR_TOPIC), config.get(NEAR_HISTORY_BLOCKS),
        config.get(NEAR_HISTORY_EVENTS), config.get(NEAR_MAX_TOPIC_RESUMES), config.get(NEAR_ENABLED), config.get(ETH_ENABLED), EthSettings.from(config),
        FlowGatewayConfig.from(config));
  }
}
