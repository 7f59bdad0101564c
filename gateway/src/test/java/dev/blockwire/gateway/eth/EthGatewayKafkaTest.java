package dev.blockwire.gateway.eth;

import static dev.blockwire.gateway.eth.EthTestChain.ALICE;
import static dev.blockwire.gateway.eth.EthTestChain.APPROVAL;
import static dev.blockwire.gateway.eth.EthTestChain.BOB;
import static dev.blockwire.gateway.eth.EthTestChain.TRANSFER;
import static dev.blockwire.gateway.eth.EthTestChain.USDT;
import static dev.blockwire.gateway.eth.EthTestChain.WETH;
import static dev.blockwire.gateway.eth.EthTestChain.expectedBlock;
import static dev.blockwire.gateway.eth.EthTestChain.expectedHead;
import static dev.blockwire.gateway.eth.EthTestChain.expectedLog;
import static dev.blockwire.gateway.eth.EthTestChain.hex;
import static dev.blockwire.gateway.eth.EthTestChain.log;
import static dev.blockwire.gateway.eth.EthTestChain.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.config.Config;
import dev.blockwire.gateway.BrokerAndGateways;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.GatewayServer;
import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.RawWsClient;
import dev.blockwire.gateway.WsClient;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthLog;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ethereum endpoint against geth's wire, over real websocket connections to a gateway that
 * follows a real broker: every request/response pair of the spec (errors included) is compared
 * byte for byte with what geth sends; notifications for extensions and reorgs in geth's order;
 * the opt-in extensions; and the transport limits (slow client, read limit, pings, origins).
 *
 * <p>Three gateways follow the same chain: {@code gateway} (defaults; finalized/safe depths 2/1),
 * {@code strict} (NEAR off so /eth is also on /, geth v1.16, extensions off, small limits) and
 * {@code tight} (a queue of 50 for the slow-client and replay-pacing cases).
 */
class EthGatewayKafkaTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final Pattern SUBSCRIPTION = Pattern.compile("^\\{\"jsonrpc\":\"2\\.0\",\"id\":(.*),\"result\":\"(0x[0-9a-f]{1,32})\"}$");

  @TempDir
  static Path dataDir;
  static BrokerAndGateways kafka;
  static EthTestChain chain;
  static GatewayServer gateway;
  static GatewayServer strict;
  static GatewayServer tight;

  @BeforeAll
  static void startBrokerAndGateways() throws Exception {
    kafka = BrokerAndGateways.start(dataDir);
    chain = new EthTestChain(kafka.producer());
    // history before the gateways start: they must load it from Kafka
    for (int i = 0; i < 4; i++) {
      chain.extend(log(USDT, "0x" + "00".repeat(31) + "0" + i, TRANSFER, ALICE, BOB));
    }
    final Config base = kafka.config();
    gateway = kafka.gateway(base.with("gateway.eth.finalized-depth", "2").with("gateway.eth.safe-depth", "1"));
    final int strictPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      strictPort = probe.getLocalPort(); // fixed up front: the allowed origins name it (Tyrus' client sends one)
    }
    strict = kafka.gateway(base
        .with("gateway.port", Integer.toString(strictPort))
        .with("gateway.near.enabled", "false")
        .with("gateway.eth.geth-version", "v1.16")
        .with("gateway.eth.extensions", "false")
        .with("gateway.eth.chain-id", "0xaa36a7")
        .with("gateway.eth.max-subscriptions", "3")
        .with("gateway.eth.read-limit-bytes", "4096")
        .with("gateway.eth.batch-response-max-bytes", "20")
        .with("gateway.eth.ping-interval-ms", "300")
        .with("gateway.eth.pong-timeout-ms", "300")
        .with("gateway.eth.allowed-origins", "http://good.example, http://127.0.0.1:" + strictPort));
    tight = kafka.gateway(base.with("gateway.eth.queue-limit", "50"));
    for (GatewayServer server : List.of(gateway, strict, tight)) {
      assertThat(server.awaitReady(WAIT)).isTrue();
    }
    awaitHead(chain.head());
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  // ---- helpers ----

  static String url(GatewayServer server, String path) {
    return "ws://127.0.0.1:" + server.port() + path;
  }

  static WsClient connect(GatewayServer server) throws Exception {
    return WsClient.connect(url(server, "/eth"));
  }

  static String request(Object id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
  }

  static String ok(Object id, String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
  }

  /** An error response; {@code message} is written as JSON text (already escaped). */
  static String error(Object id, int code, String message) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}";
  }

  static String call(WsClient client, String request) throws Exception {
    client.send(request);
    return client.next(WAIT);
  }

  /** Sends and asserts the exact reply. */
  static void expect(WsClient client, String request, String reply) throws Exception {
    assertThat(call(client, request)).as(request).isEqualTo(reply);
  }

  /** Subscribes and returns the new subscription's id; the response is the first message. */
  static String subscribe(WsClient client, int id, String params) throws Exception {
    final String response = call(client, request(id, "eth_subscribe", params));
    final Matcher matcher = SUBSCRIPTION.matcher(response);
    assertThat(matcher.matches()).as(response).isTrue();
    assertThat(matcher.group(1)).isEqualTo(Integer.toString(id));
    return matcher.group(2);
  }

  /** Asserts nothing was sent since: the next message answers this probe (on a gateway with chain id 1). */
  static void expectNothingBefore(WsClient client, int probeId) throws Exception {
    expect(client, request(probeId, "eth_chainId", "[]"), ok(probeId, "\"0x1\""));
  }

  /** Sends a message the server may close the connection on before the client's send call returns. */
  static void sendRacingClose(WsClient client, String message) {
    try {
      client.send(message);
    } catch (RuntimeException | java.io.IOException closedWhileSending) {
      // the close reason and the messages received say what happened
    }
  }

  static void awaitHead(long number) throws InterruptedException {
    final long deadline = System.nanoTime() + WAIT.toNanos();
    for (GatewayServer server : List.of(gateway, strict, tight)) {
      while (server.ethFeed().head() < number) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("gateway head " + server.ethFeed().head() + " never reached " + number);
        }
        Thread.sleep(5); // polling a condition, bounded by the deadline
      }
    }
  }

  static EthChainBlock extend(EthTestChain.LogSpec... logs) throws Exception {
    final EthChainBlock block = chain.extend(logs);
    awaitHead(block.getHeader().getNumber());
    return block;
  }

  static String headJson(EthChainBlock block) {
    return expectedHead(block, true);
  }

  static String filterFor(String address) {
    return "[\"logs\",{\"address\":\"" + address + "\"}]";
  }

  static String uniqueAddress() {
    return String.format("0x%040x", System.nanoTime());
  }

  // ---- §2.1 framing ----

  @Test
  void shouldAnswerACallAndEchoItsIdByteForByte() throws Exception {
    try (WsClient client = connect(gateway)) {
      for (String id : List.of("1", "\"abc\"", "null", "1.0", "1e3", "-0", "1E+3", "\"a\\u0062c\"", "true",
          "18446744073709551616", "\"\"")) {
        expect(client, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"eth_chainId\",\"params\":[]}",
            "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"0x1\"}");
      }
      // params may be missing or null; whitespace and key order of the request do not matter
      expect(client, "{\"method\":\"eth_chainId\",\"id\":2,\"jsonrpc\":\"2.0\"}", ok(2, "\"0x1\""));
      expect(client, " { \"jsonrpc\" : \"2.0\" , \"id\" : 3 , \"method\" : \"eth_chainId\" , \"params\" : null } ",
          ok(3, "\"0x1\""));
      // viem's keep-alive
      expect(client, "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"net_version\",\"params\":[]}", ok("null", "\"1\""));
    }
  }

  @Test
  void shouldExecuteANotificationWithoutReplying() throws Exception {
    try (WsClient client = connect(gateway)) {
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}");
      expectNothingBefore(client, 2);
      final EthChainBlock block = extend();
      final String message = client.next(WAIT);
      assertThat(message).matches("\\{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":\\{\"subscription\":\"0x[0-9a-f]{1,32}\",\"result\":.*")
          .endsWith(",\"result\":" + headJson(block) + "}}");
    }
  }

  @Test
  void shouldAnswerInvalidRequestsAsGeth() throws Exception {
    try (WsClient client = connect(gateway)) {
      expect(client, "{\"jsonrpc\":\"2.1\",\"id\":1,\"method\":\"eth_chainId\"}", error(1, -32600, "invalid request"));
      expect(client, "{\"id\":1}", error(1, -32600, "invalid request"));
      expect(client, "{\"jsonrpc\":\"2.0\",\"id\":\"x\"}", error("\"x\"", -32600, "invalid request"));
      expect(client, "{\"jsonrpc\":2.0,\"id\":1,\"method\":\"eth_chainId\"}", error(1, -32600, "invalid request"));
      expect(client, "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"eth_chainId\"}",
          error("null", -32600, "invalid request"));
      expect(client, "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"eth_chainId\"}", error("null", -32600, "invalid request"));
      expect(client, "1", error("null", -32600, "invalid request"));
      expect(client, "null", error("null", -32600, "invalid request"));
      expect(client, "\"eth_chainId\"", error("null", -32600, "invalid request"));
      expect(client, "{}", error("null", -32600, "invalid request"));
      expect(client, "[1]", "[" + error("null", -32600, "invalid request") + "]");
    }
  }

  @Test
  void shouldDropClientSideTrafficSilently() throws Exception {
    try (WsClient client = connect(gateway)) {
      client.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x1\"}");
      client.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32000,\"message\":\"x\"}}");
      client.send("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"0x1\",\"result\":1}}");
      client.send("[{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":true}]");
      expectNothingBefore(client, 10);
    }
  }

  @Test
  void shouldRequireArrayParamsAndCountArgumentsAsGeth() throws Exception {
    try (WsClient client = connect(gateway)) {
      expect(client, request(1, "eth_chainId", "{}"), error(1, -32602, "non-array args"));
      expect(client, request(2, "eth_chainId", "\"x\""), error(2, -32602, "non-array args"));
      expect(client, request(3, "eth_chainId", "[1]"), error(3, -32602, "too many arguments, want at most 0"));
      expect(client, request(4, "eth_getBlockByNumber", "[\"latest\"]"),
          error(4, -32602, "missing value for required argument 1"));
      expect(client, request(5, "eth_getBlockByNumber", "[]"), error(5, -32602, "missing value for required argument 0"));
      expect(client, request(6, "eth_getBlockByNumber", "[\"latest\",\"yes\"]"),
          error(6, -32602, "invalid argument 1: json: cannot unmarshal string into Go value of type bool"));
      expect(client, request(7, "eth_getBlockByNumber", "[\"0x010\",false]"),
          error(7, -32602, "invalid argument 0: hex number with leading zero digits"));
      expect(client, request(8, "eth_getBlockByNumber", "[\"LATEST\",false]"),
          error(8, -32602, "invalid argument 0: hex string without 0x prefix"));
      expect(client, request(9, "eth_getBlockByHash", "[\"0x12\",false]"),
          error(9, -32602, "invalid argument 0: hex string has length 2, want 64 for common.Hash"));
      expect(client, request(10, "eth_getBlockByHash", "[12,false]"),
          error(10, -32602, "invalid argument 0: json: cannot unmarshal non-string into Go value of type common.Hash"));
    }
  }

  @Test
  void shouldAnswerUnknownMethodsAndOverlongNamesAsGeth() throws Exception {
    try (WsClient client = connect(gateway)) {
      expect(client, request(1, "eth_foo", "[]"), error(1, -32601, "the method eth_foo does not exist/is not available"));
      expect(client, request(2, "eth_getTransactionReceipt", "[\"0x" + "1".repeat(64) + "\"]"),
          error(2, -32601, "the method eth_getTransactionReceipt does not exist/is not available"));
      expect(client, request(3, "eth_subscription", "[]"),
          error(3, -32601, "the method eth_subscription does not exist/is not available"));
      expect(client, request(4, "eth_<x>&", "[]"),
          error(4, -32601, "the method eth_\\u003cx\\u003e\\u0026 does not exist/is not available"));
      final String longest = "eth_" + "a".repeat(2044);
      expect(client, request(5, longest, "[]"), error(5, -32601, "the method " + longest + " does not exist/is not available"));
      expect(client, request(6, longest + "a", "[]"), error(6, -32600, "method name too long: 2049 \\u003e 2048")); // json.Marshal escapes >
      expect(client, request(7, "eth_chainid", "[]"), error(7, -32601, "the method eth_chainid does not exist/is not available"));
    }
  }

  // ---- §2.3 batches ----

  @Test
  void shouldAnswerBatchesAsGeth() throws Exception {
    final String invalid = error("null", -32600, "invalid request");
    try (WsClient client = connect(gateway)) {
      expect(client, "[]", error("null", -32600, "empty batch"));
      expect(client, "[ ]", error("null", -32600, "empty batch"));
      expect(client, "[1,2,3]", "[" + invalid + "," + invalid + "," + invalid + "]");
      expect(client, "[null]", "[" + invalid + "]");
      expect(client, "[" + request(1, "eth_chainId", "[]") + ",55," + request(2, "unknown_method", "[]")
              + ",{\"foo\":\"bar\"}]",
          "[" + ok(1, "\"0x1\"") + "," + invalid + ","
              + error(2, -32601, "the method unknown_method does not exist/is not available") + "," + invalid + "]");
      // calls run in order; notifications get no entry; an all-notification batch gets no reply at all
      expect(client, "[" + request(1, "web3_clientVersion", "[]") + ",{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"},"
              + request("\"b\"", "net_version", "[]") + "]",
          "[" + ok(1, "\"Blockwire/0.1.0\"") + "," + ok("\"b\"", "\"1\"") + "]");
      client.send("[{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"},{\"jsonrpc\":\"2.0\",\"method\":\"net_version\"}]");
      expectNothingBefore(client, 3);
      // over the 1000-item limit: one error, with the first call's id (or null)
      final StringBuilder big = new StringBuilder("[{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}");
      for (int i = 0; i < 1000; i++) {
        big.append(',').append(request(100 + i, "eth_chainId", "[]"));
      }
      expect(client, big.append(']').toString(), "[" + error(100, -32600, "batch too large") + "]");
      final StringBuilder noCalls = new StringBuilder("[1");
      for (int i = 0; i < 1000; i++) {
        noCalls.append(",1");
      }
      expect(client, noCalls.append(']').toString(), "[" + error("null", -32600, "batch too large") + "]");
      final StringBuilder atLimit = new StringBuilder("[");
      for (int i = 0; i < 1000; i++) {
        atLimit.append(i == 0 ? "" : ",").append(request(i, "eth_chainId", "[]"));
      }
      final JsonNode replies = Json.MAPPER.readTree(call(client, atLimit.append(']').toString()));
      assertThat(replies.size()).isEqualTo(1000);
      assertThat(replies.get(999).get("id").asInt()).isEqualTo(999);
    }
  }

  @Test
  void shouldCutABatchReplyAtTheResponseSizeLimit() throws Exception {
    try (WsClient client = WsClient.connect(url(strict, "/eth"))) {
      // limit 20 result bytes: "0xaa36a7" (10) + "Blockwire/0.1.0" (17) > 20, the rest get -32003
      expect(client, "[" + request(1, "eth_chainId", "[]") + "," + request(2, "web3_clientVersion", "[]") + ","
              + request(3, "eth_chainId", "[]") + ",{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"},"
              + request("null", "net_version", "[]") + "]",
          "[" + ok(1, "\"0xaa36a7\"") + "," + ok(2, "\"Blockwire/0.1.0\"") + ","
              + error(3, -32003, "response too large") + "," + error("null", -32003, "response too large") + "]");
    }
  }

  @Test
  void shouldStartBatchSubscriptionsOnlyAfterTheBatchReply() throws Exception {
    try (WsClient client = connect(gateway)) {
      client.send("[" + request(1, "eth_subscribe", "[\"newHeads\"]") + "," + request(2, "eth_chainId", "[]") + "]");
      final String reply = client.next(WAIT);
      final Matcher matcher = Pattern.compile("^\\[\\{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"(0x[0-9a-f]+)\"},"
          + "\\{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"0x1\"}]$").matcher(reply);
      assertThat(matcher.matches()).as(reply).isTrue();
      final EthChainBlock block = extend();
      assertThat(client.next(WAIT)).isEqualTo(notification(matcher.group(1), headJson(block)));
    }
  }

  // ---- §3 parse errors ----

  @Test
  void shouldAnswerAParseErrorWithGoTextThenClose() throws Exception {
    final Map<String, String> cases = Map.of(
        "'f", "invalid character '\\\\'' looking for beginning of value",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":x}", "invalid character 'x' looking for beginning of value",
        "{\"a\" 1}", "invalid character '1' after object key",
        "[1,]", "invalid character ']' looking for beginning of value",
        "{\"id\":1,}", "invalid character '}' looking for beginning of object key string",
        "\"\\q\"", "invalid character 'q' in string escape code");
    for (Map.Entry<String, String> entry : cases.entrySet()) {
      try (WsClient client = connect(gateway)) {
        client.send(request(1, "eth_chainId", "[]"));
        sendRacingClose(client, entry.getKey());
        sendRacingClose(client, request(2, "eth_chainId", "[]")); // never answered: nothing is read after a parse error
        assertThat(client.next(WAIT)).isEqualTo(ok(1, "\"0x1\""));
        assertThat(client.next(WAIT)).as(entry.getKey()).isEqualTo(error("null", -32700, entry.getValue()));
        final CloseReason reason = client.awaitClose(WAIT);
        assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.NOT_CONSISTENT);
        assertThat(client.pending()).isZero();
      }
    }
  }

  @Test
  void shouldCloseWithoutAReplyWhenTheMessageEndsInsideAValue() throws Exception {
    for (String truncated : List.of("{\"jsonrpc\":\"2.0\",\"id\":1", "", "  ", "nul")) {
      try (WsClient client = connect(gateway)) {
        sendRacingClose(client, truncated);
        final CloseReason reason = client.awaitClose(WAIT);
        assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.NOT_CONSISTENT);
        assertThat(client.pending()).as("reply to %s", truncated).isZero();
      }
    }
  }

  // ---- §5 subscribe / unsubscribe ----

  @Test
  void shouldRejectBadSubscribeParamsAsGeth() throws Exception {
    try (WsClient client = connect(gateway)) {
      expect(client, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\"}", error(1, -32602, "non-array args"));
      expect(client, request(2, "eth_subscribe", "{}"), error(2, -32602, "non-array args"));
      expect(client, request(3, "eth_subscribe", "[]"), error(3, -32602, "expected subscription name as first argument"));
      expect(client, request(4, "eth_subscribe", "[1]"), error(4, -32602, "expected subscription name as first argument"));
      expect(client, request(5, "eth_subscribe", "[\"foo\"]"),
          error(5, -32601, "no \\\"foo\\\" subscription in eth namespace"));
      expect(client, request(6, "eth_subscribe", "[\"NewHeads\"]"),
          error(6, -32601, "no \\\"NewHeads\\\" subscription in eth namespace"));
      expect(client, request(7, "foo_subscribe", "[\"newHeads\"]"),
          error(7, -32601, "no \\\"newHeads\\\" subscription in foo namespace"));
      expect(client, request(8, "eth_subscribe", "[\"newHeads\",1]"), error(8, -32602, "too many arguments, want at most 1"));
      expect(client, request(9, "eth_subscribe", "[\"syncing\",null]"), error(9, -32602, "too many arguments, want at most 1"));
      expect(client, request(10, "eth_subscribe", "[\"newPendingTransactions\",\"x\"]"),
          error(10, -32602, "invalid argument 1: json: cannot unmarshal string into Go value of type bool"));
      expect(client, request(11, "eth_subscribe", "[\"newPendingTransactions\",true,1]"),
          error(11, -32602, "too many arguments, want at most 2"));
      expect(client, request(12, "eth_subscribe", "[\"logs\"]"), error(12, -32602, "missing value for required argument 1"));
      expect(client, request(13, "eth_subscribe", "[\"logs\",{},1]"), error(13, -32602, "too many arguments, want at most 2"));
      expect(client, request(14, "eth_subscribe", "[\"transactionReceipts\"]"),
          error(14, -32601, "no \\\"transactionReceipts\\\" subscription in eth namespace"));
      expect(client, request(15, "eth_subscribe", "[\"a\\\"b\"]"),
          error(15, -32601, "no \\\"a\\\\\\\"b\\\" subscription in eth namespace"));
    }
  }

  @Test
  void shouldUnsubscribeOnlyThisConnectionsSubscriptions() throws Exception {
    try (WsClient client = connect(gateway); WsClient other = connect(gateway)) {
      final String heads = subscribe(client, 1, "[\"newHeads\"]");
      final String others = subscribe(other, 1, "[\"newHeads\"]");
      expect(client, request(2, "eth_unsubscribe", "[\"" + others + "\"]"), error(2, -32000, "subscription not found"));
      expect(client, request(3, "eth_unsubscribe", "[\"" + heads + "\"]"), ok(3, "true"));
      expect(client, request(4, "eth_unsubscribe", "[\"" + heads + "\"]"), error(4, -32000, "subscription not found"));
      expect(client, request(5, "eth_unsubscribe", "[\"0x1\"]"), error(5, -32000, "subscription not found"));
      expect(client, request(6, "eth_unsubscribe", "[]"), error(6, -32602, "missing value for required argument 0"));
      expect(client, request(7, "eth_unsubscribe", "[1]"),
          error(7, -32602, "invalid argument 0: json: cannot unmarshal number into Go value of type rpc.ID"));
      expect(client, request(8, "eth_unsubscribe", "[\"a\",\"b\"]"), error(8, -32602, "too many arguments, want at most 1"));
      // any namespace's unsubscribe removes any subscription of the connection
      final String logs = subscribe(client, 9, "[\"logs\",{}]");
      expect(client, request(10, "foo_unsubscribe", "[\"" + logs + "\"]"), ok(10, "true"));
      // nothing more for the removed subscriptions; the other connection still gets its own
      final EthChainBlock block = extend();
      assertThat(other.next(WAIT)).isEqualTo(notification(others, headJson(block)));
      expectNothingBefore(client, 11);
    }
  }

  @Test
  void shouldAnswerSyncingWithFalseAfterTheResponse() throws Exception {
    try (WsClient client = connect(gateway)) {
      final String id = subscribe(client, 1, "[\"syncing\"]");
      assertThat(client.next(WAIT)).isEqualTo(notification(id, "false"));
      expect(client, request(2, "eth_syncing", "[]"), ok(2, "false"));
    }
  }

  @Test
  void shouldAcceptNewPendingTransactionsAndStaySilent() throws Exception {
    try (WsClient client = connect(gateway)) {
      subscribe(client, 1, "[\"newPendingTransactions\"]");
      subscribe(client, 2, "[\"newPendingTransactions\",true]");
      subscribe(client, 3, "[\"newPendingTransactions\",null]");
      extend(log(USDT, "0x", TRANSFER));
      expectNothingBefore(client, 4);
    }
  }

  @Test
  void shouldWriteEachSubscribeResponseBeforeItsFirstNotification() throws Exception {
    final AtomicReference<Exception> failure = new AtomicReference<>();
    final Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < 30; i++) {
          chain.extend(log(USDT, "0x", TRANSFER));
        }
      } catch (Exception e) {
        failure.set(e);
      }
    });
    try (WsClient client = connect(gateway)) {
      writer.start();
      final Set<String> known = new HashSet<>();
      for (int i = 1; i <= 20; i++) {
        client.send(request(i, "eth_subscribe", "[\"newHeads\"]"));
        while (true) {
          final String message = client.next(WAIT);
          final Matcher response = SUBSCRIPTION.matcher(message);
          if (response.matches()) {
            assertThat(response.group(1)).isEqualTo(Integer.toString(i));
            known.add(response.group(2));
            break;
          }
          final String subscription = Json.MAPPER.readTree(message).get("params").get("subscription").asText();
          assertThat(known).as("notification before its subscribe response").contains(subscription);
        }
      }
      writer.join(WAIT.toMillis());
      assertThat(failure.get()).isNull();
    }
    awaitHead(chain.head());
  }

  // ---- §6.1 logs filter validation ----

  @Test
  void shouldRejectBadLogFiltersWithGethsMessages() throws Exception {
    final String[][] cases = {
        {"{\"address\":5}", "-32602", "invalid argument 1: invalid addresses in query"},
        {"{\"address\":[5]}", "-32602", "invalid argument 1: non-string address at index 0"},
        {"{\"address\":\"0x12\"}", "-32602",
            "invalid argument 1: invalid address: hex has invalid length 1 after decoding; expected 20 for address"},
        {"{\"address\":[\"0xzz\"]}", "-32602", "invalid argument 1: invalid address at index 0: invalid hex string"},
        {"{\"address\":\"abc\"}", "-32602", "invalid argument 1: invalid address: hex string without 0x prefix"},
        {"{\"address\":\"0x123\"}", "-32602", "invalid argument 1: invalid address: hex string of odd length"},
        {"{\"topics\":[null,null,null,null,null]}", "-32602", "invalid argument 1: exceed max topics"},
        {"{\"topics\":[5]}", "-32602", "invalid argument 1: invalid topic(s)"},
        {"{\"topics\":[[5]]}", "-32602", "invalid argument 1: invalid topic(s)"},
        {"{\"topics\":[\"0x12\"]}", "-32602",
            "invalid argument 1: hex has invalid length 1 after decoding; expected 32 for topic"},
        {"{\"topics\":[\"12\"]}", "-32602", "invalid argument 1: hex string without 0x prefix"},
        {"{\"topics\":\"x\"}", "-32602",
            "invalid argument 1: json: cannot unmarshal string into Go struct field input.topics of type []interface {}"},
        {"{\"blockHash\":\"0x" + "1".repeat(64) + "\",\"fromBlock\":\"0x1\"}", "-32602",
            "invalid argument 1: cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other"},
        {"{\"fromBlock\":\"pending\"}", "-32602", "pending logs are not supported"},
        {"{\"toBlock\":\"pending\"}", "-32602", "pending logs are not supported"},
        {"{\"fromBlock\":\"safe\"}", "-32602", "invalid block range params"},
        {"{\"fromBlock\":\"0x1\",\"toBlock\":\"finalized\"}", "-32602", "invalid block range params"},
        {"{\"fromBlock\":\"0x10\",\"toBlock\":\"0x5\"}", "-32602", "invalid block range params"},
        {"{\"fromBlock\":\"latest\",\"toBlock\":\"0x5\"}", "-32602", "invalid block range params"},
        {"{\"fromBlock\":\"0x010\"}", "-32602", "invalid argument 1: hex number with leading zero digits"},
        {"\"abc\"", "-32602", "invalid argument 1: json: cannot unmarshal string into Go value of type filters.input"},
    };
    try (WsClient client = connect(gateway)) {
      int id = 1;
      for (String[] c : cases) {
        expect(client, request(id, "eth_subscribe", "[\"logs\"," + c[0] + "]"),
            error(id, Integer.parseInt(c[1]), c[2].replace("\"", "\\\"")));
        id++;
      }
      final StringBuilder many = new StringBuilder("{\"address\":[");
      for (int i = 0; i < 1001; i++) {
        many.append(i == 0 ? "" : ",").append(String.format("\"0x%040x\"", i));
      }
      expect(client, request(id, "eth_subscribe", "[\"logs\"," + many + "]}]"),
          error(id, -32000, "exceed max addresses or topics per search position"));
      // accepted: an empty filter, null, fromBlock earliest, a range in the past (silent), blockHash alone
      for (String accepted : List.of("{}", "null", "{\"fromBlock\":\"earliest\"}", "{\"fromBlock\":\"0x1\",\"toBlock\":\"0x2\"}",
          "{\"blockHash\":\"0x" + "1".repeat(64) + "\"}", "{\"address\":[],\"topics\":[]}")) {
        subscribe(client, ++id, "[\"logs\"," + accepted + "]");
      }
    }
  }

  // ---- §5.1 / §6 notifications ----

  @Test
  void shouldSendNewHeadsThenOneNotificationPerLogForAnExtension() throws Exception {
    try (WsClient client = connect(gateway)) {
      final String heads = subscribe(client, 1, "[\"newHeads\"]");
      final String logs = subscribe(client, 2, "[\"logs\",{\"address\":[\"" + USDT + "\",\"" + WETH + "\"]}]");
      final EthChainBlock block = extend(log(USDT, "0x01", TRANSFER, ALICE, BOB), log(WETH, "0x", APPROVAL),
          log(uniqueAddress(), "0x", TRANSFER));
      assertThat(client.next(WAIT)).isEqualTo(notification(heads, headJson(block)));
      assertThat(client.next(WAIT)).isEqualTo(notification(logs, expectedLog(block.getLogs().get(0), false)));
      assertThat(client.next(WAIT)).isEqualTo(notification(logs, expectedLog(block.getLogs().get(1), false)));
      expectNothingBefore(client, 3);
    }
  }

  @Test
  void shouldSendAReorgInGethsOrder() throws Exception {
    final String address = uniqueAddress();
    try (WsClient client = connect(gateway)) {
      final EthChainBlock first = extend(log(address, "0xa1", TRANSFER), log(address, "0xa2", TRANSFER));
      final EthChainBlock second = extend(log(address, "0xb1", TRANSFER));
      final String heads = subscribe(client, 1, "[\"newHeads\"]");
      final String logs = subscribe(client, 2, filterFor(address));
      final List<EthChainBlock> branch = chain.reorg(2, List.of(List.of(log(address, "0xc1", TRANSFER)),
          List.of(log(address, "0xd1", TRANSFER)), List.of(log(address, "0xe1", TRANSFER))));
      awaitHead(chain.head());
      final List<String> expected = new ArrayList<>();
      for (EthChainBlock dropped : List.of(first, second)) {
        for (EthLog removed : dropped.getLogs()) {
          expected.add(notification(logs, expectedLog(removed, true))); // old hash and number, removed:true
        }
      }
      expected.add(notification(logs, expectedLog(branch.get(0).getLogs().get(0), false)));
      expected.add(notification(logs, expectedLog(branch.get(1).getLogs().get(0), false)));
      expected.add(notification(heads, headJson(branch.get(2))));
      expected.add(notification(logs, expectedLog(branch.get(2).getLogs().get(0), false)));
      for (String message : expected) {
        assertThat(client.next(WAIT)).isEqualTo(message);
      }
      expectNothingBefore(client, 3);
    }
  }

  @Test
  void shouldFilterLiveLogsByAddressTopicsAndBlockRange() throws Exception {
    final String address = uniqueAddress();
    try (WsClient client = connect(gateway)) {
      final String fromAlice = subscribe(client, 1, "[\"logs\",{\"address\":\"" + address + "\",\"topics\":[\"" + TRANSFER
          + "\",\"" + ALICE + "\"]}]");
      final String twoPositions = subscribe(client, 2, "[\"logs\",{\"address\":\"" + address + "\",\"topics\":[\""
          + TRANSFER + "\",null]}]");
      final String eitherEvent = subscribe(client, 3, "[\"logs\",{\"address\":\"" + address + "\",\"topics\":[[\""
          + TRANSFER + "\",\"" + APPROVAL + "\"],null,\"" + BOB + "\"]}]");
      final long next = chain.head() + 1;
      final String range = subscribe(client, 4, "[\"logs\",{\"address\":\"" + address + "\",\"fromBlock\":\"" + hex(next + 1)
          + "\",\"toBlock\":\"" + hex(next + 1) + "\"}]");
      final EthChainBlock block = extend(
          log(address, "0x01", TRANSFER), // one topic: fewer than the two-position filters
          log(address, "0x02", TRANSFER, ALICE, BOB),
          log(address, "0x03", APPROVAL, BOB, BOB),
          log(address, "0x04", TRANSFER, BOB, ALICE));
      final EthChainBlock later = extend(log(address, "0x05", APPROVAL, ALICE, BOB));
      final EthChainBlock after = extend(log(address, "0x06", APPROVAL, ALICE));
      final List<EthLog> logs = block.getLogs();
      final List<String> expected = List.of(
          notification(fromAlice, expectedLog(logs.get(1), false)),
          notification(twoPositions, expectedLog(logs.get(1), false)),
          notification(eitherEvent, expectedLog(logs.get(1), false)),
          notification(eitherEvent, expectedLog(logs.get(2), false)),
          notification(twoPositions, expectedLog(logs.get(3), false)),
          notification(eitherEvent, expectedLog(later.getLogs().get(0), false)),
          notification(range, expectedLog(later.getLogs().get(0), false)));
      for (String message : expected) {
        assertThat(client.next(WAIT)).isEqualTo(message);
      }
      assertThat(after.getLogs()).hasSize(1); // two-topic log outside the range and every filter: nothing
      expectNothingBefore(client, 5);
    }
  }

  @Test
  void shouldTargetGethV116WhenConfigured() throws Exception {
    try (WsClient client = WsClient.connect(url(strict, "/eth"))) {
      final String heads = subscribe(client, 1, "[\"newHeads\"]");
      final EthChainBlock block = extend();
      assertThat(client.next(WAIT)).isEqualTo(notification(heads, expectedHead(block, false)));
      assertThat(expectedHead(block, false)).doesNotContain("slotNumber");
      expect(client, request(2, "eth_subscribe", "[\"logs\",{\"fromBlock\":\"pending\"}]"),
          error(2, -32000, "pending logs are not supported"));
      expect(client, request(3, "eth_getLogs", "[{\"fromBlock\":\"0x10\",\"toBlock\":\"0x5\"}]"),
          error(3, -32000, "invalid block range params"));
    }
  }

  @Test
  void shouldAnswerExtensionRequestsAsGethWhenExtensionsAreOff() throws Exception {
    try (WsClient client = WsClient.connect(url(strict, "/eth"))) {
      expect(client, request(1, "eth_subscribe", "[\"newHeads\",{}]"), error(1, -32602, "too many arguments, want at most 1"));
      expect(client, request(2, "eth_subscribe", "[\"logs\",{},{\"replay\":true}]"),
          error(2, -32602, "too many arguments, want at most 2"));
      expect(client, request(3, "eth_subscribe", "[\"finalizedHeads\"]"),
          error(3, -32601, "no \\\"finalizedHeads\\\" subscription in eth namespace"));
    }
  }

  @Test
  void shouldRefuseSubscriptionsOverTheConnectionCap() throws Exception {
    try (WsClient client = WsClient.connect(url(strict, "/eth"))) {
      final String first = subscribe(client, 1, "[\"newHeads\"]");
      subscribe(client, 2, "[\"logs\",{}]");
      subscribe(client, 3, "[\"newPendingTransactions\"]");
      expect(client, request(4, "eth_subscribe", "[\"syncing\"]"), error(4, -32000, "too many subscriptions"));
      expect(client, request(5, "eth_unsubscribe", "[\"" + first + "\"]"), ok(5, "true"));
      subscribe(client, 6, "[\"newHeads\"]");
      // a batch counts the subscriptions it creates
      expect(client, "[" + request(7, "eth_subscribe", "[\"newHeads\"]") + "]",
          "[" + error(7, -32000, "too many subscriptions") + "]");
    }
  }

  // ---- §11 methods ----

  @Test
  void shouldServeChainIdentityAndBlocksFromTheWindow() throws Exception {
    final EthChainBlock block = extend(log(USDT, "0x0f", TRANSFER, ALICE, BOB));
    final long head = block.getHeader().getNumber();
    try (WsClient client = connect(gateway)) {
      expect(client, request(1, "eth_chainId", "[]"), ok(1, "\"0x1\""));
      expect(client, request(2, "net_version", "[]"), ok(2, "\"1\""));
      expect(client, request(3, "web3_clientVersion", "[]"), ok(3, "\"Blockwire/0.1.0\""));
      expect(client, request(4, "eth_blockNumber", "[]"), ok(4, "\"" + hex(head) + "\""));
      expect(client, request(5, "eth_getBlockByNumber", "[\"latest\",false]"), ok(5, expectedBlock(block)));
      expect(client, request(6, "eth_getBlockByNumber", "[\"" + hex(head) + "\",false]"), ok(6, expectedBlock(block)));
      expect(client, request(7, "eth_getBlockByHash", "[\"" + block.getHeader().getHash() + "\",false]"),
          ok(7, expectedBlock(block)));
      expect(client, request(8, "eth_getBlockByHash", "[\"" + block.getHeader().getHash().toString().toUpperCase()
          .replace("0X", "0x") + "\",false]"), ok(8, expectedBlock(block)));
      expect(client, request(9, "eth_getBlockByNumber", "[\"finalized\",false]"),
          ok(9, expectedBlock(chain.block(head - 2))));
      expect(client, request(10, "eth_getBlockByNumber", "[\"safe\",false]"), ok(10, expectedBlock(chain.block(head - 1))));
      expect(client, request(11, "eth_getBlockByNumber", "[\"earliest\",false]"), ok(11, expectedBlock(chain.block(1000))));
      expect(client, request(12, "eth_getBlockByNumber", "[\"pending\",false]"), ok(12, "null"));
      expect(client, request(13, "eth_getBlockByNumber", "[\"" + hex(head + 100) + "\",false]"), ok(13, "null"));
      expect(client, request(14, "eth_getBlockByNumber", "[\"0x1\",false]"), error(14, 4444, "pruned history unavailable"));
      expect(client, request(15, "eth_getBlockByHash", "[\"0x" + "9".repeat(64) + "\",false]"), ok(15, "null"));
      expect(client, request(16, "eth_getBlockByNumber", "[\"latest\",true]"),
          error(16, -32000, "full transaction objects are not available from this gateway"));
    }
    try (WsClient client = WsClient.connect(url(strict, "/eth"))) {
      expect(client, request(1, "eth_chainId", "[]"), ok(1, "\"0xaa36a7\""));
      expect(client, request(2, "net_version", "[]"), ok(2, "\"11155111\""));
    }
  }

  @Test
  void shouldAnswerGetLogsOverTheRetainedHistory() throws Exception {
    final String address = uniqueAddress();
    final EthChainBlock a = extend(log(address, "0x01", TRANSFER, ALICE), log(USDT, "0x", TRANSFER));
    final EthChainBlock b = extend(log(address, "0x02", APPROVAL, BOB));
    final EthChainBlock c = extend(log(address, "0x03", TRANSFER, BOB));
    final long from = a.getHeader().getNumber();
    try (WsClient client = connect(gateway)) {
      expect(client, request(1, "eth_getLogs", "[{\"address\":\"" + address + "\",\"fromBlock\":\"" + hex(from)
              + "\",\"toBlock\":\"latest\"}]"),
          ok(1, "[" + expectedLog(a.getLogs().get(0), false) + "," + expectedLog(b.getLogs().get(0), false) + ","
              + expectedLog(c.getLogs().get(0), false) + "]"));
      expect(client, request(2, "eth_getLogs", "[{\"address\":\"" + address + "\",\"fromBlock\":\"" + hex(from)
              + "\",\"topics\":[\"" + TRANSFER + "\"]}]"),
          ok(2, "[" + expectedLog(a.getLogs().get(0), false) + "," + expectedLog(c.getLogs().get(0), false) + "]"));
      expect(client, request(3, "eth_getLogs", "[{\"blockHash\":\"" + b.getHeader().getHash() + "\"}]"),
          ok(3, "[" + expectedLog(b.getLogs().get(0), false) + "]"));
      expect(client, request(4, "eth_getLogs", "[{\"address\":\"" + address + "\"}]"),
          ok(4, "[" + expectedLog(c.getLogs().get(0), false) + "]"));
      expect(client, request(5, "eth_getLogs", "[{\"address\":\"" + address + "\",\"fromBlock\":\"" + hex(from + 10)
          + "\",\"toBlock\":\"" + hex(from + 20) + "\"}]"), ok(5, "[]"));
      expect(client, request(6, "eth_getLogs", "[{\"fromBlock\":\"0x1\",\"toBlock\":\"0x2\"}]"),
          error(6, 4444, "pruned history unavailable"));
      expect(client, request(7, "eth_getLogs", "[{\"blockHash\":\"0x" + "9".repeat(64) + "\"}]"),
          error(7, -32000, "unknown block"));
      expect(client, request(8, "eth_getLogs", "[{\"fromBlock\":\"pending\"}]"),
          error(8, -32602, "pending logs are not supported"));
      expect(client, request(9, "eth_getLogs", "[{\"fromBlock\":\"" + hex(from + 1) + "\",\"toBlock\":\"" + hex(from)
          + "\"}]"), error(9, -32602, "invalid block range params"));
      expect(client, request(10, "eth_getLogs", "[{\"topics\":[5]}]"), error(10, -32602, "invalid argument 0: invalid topic(s)"));
      expect(client, request(11, "eth_getLogs", "[]"), error(11, -32602, "missing value for required argument 0"));
    }
  }

  // ---- §9 extensions ----

  @Test
  void shouldReplayRetainedLogsThenContinueLiveWithoutGapOrDuplicate() throws Exception {
    final String address = uniqueAddress();
    final long first = chain.head() + 1;
    final int blocks = 40;
    final AtomicReference<Exception> failure = new AtomicReference<>();
    final Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < blocks; i++) {
          chain.extend(log(address, String.format("0x%04x", i), TRANSFER), log(address, "0xff", APPROVAL));
        }
      } catch (Exception e) {
        failure.set(e);
      }
    });
    writer.start();
    awaitHead(first + 10); // the writer keeps going while the subscription is installed
    try (WsClient client = connect(gateway)) {
      final String id = subscribe(client, 1, "[\"logs\",{\"address\":\"" + address + "\",\"fromBlock\":\"" + hex(first)
          + "\",\"topics\":[\"" + TRANSFER + "\"]},{\"replay\":true}]");
      writer.join(WAIT.toMillis());
      assertThat(failure.get()).isNull();
      for (int i = 0; i < blocks; i++) {
        final EthLog expected = chain.block(first + i).getLogs().get(0);
        assertThat(client.next(WAIT)).isEqualTo(notification(id, expectedLog(expected, false)));
      }
      expectNothingBefore(client, 2);
    }
  }

  @Test
  void shouldPaceAReplayLargerThanTheConnectionQueue() throws Exception {
    final String address = uniqueAddress();
    final long first = chain.head() + 1;
    for (int i = 0; i < 30; i++) {
      chain.extend(log(address, "0x01", TRANSFER), log(address, "0x02", TRANSFER), log(address, "0x03", TRANSFER),
          log(address, "0x04", TRANSFER), log(address, "0x05", TRANSFER));
    }
    awaitHead(chain.head());
    try (WsClient client = connect(tight)) {
      final JsonNode reply = Json.MAPPER.readTree(call(client, "["
          + request(1, "eth_subscribe", "[\"newHeads\",{\"replay\":true,\"fromBlock\":\"" + hex(first) + "\"}]") + ","
          + request(2, "eth_subscribe", "[\"logs\",{\"address\":\"" + address + "\",\"fromBlock\":\"" + hex(first)
          + "\"},{\"replay\":true}]") + "]"));
      final String id = reply.get(0).get("result").asText();
      final String logs = reply.get(1).get("result").asText();
      // 150 replayed logs and 30 headers through a queue of 50, interleaved by the pacing
      int heads = 0;
      int logCount = 0;
      while (heads < 30 || logCount < 150) {
        final JsonNode message = Json.MAPPER.readTree(client.next(WAIT));
        final String subscription = message.get("params").get("subscription").asText();
        if (subscription.equals(id)) {
          assertThat(message.get("params").get("result").get("number").asText()).isEqualTo(hex(first + heads));
          heads++;
        } else {
          assertThat(subscription).isEqualTo(logs);
          assertThat(message.get("params").get("result").get("blockNumber").asText()).isEqualTo(hex(first + logCount / 5));
          logCount++;
        }
      }
      assertThat(client.isOpen()).isTrue();
      final EthChainBlock live = extend(log(address, "0x06", TRANSFER));
      assertThat(client.next(WAIT)).isEqualTo(notification(id, headJson(live)));
      assertThat(client.next(WAIT)).isEqualTo(notification(logs, expectedLog(live.getLogs().get(0), false)));
    }
  }

  @Test
  void shouldSendFinalizedHeadsAtTheConfiguredDepth() throws Exception {
    try (WsClient client = connect(gateway)) {
      final String id = subscribe(client, 1, "[\"finalizedHeads\"]");
      final EthChainBlock block = extend();
      final long number = block.getHeader().getNumber();
      assertThat(client.next(WAIT)).isEqualTo(notification(id, headJson(chain.block(number - 2))));
      extend();
      assertThat(client.next(WAIT)).isEqualTo(notification(id, headJson(chain.block(number - 1))));
    }
  }

  @Test
  void shouldRefuseUnknownOptionsAndReplaysOlderThanTheHistory() throws Exception {
    try (WsClient client = connect(gateway)) {
      expect(client, request(1, "eth_subscribe", "[\"logs\",{},{\"cursr\":\"x\"}]"),
          error(1, -32602, "invalid argument 2: unknown option \\\"cursr\\\""));
      expect(client, request(2, "eth_subscribe", "[\"newHeads\",{\"everyBlock\":true}]"),
          error(2, -32602, "invalid argument 1: unknown option \\\"everyBlock\\\""));
      expect(client, request(3, "eth_subscribe", "[\"logs\",{},{\"replay\":1}]"),
          error(3, -32602, "invalid argument 2: option \\\"replay\\\" must be true or false"));
      expect(client, request(4, "eth_subscribe", "[\"logs\",{\"fromBlock\":\"0x5\"},{\"replay\":true}]"),
          error(4, -32000, "cursor is older than the retained history"));
      expect(client, request(5, "eth_subscribe", "[\"finalizedHeads\",{\"replay\":true}]"),
          error(5, -32602, "invalid argument 1: unknown option \\\"replay\\\""));
      // not an object: geth's own answer
      expect(client, request(6, "eth_subscribe", "[\"newHeads\",true]"), error(6, -32602, "too many arguments, want at most 1"));
      // replay:false is a plain live subscription
      subscribe(client, 7, "[\"logs\",{},{\"replay\":false}]");
    }
  }

  // ---- §8 backpressure and §4 transport ----

  @Test
  void shouldCloseASlowClientAtTheQueueLimitWhileAnotherReceivesEveryNotification() throws Exception {
    final String address = uniqueAddress();
    final int count = 300;
    try (WsClient normal = connect(tight);
         RawWsClient slow = RawWsClient.connect("127.0.0.1", tight.port(), "/eth", Map.of(), 4096)) {
      final String id = subscribe(normal, 1, filterFor(address));
      slow.sendText(request(1, "eth_subscribe", filterFor(address)));
      assertThat(slow.readMessage(WAIT).text()).matches(SUBSCRIPTION.pattern());
      // from here the slow client reads nothing; every notification is a 32 KiB log
      final String data = "0x" + "ab".repeat(32 * 1024);
      final long first = chain.head() + 1;
      for (int i = 0; i < count; i++) {
        chain.extend(log(address, data, TRANSFER));
      }
      for (int i = 0; i < count; i++) {
        final String message = normal.next(WAIT);
        assertThat(message).startsWith(notification(id, "{\"address\":\"" + address + "\"").replace("}}", ""));
        assertThat(Json.MAPPER.readTree(message).get("params").get("result").get("blockNumber").asText())
            .isEqualTo(hex(first + i));
      }
      // now read what the slow client was sent before it was cut off, then the close frame
      int received = 0;
      RawWsClient.Frame frame;
      while ((frame = slow.readMessage(WAIT)).opcode() == RawWsClient.TEXT) {
        received++;
      }
      assertThat(frame.opcode()).isEqualTo(RawWsClient.CLOSE);
      assertThat(frame.closeCode()).isEqualTo(1008);
      assertThat(frame.closeReason()).isEqualTo("too many buffered notifications");
      assertThat(received).isLessThan(count);
    }
    awaitHead(chain.head());
    final long deadline = System.nanoTime() + WAIT.toNanos();
    while (tight.ethFeed().subscriptionCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5); // polling a condition, bounded by the deadline
    }
    assertThat(tight.ethFeed().subscriptionCount()).isZero(); // both connections' subscriptions are gone
  }

  @Test
  void shouldCloseMessagesOverTheReadLimitWith1009() throws Exception {
    try (WsClient client = WsClient.connect(url(strict, "/eth"))) {
      expect(client, request(1, "eth_chainId", "[\"" + "x".repeat(3900) + "\"]"),
          error(1, -32602, "too many arguments, want at most 0"));
      sendRacingClose(client, request(2, "eth_chainId", "[\"" + "x".repeat(5000) + "\"]"));
      final CloseReason reason = client.awaitClose(WAIT);
      assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.TOO_BIG);
      assertThat(reason.getReasonPhrase()).isEqualTo("Too big.");
    }
    // a message over the limit in fragments is refused by Tyrus itself, with the same code
    try (RawWsClient client = RawWsClient.connect(strict.port(), "/eth")) {
      final byte[] part = "x".repeat(1500).getBytes(StandardCharsets.UTF_8);
      client.sendFrame(RawWsClient.TEXT, part, false);
      client.sendFrame(0, part, false);
      client.sendFrame(0, part, true);
      RawWsClient.Frame frame;
      do {
        frame = client.readFrame(WAIT);
      } while (frame.opcode() == RawWsClient.PING);
      assertThat(frame.opcode()).isEqualTo(RawWsClient.CLOSE);
      assertThat(frame.closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void shouldPingAnIdleConnectionAndCloseItWhenNoPongComes() throws Exception {
    try (RawWsClient client = RawWsClient.connect(strict.port(), "/eth")) {
      final RawWsClient.Frame ping = client.readFrame(WAIT);
      assertThat(ping.opcode()).isEqualTo(RawWsClient.PING);
      client.sendFrame(RawWsClient.PONG, ping.payload(), true);
      final RawWsClient.Frame second = client.readFrame(WAIT); // idle again: another ping, left unanswered
      assertThat(second.opcode()).isEqualTo(RawWsClient.PING);
      final RawWsClient.Frame close = client.readFrame(WAIT);
      assertThat(close.opcode()).isEqualTo(RawWsClient.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1001);
      assertThat(close.closeReason()).isEqualTo("pong timeout");
    }
  }

  @Test
  void shouldSendEveryReplyAsOneTextFrameAndReadBinaryMessages() throws Exception {
    try (RawWsClient client = RawWsClient.connect(gateway.port(), "/eth")) {
      client.sendText(request(1, "eth_chainId", "[]"));
      final RawWsClient.Frame frame = client.readFrame(WAIT);
      assertThat(frame.opcode()).isEqualTo(RawWsClient.TEXT);
      assertThat(frame.fin()).isTrue();
      assertThat(frame.text()).isEqualTo(ok(1, "\"0x1\""));
      client.sendFrame(RawWsClient.BINARY, request(2, "net_version", "[]").getBytes(StandardCharsets.UTF_8), true);
      final RawWsClient.Frame reply = client.readFrame(WAIT);
      assertThat(reply.opcode()).isEqualTo(RawWsClient.TEXT);
      assertThat(reply.text()).isEqualTo(ok(2, "\"1\""));
    }
  }

  @Test
  void shouldServeTheEthDialectOnRootWhenNearIsOffAndCheckOrigins() throws Exception {
    try (WsClient client = WsClient.connect(url(strict, "/"))) {
      expect(client, request(1, "eth_chainId", "[]"), ok(1, "\"0xaa36a7\""));
    }
    assertThatThrownBy(() -> WsClient.connect(url(strict, "/ws"))).isInstanceOf(Exception.class);
    try (RawWsClient evil = RawWsClient.connect("127.0.0.1", strict.port(), "/eth",
        Map.of("Origin", "http://evil.example"), 0)) {
      assertThat(evil.status()).isEqualTo(403);
    }
    try (RawWsClient good = RawWsClient.connect("127.0.0.1", strict.port(), "/eth",
        Map.of("Origin", "http://good.example"), 0)) {
      assertThat(good.status()).isEqualTo(101);
    }
    try (RawWsClient none = RawWsClient.connect(strict.port(), "/eth")) {
      assertThat(none.status()).isEqualTo(101);
    }
  }

  @Test
  void shouldCloseEveryConnectionWith1000OnShutdown() throws Exception {
    final GatewayServer own = new GatewayServer(GatewayConfig.from(kafka.config().with("gateway.near.enabled", "false")))
        .start();
    try (WsClient client = WsClient.connect(url(own, "/eth"))) {
      assertThat(own.awaitReady(WAIT)).isTrue();
      expect(client, request(1, "eth_chainId", "[]"), ok(1, "\"0x1\""));
      own.close();
      final CloseReason reason = client.awaitClose(WAIT);
      assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.NORMAL_CLOSURE);
    }
  }

  @Test
  void shouldReportEthCountersOnHealth() throws Exception {
    try (WsClient client = connect(gateway)) {
      subscribe(client, 1, "[\"newHeads\"]");
      final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + gateway.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      final JsonNode eth = Json.MAPPER.readTree(response.body()).get("eth");
      assertThat(eth.get("head").asLong()).isGreaterThanOrEqualTo(1003);
      assertThat(eth.get("connections").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(eth.get("subscriptions").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(Json.MAPPER.readTree(response.body()).has("near")).isTrue();
    }
    final CompletableFuture<HttpResponse<String>> strictHealth = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + strict.port() + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(Json.MAPPER.readTree(strictHealth.get().body()).has("near")).isFalse();
  }
}
