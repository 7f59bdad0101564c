package dev.blockwire.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.blockwire.gateway.BrokerAndGateways;
import dev.blockwire.gateway.GatewayServer;
import dev.blockwire.gateway.WsClient;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowHeader;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import dev.blockwire.schemas.flow.FlowTransactionStatus;
import jakarta.websocket.CloseReason;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /v1/ws over a real broker and real websocket connections: every request, response and error
 * example of the protocol notes, asserted byte for byte (each frame ends with a newline).
 */
class FlowGatewayKafkaTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final long FIRST = 1000;
  static final int BLOCKS = 30;
  static final long T0 = 1_710_861_732_600L;
  static final String TX = "7b02" + "ab".repeat(30);
  static final String DEPOSITED = "A.1654653399040a61.FlowToken.TokensDeposited";
  static final String CDC = "{\"type\":\"Event\",\"value\":{\"id\":\"" + DEPOSITED + "\",\"fields\":[]}}\n";
  static final String ACCOUNT = "0xe467b9dd11fa00df";
  static final String CREATED = "{\"type\":\"Event\",\"value\":{\"id\":\"flow.AccountCreated\",\"fields\":[{\"name\":"
      + "\"address\",\"value\":{\"type\":\"Address\",\"value\":\"" + ACCOUNT + "\"}}]}}\n";

  @TempDir
  static Path dataDir;
  static BrokerAndGateways kafka;
  static GatewayServer gateway;

  @BeforeAll
  static void start() throws Exception {
    kafka = BrokerAndGateways.start(dataDir);
    for (FlowChainUpdate update : chain()) {
      kafka.producer().send(new ProducerRecord<>(Topics.FLOW_CHAIN, null, update.getHeader().getTimestampMs(),
          Serdes.NETWORK_KEY.encode(Serdes.networkKey("flow-mainnet")), Serdes.FLOW_CHAIN_UPDATE.encode(update))).get();
    }
    gateway = kafka.gateway(kafka.config().with("gateway.flow.inactivity-timeout-ms", "1500"));
    assertThat(gateway.awaitReady(WAIT)).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  static String id(long height) {
    return String.format("%064x", height * 7919);
  }

  static long time(long height) {
    return T0 + (height - FIRST) * 1000;
  }

  static FlowEvent event(String type, String cdc, int eventIndex) {
    return new FlowEvent(type, TX, 0, eventIndex, ByteBuffer.wrap(cdc.getBytes(StandardCharsets.UTF_8)));
  }

  static FlowTransactionResult tx(FlowTransactionStatus status, List<FlowEvent> events) {
    final boolean included = status != FlowTransactionStatus.PENDING;
    return FlowTransactionResult.newBuilder().setTransactionId(TX).setStatus(status)
        .setBlockId(included ? id(1005) : "").setCollectionId(included ? id(99) : "")
        .setComputationUsed(events.isEmpty() ? 0 : 42).setEvents(events).build();
  }

  /** Heights 1000..1029 finalized in order, each sealed two blocks later; one transaction in 1005. */
  static List<FlowChainUpdate> chain() {
    final List<FlowChainUpdate> updates = new ArrayList<>();
    final List<FlowEvent> txEvents = List.of(event(DEPOSITED, CDC, 0), event("flow.AccountCreated", CREATED, 1));
    for (long h = FIRST; h < FIRST + BLOCKS; h++) {
      updates.add(update(h, FlowBlockStatus.FINALIZED, List.of(),
          h == 1004 ? List.of(tx(FlowTransactionStatus.PENDING, List.of()))
              : h == 1005 ? List.of(tx(FlowTransactionStatus.FINALIZED, List.of()))
              : h == 1006 ? List.of(tx(FlowTransactionStatus.EXECUTED, txEvents)) : List.of(), h, h - 3));
      if (h - 2 >= FIRST) {
        final long s = h - 2;
        updates.add(update(s, FlowBlockStatus.SEALED, s == 1005 ? txEvents : List.of(),
            s == 1005 ? List.of(tx(FlowTransactionStatus.SEALED, txEvents)) : List.of(), h, s));
      }
    }
    return updates;
  }

  static FlowChainUpdate update(long h, FlowBlockStatus status, List<FlowEvent> events,
      List<FlowTransactionResult> results, long finalized, long sealed) {
    return FlowChainUpdate.newBuilder().setNetwork("flow-mainnet")
        .setHeader(new FlowHeader(id(h), id(h - 1), h, time(h), "+GyIAA=="))
        .setCollectionGuarantees(List.of()).setBlockSeals(List.of()).setStatus(status).setEvents(events)
        .setTransactionResults(results).setFinalizedHeight(finalized).setSealedHeight(sealed).build();
  }

  static WsClient connect() throws Exception {
    return WsClient.connect("ws://127.0.0.1:" + gateway.port() + "/v1/ws");
  }

  static String header(long h) {
    return "{\"id\":\"" + id(h) + "\",\"parent_id\":\"" + id(h - 1) + "\",\"height\":\"" + h + "\",\"timestamp\":\""
        + FlowPayloads.timestamp(time(h)) + "\",\"parent_voter_signature\":\"+GyIAA==\"}";
  }

  /** A subscribe request; {@code arguments} is JSON text. */
  static String subscribe(String id, String topic, String arguments) {
    return "{\"subscription_id\":\"" + id + "\",\"action\":\"subscribe\",\"topic\":\"" + topic
        + "\",\"arguments\":" + arguments + "}";
  }

  static String unsubscribe(String id) {
    return "{\"subscription_id\":\"" + id + "\",\"action\":\"unsubscribe\"}";
  }

  /** A success response frame, as flow-go writes it (newline included). */
  static String ack(String id, String action) {
    return "{\"subscription_id\":\"" + id + "\",\"action\":\"" + action + "\"}\n";
  }

  /** An error response frame; {@code message} is JSON string content (already escaped). */
  static String error(String id, int code, String message, String action) {
    return "{\"subscription_id\":\"" + id + "\",\"error\":{\"code\":" + code + ",\"message\":\"" + message
        + "\"},\"action\":\"" + action + "\"}\n";
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ the notes' examples

  @Test
  void shouldAckTheDocsSubscribeExampleThenFailItsStartHeightWith500() throws Exception {
    try (WsClient client = connect()) {
      client.send(subscribe("some-id-42", "blocks",
          "{\"block_status\":\"sealed\",\"start_block_height\":\"123456789\"}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("some-id-42", "subscribe"));
      assertThat(client.next(WAIT)).isEqualTo(error("some-id-42", 500,
          "internal error: subscription finished with error: rpc error: code = NotFound desc = could not get"
          + " start height from block height: could not get header for height 123456789: key not found", "subscribe"));
      client.send(subscribe("low", "events", "{\"start_block_height\":\"999\"}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("low", "subscribe"));
      assertThat(client.next(WAIT)).isEqualTo(error("low", 500,
          "internal error: subscription finished with error: rpc error: code = InvalidArgument desc = could"
          + " not get start height from block height: start height must be greater than or equal to the root"
          + " height 1000", "subscribe"));
      client.send(subscribe("some-id-42", "blocks", "{\"block_status\":\"sealed\"}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("some-id-42", "subscribe"));
      client.send(unsubscribe("some-id-42"));
      String message = client.next(WAIT);
      while (message.contains("\"payload\"")) {
        message = client.next(WAIT); // the latest sealed block may come before the unsubscribe
      }
      assertThat(message).isEqualTo(ack("some-id-42", "unsubscribe"));
      client.send(unsubscribe("some-id-42"));
      assertThat(client.next(WAIT)).isEqualTo(error("some-id-42", 404, "subscription not found", "unsubscribe"));
    }
  }

  @Test
  void shouldAnswerEveryErrorOfTheIntegrationTestTableWithItsCode() throws Exception {
    try (WsClient client = connect()) {
      client.send(subscribe("invalid_subscription_id", "blocks", "{\"block_status\":\"finalized\"}"));
      assertThat(client.next(WAIT)).isEqualTo(error("invalid_subscription_id", 400,
          "error parsing subscription id: subscription ID provided by the client must not exceed 20 characters",
          "subscribe"));
      client.send(subscribe("t1", "invalid_topic", "{}"));
      assertThat(client.next(WAIT)).isEqualTo(error("t1", 400,
          "error creating data provider: unsupported topic \\\"invalid_topic\\\"", "subscribe"));
      client.send(subscribe("t2", "", "{}"));
      assertThat(client.next(WAIT)).contains("\"code\":400", "error creating data provider: unsupported topic \\\"\\\"");
      client.send(subscribe("t3", "blocks", "{\"invalid_arg\":42}"));
      assertThat(client.next(WAIT)).isEqualTo(error("t3", 400,
          "error creating data provider: invalid arguments: unexpected field: 'invalid_arg'", "subscribe"));
      client.send(subscribe("x", "blocks", "{}"));
      assertThat(client.next(WAIT)).isEqualTo(error("x", 400,
          "error creating data provider: invalid arguments: missing 'block_status' field", "subscribe"));
      client.send("{\"action\":\"unsubscribe\",\"subscription_id\":\"non_existent_id\"}");
      assertThat(client.next(WAIT)).isEqualTo(error("non_existent_id", 404, "subscription not found", "unsubscribe"));
      client.send("{\"action\":\"unsubscribe\",\"subscription_id\":\"\"}");
      assertThat(client.next(WAIT)).isEqualTo(error("", 400,
          "error parsing subscription id: subscription ID provided by the client must not be empty", "unsubscribe"));
      client.send("{\"action\":\"foo\"}");
      assertThat(client.next(WAIT)).isEqualTo(error("", 400, "error parsing message: unknown action type: foo", ""));
      client.send("not json");
      assertThat(client.next(WAIT)).isEqualTo(error("", 400,
          "error reading message: invalid character 'o' in literal null (expecting 'u')", ""));
      client.send(" \n");
      assertThat(client.next(WAIT)).isEqualTo(error("", 400, "error reading message: unexpected EOF", ""));
      client.send("{\"action\":");
      assertThat(client.next(WAIT)).isEqualTo(error("", 400, "error reading message: unexpected EOF", ""));
      client.send("{\"subscription_id\":7,\"action\":\"subscribe\"}");
      assertThat(client.next(WAIT)).isEqualTo(error("", 400,
          "error parsing message: error unmarshalling base message: json: cannot unmarshal number into Go"
          + " struct field BaseMessageRequest.subscription_id of type string", ""));
      client.send("{\"action\":\"subscribe\",\"subscription_id\":\"a\",\"topic\":\"events\",\"arguments\":[1]}");
      assertThat(client.next(WAIT)).isEqualTo(error("", 400,
          "error parsing message: error unmarshalling subscribe message: json: cannot unmarshal array into Go"
          + " struct field SubscribeMessageRequest.arguments of type models.Arguments", ""));
      client.send("{\"action\":\"list_subscriptions\"}");
      assertThat(client.next(WAIT)).isEqualTo("{\"subscriptions\":null,\"action\":\"list_subscriptions\"}\n");
      assertThat(client.isOpen()).isTrue();
    }
  }

  @Test
  void shouldRefuseThe21stSubscriptionWith429AndListTheOthersWithTheirArguments() throws Exception {
    try (WsClient client = connect()) {
      for (int i = 0; i < 20; i++) {
        client.send(subscribe("s" + i, "transaction_statuses", "{\"tx_id\":\"" + "0".repeat(63) + "1\"}"));
        assertThat(client.next(WAIT)).isEqualTo(ack("s" + i, "subscribe"));
      }
      client.send(subscribe("s20", "block_digests", "{\"block_status\":\"finalized\"}"));
      assertThat(client.next(WAIT)).isEqualTo(error("s20", 429,
          "error creating new subscription: maximum number of subscriptions reached", "subscribe"));
      client.send("{\"action\":\"list_subscriptions\",\"subscription_id\":\"ignored\"}");
      final String list = client.next(WAIT);
      assertThat(list).startsWith("{\"subscriptions\":[{\"subscription_id\":\"s0\",\"topic\":\"transaction_statuses\","
          + "\"arguments\":{\"tx_id\":\"" + "0".repeat(63) + "1\"}},").endsWith("],\"action\":\"list_subscriptions\"}\n");
      assertThat(list.split("\"topic\"")).hasSize(21);
    }
  }

  @Test
  void shouldEchoArgumentsAsGoReMarshalsThem() throws Exception {
    try (WsClient client = connect()) {
      client.send(subscribe("e", "events",
          "{\"start_block_height\":1010,\"event_types\":[\"" + DEPOSITED
              + "\"],\"contracts\":[\"A.1654653399040a61.FlowToken\"]}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("e", "subscribe"));
      client.send("{\"action\":\"list_subscriptions\"}");
      String list = client.next(WAIT);
      while (!list.contains("list_subscriptions")) {
        list = client.next(WAIT);
      }
      assertThat(list).isEqualTo("{\"subscriptions\":[{\"subscription_id\":\"e\",\"topic\":\"events\",\"arguments\":"
          + "{\"contracts\":[\"A.1654653399040a61.FlowToken\"],\"event_types\":[\"" + DEPOSITED + "\"],"
          + "\"start_block_height\":1010}}],\"action\":\"list_subscriptions\"}\n");
    }
  }

  // ------------------------------------------------------------------ payloads

  @Test
  void shouldReplayBlockHeadersFromAStartHeightThenFollowLiveWithoutGapOrRepeat() throws Exception {
    try (WsClient client = connect()) {
      client.send(subscribe("h", "block_headers", "{\"block_status\":\"finalized\",\"start_block_height\":\"1025\"}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("h", "subscribe"));
      for (long h = 1025; h < FIRST + BLOCKS; h++) {
        assertThat(client.next(WAIT)).isEqualTo("{\"subscription_id\":\"h\",\"topic\":\"block_headers\",\"payload\":"
            + header(h) + "}\n");
      }
    }
  }

  @Test
  void shouldStreamDigestsWithBlockIdAndBlocksUnwrappedFromAStartBlockId() throws Exception {
    try (WsClient client = connect()) {
      client.send(subscribe("d", "block_digests",
          "{\"block_status\":\"sealed\",\"start_block_id\":\"" + id(1026) + "\"}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("d", "subscribe"));
      assertThat(client.next(WAIT)).isEqualTo("{\"subscription_id\":\"d\",\"topic\":\"block_digests\",\"payload\":"
          + "{\"block_id\":\"" + id(1026) + "\",\"height\":\"1026\",\"timestamp\":\"2024-03-19T15:22:38.6Z\"}}\n");
      client.send(subscribe("b", "blocks", "{\"block_status\":\"finalized\",\"start_block_height\":1029}"));
      String message = client.next(WAIT);
      while (!message.contains("\"b\"")) {
        message = client.next(WAIT);
      }
      assertThat(message).isEqualTo(ack("b", "subscribe"));
      message = client.next(WAIT);
      while (!message.contains("\"b\"")) {
        message = client.next(WAIT);
      }
      assertThat(message).isEqualTo("{\"subscription_id\":\"b\",\"topic\":\"blocks\",\"payload\":{\"header\":"
          + header(1029) + ",\"payload\":{\"collection_guarantees\":[],\"block_seals\":[]},\"_expandable\":{},"
          + "\"_links\":{\"_self\":\"/v1/blocks/" + id(1029) + "\"},\"block_status\":\"BLOCK_FINALIZED\"}}\n");
    }
  }

  @Test
  void shouldSendEventsAsBase64JsonCdcAndHeartbeatsWithoutTheEventsKey() throws Exception {
    try (WsClient client = connect()) {
      client.send(subscribe("ev", "events",
          "{\"start_block_height\":\"1004\",\"event_types\":[\"" + DEPOSITED + "\"]}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("ev", "subscribe"));
      assertThat(client.next(WAIT)).isEqualTo("{\"subscription_id\":\"ev\",\"topic\":\"events\",\"payload\":"
          + "{\"block_id\":\"" + id(1004) + "\",\"block_height\":\"1004\",\"block_timestamp\":\"2024-03-19T15:22:16.6Z\","
          + "\"message_index\":0}}\n");
      assertThat(client.next(WAIT)).isEqualTo("{\"subscription_id\":\"ev\",\"topic\":\"events\",\"payload\":"
          + "{\"block_id\":\"" + id(1005) + "\",\"block_height\":\"1005\",\"block_timestamp\":\"2024-03-19T15:22:17.6Z\","
          + "\"events\":[{\"type\":\"" + DEPOSITED + "\",\"transaction_id\":\"" + TX + "\",\"transaction_index\":\"0\","
          + "\"event_index\":\"0\",\"payload\":\"" + b64(CDC) + "\"}],\"message_index\":1}}\n");
      assertThat(client.next(WAIT)).contains("\"block_height\":\"1006\"", "\"message_index\":2}}\n")
          .doesNotContain("\"events\":");
    }
  }

  @Test
  void shouldSendAccountStatusesKeyedByAddressWithEmptyHeartbeats() throws Exception {
    try (WsClient client = connect()) {
      client.send(subscribe("acc", "account_statuses",
          "{\"start_block_height\":1004,\"event_types\":[\"flow.AccountCreated\"],\"addresses\":[\"" + ACCOUNT
              + "\"]}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("acc", "subscribe"));
      assertThat(client.next(WAIT)).isEqualTo("{\"subscription_id\":\"acc\",\"topic\":\"account_statuses\",\"payload\":"
          + "{\"block_id\":\"" + id(1004) + "\",\"height\":\"1004\",\"account_events\":{},\"message_index\":0}}\n");
      assertThat(client.next(WAIT)).isEqualTo("{\"subscription_id\":\"acc\",\"topic\":\"account_statuses\",\"payload\":"
          + "{\"block_id\":\"" + id(1005) + "\",\"height\":\"1005\",\"account_events\":{\"" + ACCOUNT + "\":["
          + "{\"type\":\"flow.AccountCreated\",\"transaction_id\":\"" + TX + "\",\"transaction_index\":\"0\","
          + "\"event_index\":\"1\",\"payload\":\"" + b64(CREATED) + "\"}]},\"message_index\":1}}\n");
    }
  }

  @Test
  void shouldSendEveryTransactionStatusInOrderThenEndSilently() throws Exception {
    try (WsClient client = connect()) {
      client.send(subscribe("tx", "transaction_statuses", "{\"tx_id\":\"" + TX + "\"}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("tx", "subscribe"));
      assertThat(client.next(WAIT)).isEqualTo("{\"subscription_id\":\"tx\",\"topic\":\"transaction_statuses\","
          + "\"payload\":{\"transaction_result\":{\"block_id\":\"\",\"collection_id\":\"\",\"execution\":\"Pending\","
          + "\"status\":\"Pending\",\"status_code\":0,\"error_message\":\"\",\"computation_used\":\"0\",\"events\":[],"
          + "\"_links\":{\"_self\":\"/v1/transaction_results/" + TX + "\"}},\"message_index\":0}}\n");
      assertThat(client.next(WAIT)).contains("\"status\":\"Finalized\"", "\"block_id\":\"" + id(1005) + "\"",
          "\"message_index\":1}");
      assertThat(client.next(WAIT)).contains("\"execution\":\"Pending\",\"status\":\"Executed\"",
          "\"computation_used\":\"42\"", "\"message_index\":2}");
      assertThat(client.next(WAIT)).contains("\"execution\":\"Success\",\"status\":\"Sealed\"",
          "\"event_index\":\"1\"", "\"message_index\":3}");
      client.send(unsubscribe("tx"));
      assertThat(client.next(WAIT)).isEqualTo(error("tx", 404, "subscription not found", "unsubscribe"));
    }
  }

  // ------------------------------------------------------------------ limits

  @Test
  void shouldPaceASubscriptionOverItsRateWithoutDroppingAnything() throws Exception {
    try (WsClient client = connect()) {
      client.send(subscribe("p", "block_digests", "{\"block_status\":\"finalized\",\"start_block_height\":\"1000\"}"));
      assertThat(client.next(WAIT)).isEqualTo(ack("p", "subscribe"));
      final long first = System.nanoTime();
      final List<String> heights = new ArrayList<>();
      for (int i = 0; i < BLOCKS; i++) {
        final String message = client.next(WAIT);
        heights.add(message.replaceAll(".*\"height\":\"(\\d+)\".*\\s*", "$1"));
      }
      final double seconds = (System.nanoTime() - first) / 1e9;
      final List<String> expected = new ArrayList<>();
      for (long h = FIRST; h < FIRST + BLOCKS; h++) {
        expected.add(Long.toString(h));
      }
      assertThat(heights).isEqualTo(expected);
      assertThat(seconds).as("30 messages at 20 per second").isGreaterThan((BLOCKS - 2) / 20.0);
    }
  }

  @Test
  void shouldCloseAnIdleConnectionAtTheInactivityTimeout() throws Exception {
    try (WsClient idle = connect(); WsClient busy = connect()) {
      busy.send(subscribe("keep", "transaction_statuses", "{\"tx_id\":\"" + "f".repeat(64) + "\"}"));
      assertThat(busy.next(WAIT)).contains("\"action\":\"subscribe\"");
      final long start = System.nanoTime();
      final CloseReason reason = idle.awaitClose(WAIT);
      assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.NORMAL_CLOSURE);
      assertThat(reason.getReasonPhrase()).isEqualTo("inactivity timeout");
      assertThat((System.nanoTime() - start) / 1e6).isLessThan(5000);
      assertThat(busy.isOpen()).as("a connection with a subscription stays").isTrue();
    }
  }

  // ------------------------------------------------------------------ REST

  @Test
  void shouldAnswerTheRestCallsFclMakesFromTheChainData() throws Exception {
    final HttpClient http = HttpClient.newHttpClient();
    final HttpResponse<String> parameters = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gateway.port() + "/v1/network/parameters")).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(parameters.statusCode()).isEqualTo(200);
    assertThat(parameters.body()).isEqualTo("{\"chain_id\":\"flow-mainnet\"}\n");
    assertThat(parameters.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    final HttpResponse<String> sealed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gateway.port() + "/v1/blocks?height=sealed")).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(sealed.body()).startsWith("[{\"header\":" + header(FIRST + BLOCKS - 3)).contains("BLOCK_SEALED");
    final HttpResponse<String> result = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + gateway.port() + "/v1/transaction_results/" + TX)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(result.body()).contains("\"status\":\"Sealed\"");
  }
}
