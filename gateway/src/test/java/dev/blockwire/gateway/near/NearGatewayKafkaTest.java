package dev.blockwire.gateway.near;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.BrokerAndGateways;
import dev.blockwire.gateway.GatewayServer;
import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.WsClient;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearExecutionStatus;
import jakarta.websocket.CloseReason;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NEAR endpoint over a real broker and real websocket connections: blocks are written to the
 * ordered topic as the processor writes them, and clients see what events.near.stream would send.
 */
class NearGatewayKafkaTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String APP = "nft.nearapps.near";
  static final String SUBSCRIBE = "{\"secret\":\"ohyeahnftsss\",\"filter\":[{\"account_id\":\"nft.nearapps.near\","
      + "\"status\":\"SUCCESS\",\"event\":{\"standard\":\"nep171\",\"event\":\"nft_mint\"}}],\"fetch_past_events\":%s}";

  @TempDir
  static Path dataDir;
  static BrokerAndGateways kafka;
  static KafkaProducer<byte[], byte[]> producer;
  static GatewayServer gateway;
  static final AtomicLong height = new AtomicLong(1000);

  @BeforeAll
  static void startBrokerAndGateway() throws Exception {
    kafka = BrokerAndGateways.start(dataDir);
    producer = kafka.producer();
    // history before the gateway starts: it must load it from Kafka
    for (int i = 0; i < 3; i++) {
      writeBlock(mint(APP, "old" + i, NearExecutionStatus.SUCCESS));
    }
    gateway = kafka.gateway(kafka.config()
        .with("gateway.send-queue-limit", "50")
        .with("gateway.max-message-bytes", "4096"));
    assertThat(gateway.awaitReady(WAIT)).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  static NearEvent.Builder event(String account, String owner, NearExecutionStatus status, String standard, String name) {
    return NearEvent.newBuilder().setNetwork("near-mainnet").setBlockHeight(0).setBlockHash("")
        .setBlockTimestampNanos(0).setBlockEpochId("epoch").setShardId(0).setReceiptIndex(0)
        .setReceiptId("receipt-" + owner).setPredecessorId("minter.near").setAccountId(account).setStatus(status)
        .setLogIndex(0).setStandard(standard).setVersion("1.0.0").setEvent(name)
        .setEventJson("{\"standard\":\"" + standard + "\",\"version\":\"1.0.0\",\"event\":\"" + name
            + "\",\"data\":[{\"owner_id\":\"" + owner + "\",\"token_ids\":[\"" + owner + "\"]}]}");
  }

  static NearEvent.Builder mint(String account, String owner, NearExecutionStatus status) {
    return event(account, owner, status, "nep171", "nft_mint");
  }

  /** Writes one block holding the given events and returns its height. */
  static long writeBlock(NearEvent.Builder... events) throws Exception {
    final long h = height.incrementAndGet();
    final long nanos = 1_722_521_008_924_147_927L + h * 1_000_000_000L;
    final List<NearEvent> built = new ArrayList<>();
    for (int i = 0; i < events.length; i++) {
      built.add(events[i].setBlockHeight(h).setBlockHash("hash" + h).setBlockTimestampNanos(nanos).setLogIndex(i).build());
    }
    final NearBlockEvents block = NearBlockEvents.newBuilder().setNetwork("near-mainnet").setBlockHeight(h)
        .setBlockHash("hash" + h).setPrevHash("hash" + (h - 1)).setBlockTimestampNanos(nanos)
        .setBlockEpochId("epoch").setEvents(built).build();
    producer.send(new ProducerRecord<>(Topics.NEAR_EVENTS_BLOCKS, null, nanos / 1_000_000,
        Serdes.NETWORK_KEY.encode(Serdes.networkKey("near-mainnet")), Serdes.NEAR_BLOCK_EVENTS.encode(block))).get();
    return h;
  }

  static String url(String query) {
    return "ws://127.0.0.1:" + gateway.port() + "/ws" + query;
  }

  static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  static List<String> owners(JsonNode message) {
    final List<String> owners = new ArrayList<>();
    for (JsonNode event : message.get("events")) {
      owners.add(event.get("event").get("data").get(0).get("owner_id").asText());
    }
    return owners;
  }

  @Test
  void shouldSendPastEventsFromKafkaHistoryThenLiveOnesOncePerBlock() throws Exception {
    final String a = "a" + System.nanoTime();
    writeBlock(mint(APP, a + "-1", NearExecutionStatus.SUCCESS));
    writeBlock(mint(APP, a + "-2", NearExecutionStatus.SUCCESS), mint(APP, a + "-x", NearExecutionStatus.FAILURE));
    try (WsClient client = WsClient.connect(url(""))) {
      client.send(String.format(SUBSCRIBE, 2));
      final JsonNode past = json(client.next(WAIT));
      assertThat(past.get("secret").asText()).isEqualTo("ohyeahnftsss");
      assertThat(past.get("note").asText()).isEqualTo("past");
      assertThat(owners(past)).containsExactly(a + "-1", a + "-2"); // oldest first, FAILURE filtered out

      writeBlock(mint("other.near", a + "-no", NearExecutionStatus.SUCCESS));
      final long live = writeBlock(mint(APP, a + "-3", NearExecutionStatus.SUCCESS), mint(APP, a + "-4", NearExecutionStatus.SUCCESS));
      final String message = client.next(WAIT);
      assertThat(message).startsWith("{\"secret\":\"ohyeahnftsss\",\"events\":[{\"block_height\":\"" + live + "\"");
      assertThat(json(message).has("note")).isFalse();
      assertThat(owners(json(message))).containsExactly(a + "-3", a + "-4"); // one message for the block
    }
  }

  @Test
  void shouldSendAnEmptyPastBatchAndTheMaximumOfOneThousand() throws Exception {
    try (WsClient client = WsClient.connect(url(""))) {
      client.send("{\"secret\":\"s\",\"filter\":{\"account_id\":\"nobody.near\"},\"fetch_past_events\":true}");
      assertThat(client.next(WAIT)).isEqualTo("{\"secret\":\"s\",\"events\":[],\"note\":\"past\"}");
      client.send("{\"secret\":\"s\",\"filter\":{},\"fetch_past_events\":5000}");
      final JsonNode all = json(client.next(WAIT));
      assertThat(all.get("events").size()).isBetween(3, 1000);
    }
  }

  @Test
  void shouldLoadHistoryWrittenBeforeTheGatewayStarted() throws Exception {
    try (WsClient client = WsClient.connect(url(""))) {
      client.send("{\"secret\":1,\"filter\":{\"event\":{\"data\":[{\"owner_id\":\"old1\"}]}},\"fetch_past_events\":10}");
      assertThat(owners(json(client.next(WAIT)))).containsExactly("old1");
    }
  }

  @Test
  void shouldAnswerMalformedMessagesWithAnErrorFrameAndKeepTheSocketAndSubscription() throws Exception {
    final String b = "b" + System.nanoTime();
    try (WsClient client = WsClient.connect(url(""))) {
      client.send("{\"secret\":\"k\",\"filter\":{\"event\":{\"data\":[{\"owner_id\":\"" + b + "\"}]}}}");
      client.send("not json");
      assertThat(client.next(WAIT)).isEqualTo(
          "{\"events\":[],\"error\":{\"code\":\"invalid_json\",\"message\":\"message is not valid JSON\"}}");
      client.send("{\"secret\":\"k2\"}");
      assertThat(json(client.next(WAIT)).get("error").get("code").asText()).isEqualTo("missing_fields");
      writeBlock(mint(APP, b, NearExecutionStatus.SUCCESS));
      final JsonNode live = json(client.next(WAIT));
      assertThat(live.get("secret").asText()).isEqualTo("k"); // the first subscription still stands
      assertThat(owners(live)).containsExactly(b);
    }
  }

  @Test
  void shouldReplaceTheSubscriptionOnEverySubscribeMessage() throws Exception {
    final String c = "c" + System.nanoTime();
    try (WsClient client = WsClient.connect(url(""))) {
      client.send("{\"secret\":\"first\",\"filter\":{\"event\":{\"data\":[{\"owner_id\":\"" + c + "-1\"}]}}}");
      client.send("{\"secret\":\"second\",\"filter\":{\"event\":{\"data\":[{\"owner_id\":\"" + c + "-2\"}]}},\"fetch_past_events\":1}");
      assertThat(client.next(WAIT)).isEqualTo("{\"secret\":\"second\",\"events\":[],\"note\":\"past\"}");
      writeBlock(mint(APP, c + "-1", NearExecutionStatus.SUCCESS));
      writeBlock(mint(APP, c + "-2", NearExecutionStatus.SUCCESS));
      final JsonNode live = json(client.next(WAIT));
      assertThat(live.get("secret").asText()).isEqualTo("second");
      assertThat(owners(live)).containsExactly(c + "-2");
    }
  }

  @Test
  void shouldServeTheCamelFormOnRequestAndAcceptSnakeFilterKeys() throws Exception {
    final String d = "d" + System.nanoTime();
    try (WsClient client = WsClient.connect(url("?format=camel"))) {
      client.send("{\"secret\":\"c\",\"filter\":{\"account_id\":\"" + APP + "\",\"event\":{\"data\":[{\"owner_id\":\"" + d + "\"}]}}}");
      final long h = writeBlock(mint(APP, d, NearExecutionStatus.SUCCESS));
      final JsonNode event = json(client.next(WAIT)).get("events").get(0);
      assertThat(event.get("blockHeight").isNumber()).isTrue();
      assertThat(event.get("blockHeight").asLong()).isEqualTo(h);
      assertThat(event.get("accountId").asText()).isEqualTo(APP);
      assertThat(event.has("account_id")).isFalse();
    }
  }

  @Test
  void shouldRefuseAnUnknownFormatAtTheHandshake() {
    assertThatThrownBy(() -> WsClient.connect(url("?format=xml")))
        .isInstanceOfSatisfying(DeploymentHandshakeException.class,
            e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));
  }

  @Test
  void shouldCloseMessagesOverTheSizeLimitWith1009() throws Exception {
    try (WsClient client = WsClient.connect(url(""))) {
      try {
        client.send("{\"secret\":\"" + "x".repeat(5000) + "\",\"filter\":{}}");
      } catch (RuntimeException | java.io.IOException closedWhileSending) {
        // the server may close before the client's send call returns; the close reason says why
      }
      final CloseReason reason = client.awaitClose(WAIT);
      assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.TOO_BIG);
    }
  }

  @Test
  void shouldListenOnLoopbackOnly() throws Exception {
    final List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
          others.add(address);
        }
      }
    }
    for (InetAddress address : others) {
      try (Socket socket = new Socket()) {
        assertThatThrownBy(() -> socket.connect(new InetSocketAddress(address, gateway.port()), 2000))
            .as("gateway reachable on %s", address).isInstanceOf(java.io.IOException.class);
      }
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 2000);
      assertThat(socket.isConnected()).isTrue();
    }
  }
}
