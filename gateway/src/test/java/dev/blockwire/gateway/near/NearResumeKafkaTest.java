package dev.blockwire.gateway.near;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.config.Config;
import dev.blockwire.gateway.BrokerAndGateways;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.GatewayServer;
import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.WsClient;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearExecutionStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NEAR resume cursor (spec §2.10) over a real broker and real websocket connections: a client
 * that disconnects at a random point while blocks keep coming, and resumes with its last cursor,
 * has exactly the stream of a client that never disconnected, whether it resumes on the same
 * gateway (through the topic when the history no longer reaches back), on another instance, or
 * on a restarted one.
 *
 * <p>{@code reference} keeps a large history; {@code small} keeps 6 blocks, so a resume reads
 * older blocks from Kafka, and a queue of 20 messages, so the replay has to pace itself.
 */
class NearResumeKafkaTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String NETWORK = "near-mainnet";

  @TempDir
  static Path dataDir;
  static BrokerAndGateways kafka;
  static KafkaProducer<byte[], byte[]> producer;
  static Config base;
  static GatewayServer reference;
  static GatewayServer small;
  static final AtomicLong height = new AtomicLong(5000);

  @BeforeAll
  static void startBrokerAndGateways() throws Exception {
    kafka = BrokerAndGateways.start(dataDir);
    producer = kafka.producer();
    final Random random = new Random(1);
    for (int i = 0; i < 20; i++) {
      writeBlock(Topics.NEAR_EVENTS_BLOCKS, randomEvents(random, "early.near"));
    }
    base = kafka.config()
        .with("gateway.eth.enabled", "false");
    reference = kafka.gateway(base);
    small = kafka.gateway(smallConfig(Topics.NEAR_EVENTS_BLOCKS));
    assertThat(reference.awaitReady(WAIT)).isTrue();
    assertThat(small.awaitReady(WAIT)).isTrue();
  }

  static Config smallConfig(String topic) {
    return base.with("gateway.near.history-blocks", "6").with("gateway.send-queue-limit", "20")
        .with("gateway.near.topic", topic);
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  // ---- chain ----

  /**
   * 0 to 3 events for one block: each from {@code account} or another contract, at increasing
   * receipt positions on random shards, with increasing log indexes within a receipt.
   */
  static List<NearEvent.Builder> randomEvents(Random random, String account) {
    final List<NearEvent.Builder> events = new ArrayList<>();
    int receipt = random.nextInt(3);
    int log = 0;
    for (int i = random.nextInt(4); i > 0; i--) {
      if (random.nextBoolean()) {
        receipt += 1 + random.nextInt(5);
        log = 0;
      }
      events.add(event(random.nextInt(3) > 0 ? account : "other.near", "t" + random.nextInt(1_000_000))
          .setShardId(receipt % 4).setReceiptIndex(receipt).setLogIndex(log));
      log += 1 + random.nextInt(2);
    }
    return events;
  }

  static NearEvent.Builder event(String account, String token) {
    return NearEvent.newBuilder().setNetwork(NETWORK).setBlockHeight(0).setBlockHash("").setBlockTimestampNanos(0)
        .setBlockEpochId("epoch").setShardId(0).setReceiptIndex(0).setReceiptId("receipt-" + token)
        .setPredecessorId("minter.near").setAccountId(account).setStatus(NearExecutionStatus.SUCCESS).setLogIndex(0)
        .setStandard("nep171").setVersion("1.0.0").setEvent("nft_mint")
        .setEventJson("{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\",\"data\":[{\"owner_id\":\""
            + token + "\",\"token_ids\":[\"" + token + "\"]}]}");
  }

  /** Writes one block (heights skip now and then, as on NEAR) and returns its height. */
  static long writeBlock(String topic, List<NearEvent.Builder> events) throws Exception {
    final long h = height.addAndGet(events.size() % 2 == 0 ? 1 : 2);
    final long nanos = 1_722_521_008_924_147_927L + h * 1_000_000_000L;
    final List<NearEvent> built = new ArrayList<>();
    for (NearEvent.Builder event : events) {
      built.add(event.setBlockHeight(h).setBlockHash("hash" + h).setBlockTimestampNanos(nanos).build());
    }
    final NearBlockEvents block = NearBlockEvents.newBuilder().setNetwork(NETWORK).setBlockHeight(h)
        .setBlockHash("hash" + h).setPrevHash("hash" + (h - 1)).setBlockTimestampNanos(nanos)
        .setBlockEpochId("epoch").setEvents(built).build();
    producer.send(new ProducerRecord<>(topic, null, nanos / 1_000_000, Serdes.NETWORK_KEY.encode(
        Serdes.networkKey(NETWORK)), Serdes.NEAR_BLOCK_EVENTS.encode(block))).get();
    return h;
  }

  /** Writes random blocks until stopped, then one block whose only event is {@code last}. */
  static final class Writer extends Thread {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<Exception> failure = new AtomicReference<>();
    final AtomicLong blocks = new AtomicLong();
    final Random random;
    final String account;
    final String last;

    Writer(long seed, String account, String last) {
      this.random = new Random(seed);
      this.account = account;
      this.last = last;
    }

    @Override
    public void run() {
      try {
        while (!stop.get()) {
          writeBlock(Topics.NEAR_EVENTS_BLOCKS, randomEvents(random, account));
          blocks.incrementAndGet();
          LockSupport.parkNanos(3_000_000); // a chain's pace, not a wait for a condition
        }
        writeBlock(Topics.NEAR_EVENTS_BLOCKS, List.of(event(account, last)));
      } catch (Exception e) {
        failure.set(e);
      }
    }

    void finish() throws InterruptedException {
      stop.set(true);
      join(WAIT.toMillis());
      assertThat(failure.get()).isNull();
    }
  }

  // ---- clients ----

  static String url(GatewayServer server) {
    return "ws://127.0.0.1:" + server.port() + "/ws";
  }

  static String subscribe(String account, String extra) {
    return "{\"secret\":\"s\",\"filter\":{\"account_id\":\"" + account + "\"}" + extra + "}";
  }

  static String cursor(JsonNode message) {
    return message.get("cursor").asText();
  }

  /** What two clients must agree on: a message's events and cursor (not its note). */
  static String content(String text) throws Exception {
    final JsonNode message = Json.MAPPER.readTree(text);
    assertThat(text).as("the cursor is the last key").endsWith(",\"cursor\":\"" + cursor(message) + "\"}");
    return Json.compact(message.get("events")) + " @ " + cursor(message);
  }

  static boolean isLast(String text, String last) {
    return text.contains("\"owner_id\":\"" + last + "\"");
  }

  /** Reads messages until the one holding {@code last}. */
  static List<String> readUntil(WsClient client, String last, List<String> into) throws Exception {
    while (into.isEmpty() || !isLast(into.get(into.size() - 1), last)) {
      into.add(client.next(WAIT));
    }
    return into;
  }

  /** Which gateway the client reconnects to, after it disconnected from {@code first}. */
  interface Reconnect {
    GatewayServer after(GatewayServer first) throws Exception;
  }

  /**
   * A reference client on {@code reference} that never disconnects, and a client on {@code first}
   * that disconnects after a random number of batches, stays away for a random number of batches
   * and resumes with its last cursor on the gateway {@code reconnect} names, while blocks keep
   * coming. Asserts both saw the same batches (events and cursors) and returns the resumed
   * connection's messages.
   */
  static List<String> resume(String name, GatewayServer first, Reconnect reconnect) throws Exception {
    final long seed = System.nanoTime();
    System.out.println(name + ": seed " + seed);
    final Random random = new Random(seed);
    final String account = name + "-" + seed + ".near";
    final String last = "last-" + seed;
    final List<String> referenceMessages = new ArrayList<>();
    final List<String> resumed = new ArrayList<>();
    final List<String> seen = new ArrayList<>();
    try (WsClient referenceClient = WsClient.connect(url(reference))) {
      referenceClient.send(subscribe(account, ",\"cursor\":true,\"fetch_past_events\":1"));
      assertThat(referenceClient.next(WAIT)).contains("\"note\":\"past\"").contains("\"cursor\":");
      final Writer writer = new Writer(seed, account, last);
      final int leaveAfter = random.nextInt(12);
      final int awayFor = 8 + random.nextInt(25);
      String position;
      try (WsClient client = WsClient.connect(url(first))) {
        client.send(subscribe(account, ",\"cursor\":true,\"fetch_past_events\":1"));
        final String past = client.next(WAIT);
        assertThat(past).contains("\"events\":[],\"note\":\"past\"");
        position = cursor(Json.MAPPER.readTree(past)); // a cursor from an empty past batch resumes too
        writer.start();
        for (int i = 0; i < leaveAfter; i++) {
          final String message = client.next(WAIT);
          seen.add(content(message));
          position = cursor(Json.MAPPER.readTree(message));
        }
      }
      while (referenceMessages.size() < leaveAfter + awayFor) {
        referenceMessages.add(referenceClient.next(WAIT)); // batches go by while the client is away
      }
      final GatewayServer second = reconnect.after(first);
      try (WsClient client = WsClient.connect(url(second))) {
        client.send(subscribe(account, ",\"after_cursor\":\"" + position + "\",\"fetch_past_events\":10"));
        int live = 0;
        while (live < 5) {
          final String message = client.next(WAIT);
          resumed.add(message);
          live += message.contains("\"note\":") ? 0 : 1;
        }
        writer.finish();
        readUntil(client, last, resumed);
      }
      readUntil(referenceClient, last, referenceMessages);
      System.out.println(name + ": left after " + leaveAfter + " batches, away for " + awayFor + ", "
          + writer.blocks.get() + " blocks, " + referenceMessages.size() + " batches in all, "
          + resumed.stream().filter(m -> m.contains("\"note\":\"replay\"")).count() + " replayed");
    }
    final List<String> expected = new ArrayList<>();
    for (String message : referenceMessages) {
      expected.add(content(message));
    }
    for (String message : resumed) {
      seen.add(content(message));
    }
    assertThat(seen).isEqualTo(expected);
    // replay batches first, then live ones; never a past batch
    boolean replaying = true;
    for (String message : resumed) {
      assertThat(message).doesNotContain("\"note\":\"past\"");
      if (!message.contains("\"note\":\"replay\"")) {
        replaying = false;
      }
      assertThat(message.contains("\"note\":\"replay\"")).as("a replay batch after a live one").isEqualTo(replaying);
    }
    return resumed;
  }

  @Test
  void shouldResumeExactlyAfterTheCursorReadingOlderBlocksFromKafka() throws Exception {
    final long reads = small.nearFeed().archiveReads();
    final List<String> resumed = resume("same", small, first -> first);
    assertThat(resumed.get(0)).contains("\"note\":\"replay\"");
    assertThat(small.nearFeed().archiveReads()).as("the history of 6 blocks did not reach back").isGreaterThan(reads);
  }

  @Test
  void shouldResumeOnAnotherGatewayInstanceWithTheSameCursor() throws Exception {
    resume("other", small, first -> reference);
  }

  @Test
  void shouldResumeOnARestartedGateway() throws Exception {
    final GatewayServer[] restarted = new GatewayServer[1];
    try {
      resume("restart", new GatewayServer(GatewayConfig.from(smallConfig(Topics.NEAR_EVENTS_BLOCKS))).start(),
          first -> {
            assertThat(first.awaitReady(WAIT)).isTrue();
            first.close();
            restarted[0] = new GatewayServer(GatewayConfig.from(smallConfig(Topics.NEAR_EVENTS_BLOCKS))).start();
            assertThat(restarted[0].awaitReady(WAIT)).isTrue();
            return restarted[0];
          });
    } finally {
      if (restarted[0] != null) {
        restarted[0].close();
      }
    }
  }

  @Test
  void shouldReplayFromABlockInclusiveThenGoLive() throws Exception {
    final String account = "from-" + System.nanoTime() + ".near";
    final List<Long> heights = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      heights.add(writeBlock(Topics.NEAR_EVENTS_BLOCKS, List.of(event(account, "f" + i))));
    }
    for (GatewayServer server : List.of(reference, small)) {
      try (WsClient client = WsClient.connect(url(server))) {
        client.send(subscribe(account, ",\"from_block\":\"" + heights.get(3) + "\",\"fetch_past_events\":100"));
        for (long expected : heights.subList(3, heights.size())) {
          final JsonNode message = Json.MAPPER.readTree(client.next(WAIT));
          assertThat(message.get("note").asText()).isEqualTo("replay");
          assertThat(message.get("events").get(0).get("block_height").asText()).isEqualTo(Long.toString(expected));
          assertThat(NearPosition.parseCursor(cursor(message)).height()).isEqualTo(expected);
        }
        final long live = writeBlock(Topics.NEAR_EVENTS_BLOCKS, List.of(event(account, "live")));
        heights.add(live);
        final String message = client.next(WAIT);
        assertThat(message).startsWith("{\"secret\":\"s\",\"events\":[{\"block_height\":\"" + live + "\"")
            .doesNotContain("\"note\"").contains("\"cursor\":");
      }
    }
  }

  @Test
  void shouldAddTheCursorAsLastKeyOfPastAndLiveBatchesAndResumeFromAPastBatch() throws Exception {
    final String account = "past-" + System.nanoTime() + ".near";
    final long h1 = writeBlock(Topics.NEAR_EVENTS_BLOCKS, List.of(event(account, "p1"), event("x.near", "p1x").setReceiptIndex(1),
        event(account, "p2").setReceiptIndex(2).setLogIndex(4)));
    final long h2 = writeBlock(Topics.NEAR_EVENTS_BLOCKS, List.of(event(account, "p3")));
    try (WsClient camel = WsClient.connect(url(reference) + "?format=camel")) {
      camel.send(subscribe(account, ",\"cursor\":true,\"fetch_past_events\":2"));
      final String past = camel.next(WAIT);
      assertThat(past).startsWith("{\"secret\":\"s\",\"events\":[{\"blockHeight\":").contains("\"note\":\"past\",\"cursor\":\"");
      final NearPosition position = NearPosition.parseCursor(cursor(Json.MAPPER.readTree(past)));
      assertThat(position).isEqualTo(new NearPosition(h2, 0, 0, 0));
      // resume from the middle of the first block: only the event after it, then live
      try (WsClient client = WsClient.connect(url(small))) {
        client.send(subscribe(account, ",\"after_cursor\":\"" + new NearPosition(h1, 0, 0, 0).cursor() + "\""));
        final JsonNode first = Json.MAPPER.readTree(client.next(WAIT));
        assertThat(first.get("events").size()).isEqualTo(1);
        assertThat(first.get("events").get(0).get("log_index").asInt()).isEqualTo(4);
        assertThat(NearPosition.parseCursor(cursor(first))).isEqualTo(new NearPosition(h1, 0, 2, 4));
        assertThat(Json.MAPPER.readTree(client.next(WAIT)).get("events").get(0).get("event").get("data").get(0)
            .get("owner_id").asText()).isEqualTo("p3");
        final long h3 = writeBlock(Topics.NEAR_EVENTS_BLOCKS, List.of(event(account, "p4")));
        assertThat(camel.next(WAIT)).startsWith("{\"secret\":\"s\",\"events\":[{\"blockHeight\":" + h3)
            .endsWith("}],\"cursor\":\"" + new NearPosition(h3, 0, 0, 0).cursor() + "\"}");
        assertThat(client.next(WAIT)).contains("\"block_height\":\"" + h3 + "\"").doesNotContain("\"note\"");
      }
    }
  }

  @Test
  void shouldAnswerAnExpiredCursorWithAnErrorFrameAndKeepTheSubscription() throws Exception {
    final String topic = "near.events.blocks.expiry";
    TopicAdmin.ensureTopics(kafka.bootstrapServers(), List.of(new Topics.Spec(topic, 1)), (short) 1);
    final String account = "expiry.near";
    final List<Long> heights = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      heights.add(writeBlock(topic, List.of(event(account, "e" + i))));
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(10))).all().get();
    }
    final GatewayServer gateway = new GatewayServer(GatewayConfig.from(smallConfig(topic).with("gateway.near.history-blocks", "3"))).start();
    try (WsClient client = WsClient.connect(url(gateway))) {
      assertThat(gateway.awaitReady(WAIT)).isTrue();
      client.send("{\"secret\":\"kept\",\"filter\":{\"account_id\":\"" + account + "\"}}");
      client.send(subscribe(account, ",\"from_block\":" + heights.get(9)));
      assertThat(client.next(WAIT)).isEqualTo("{\"secret\":\"s\",\"events\":[],\"error\":{\"code\":\"cursor_expired\","
          + "\"message\":\"cursor is older than the retained history\"}}");
      client.send(subscribe(account, ",\"after_cursor\":\"" + new NearPosition(heights.get(5), 0, 0, 0).cursor() + "\""));
      assertThat(client.next(WAIT)).contains("\"code\":\"cursor_expired\"");
      client.send("{\"secret\":\"s\",\"filter\":{},\"from_block\":-3}");
      assertThat(client.next(WAIT)).isEqualTo("{\"secret\":\"s\",\"events\":[],\"error\":{\"code\":\"invalid_parameter\","
          + "\"message\":\"invalid \\\"from_block\\\": must be a block height (a non-negative integer or decimal string)\"}}");
      final long live = writeBlock(topic, List.of(event(account, "after")));
      final JsonNode message = Json.MAPPER.readTree(client.next(WAIT));
      assertThat(message.get("secret").asText()).isEqualTo("kept"); // the first subscription still stands
      assertThat(message.has("cursor")).isFalse();
      assertThat(message.get("events").get(0).get("block_height").asText()).isEqualTo(Long.toString(live));
      // the oldest retained block still resumes, through the topic (the history holds 3 blocks)
      client.send(subscribe(account, ",\"from_block\":" + heights.get(10)));
      for (int i = 10; i < 20; i++) {
        assertThat(Json.MAPPER.readTree(client.next(WAIT)).get("events").get(0).get("block_height").asText())
            .isEqualTo(heights.get(i).toString());
      }
      assertThat(Json.MAPPER.readTree(client.next(WAIT)).get("events").get(0).get("block_height").asText())
          .isEqualTo(Long.toString(live));
      assertThat(gateway.nearFeed().archiveReads()).isGreaterThan(0);
    } finally {
      gateway.close();
    }
  }

  @Test
  void shouldRefuseATopicReplayBeyondTheCapAndKeepTheSubscription() throws Exception {
    final String account = "cap-" + System.nanoTime() + ".near";
    final List<Long> heights = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      heights.add(writeBlock(Topics.NEAR_EVENTS_BLOCKS, List.of(event(account, "c" + i))));
    }
    final GatewayServer capped = new GatewayServer(GatewayConfig.from(smallConfig(Topics.NEAR_EVENTS_BLOCKS)
        .with("gateway.near.max-topic-resumes", "0"))).start();
    try (WsClient client = WsClient.connect(url(capped))) {
      assertThat(capped.awaitReady(WAIT)).isTrue();
      client.send("{\"secret\":\"kept\",\"filter\":{\"account_id\":\"" + account + "\"}}");
      // ten blocks back, with a history of six: only a topic read reaches it, and no slot is free
      client.send(subscribe(account, ",\"from_block\":" + heights.get(0)));
      assertThat(client.next(WAIT)).isEqualTo("{\"secret\":\"s\",\"events\":[],\"error\":{\"code\":\"limit_exceeded\","
          + "\"message\":\"too many replays reading older blocks from Kafka; retry later\"}}");
      final long live = writeBlock(Topics.NEAR_EVENTS_BLOCKS, List.of(event(account, "live")));
      final JsonNode kept = Json.MAPPER.readTree(client.next(WAIT));
      assertThat(kept.get("secret").asText()).isEqualTo("kept"); // the previous subscription stands
      assertThat(kept.get("events").get(0).get("block_height").asText()).isEqualTo(Long.toString(live));
      // a replay within the in-memory history takes no slot
      client.send(subscribe(account, ",\"from_block\":" + heights.get(8)));
      for (long expected : List.of(heights.get(8), heights.get(9), live)) {
        final JsonNode message = Json.MAPPER.readTree(client.next(WAIT));
        assertThat(message.get("note").asText()).isEqualTo("replay");
        assertThat(message.get("events").get(0).get("block_height").asText()).isEqualTo(Long.toString(expected));
      }
      assertThat(capped.nearFeed().archiveReads()).isZero();
    } finally {
      capped.close();
    }
  }
}
