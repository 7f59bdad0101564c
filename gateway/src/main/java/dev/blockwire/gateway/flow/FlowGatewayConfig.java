package dev.blockwire.gateway.flow;

import java.util.List;

import dev.blockwire.config.Config;
import dev.blockwire.config.Setting;
import dev.blockwire.schemas.Topics;

/**
 * Settings of the Flow WebSocket Stream API; the limits default to the Flow docs' values.
 *
 * @param network the Flow network served; its name is the chain id fcl sees ({@code flow-mainnet})
 * @param maxResponsesPerSecond data messages per second per subscription (paced, never dropped); 0 = unlimited
 */
public record FlowGatewayConfig(String network, String topic, int historyUpdates, int maxSubscriptionsPerConnection,
    int maxResponsesPerSecond, long inactivityTimeoutMs, int maxGlobalStreams, long pingPeriodMs, long pongWaitMs) {

  public static final Setting<String> NETWORK = Setting.string("gateway.flow.network", "flow-mainnet",
      "Flow network served on /v1/ws; its name is the chain id of /v1/network/parameters");
  public static final Setting<String> TOPIC = Setting.string("gateway.flow.topic", Topics.FLOW_CHAIN,
      "Ordered Flow topic the gateway follows");
  public static final Setting<Integer> HISTORY_UPDATES = Setting.integer("gateway.flow.history-updates", 100_000,
      16, 50_000_000, "Recent Flow block updates (finalized and sealed) kept in memory for start_block_* replay");
  public static final Setting<Integer> MAX_SUBSCRIPTIONS = Setting.integer(
      "gateway.flow.max-subscriptions-per-connection", 20, 1, 100_000,
      "Subscriptions per /v1/ws connection; one more gets 429");
  public static final Setting<Integer> MAX_RESPONSES_PER_SECOND = Setting.integer(
      "gateway.flow.max-responses-per-second", 20, 0, 1_000_000,
      "Data messages per second per Flow subscription; faster streams are paced, never dropped (0 = no limit)");
  public static final Setting<Long> INACTIVITY_TIMEOUT_MS = Setting.longInteger("gateway.flow.inactivity-timeout-ms",
      60_000L, 100L, 86_400_000L, "Close a /v1/ws connection without subscriptions that was sent nothing for this long");
  public static final Setting<Integer> MAX_GLOBAL_STREAMS = Setting.integer("gateway.flow.max-global-streams", 1000,
      1, 10_000_000, "Flow subscriptions on the whole gateway; one more gets 429");
  public static final Setting<Long> PING_PERIOD_MS = Setting.longInteger("gateway.flow.ping-period-ms", 9_000L, 50L,
      3_600_000L, "Websocket ping interval on /v1/ws");
  public static final Setting<Long> PONG_WAIT_MS = Setting.longInteger("gateway.flow.pong-wait-ms", 10_000L, 50L,
      3_600_000L, "Close a /v1/ws connection whose last pong (or connect) is older than this");

  public static final List<Setting<?>> ALL = List.of(NETWORK, TOPIC, HISTORY_UPDATES, MAX_SUBSCRIPTIONS,
      MAX_RESPONSES_PER_SECOND, INACTIVITY_TIMEOUT_MS, MAX_GLOBAL_STREAMS, PING_PERIOD_MS, PONG_WAIT_MS);

  public static FlowGatewayConfig from(Config config) {
    config.validate(ALL);
    return new FlowGatewayConfig(config.get(NETWORK), config.get(TOPIC), config.get(HISTORY_UPDATES),
        config.get(MAX_SUBSCRIPTIONS), config.get(MAX_RESPONSES_PER_SECOND), config.get(INACTIVITY_TIMEOUT_MS),
        config.get(MAX_GLOBAL_STREAMS), config.get(PING_PERIOD_MS), config.get(PONG_WAIT_MS));
  }
}
