package dev.blockwire.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.config.Config;
import dev.blockwire.gateway.BrokerAndGateways;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.GatewayServer;
import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.WsClient;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowHeader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flow's native resume over a real broker and real websocket connections: an {@code events}
 * subscriber disconnects at a random point while sealed blocks keep coming, and subscribes again with
 * {@code start_block_height} = its last block's height + 1 (or {@code start_block_id} of that next
 * block); it then has exactly the events of a subscriber that never disconnected, each once and in
 * order, on the same gateway and on a restarted one. The seed is printed; set
 * {@code -Dflow.resume.seed=N} to replay a run.
 */
class FlowResumeKafkaTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final String NETWORK = "flow-mainnet";
  static final long FIRST = 50_000;
  static final String TX = "5e" + "a1".repeat(31);

  @TempDir
  static Path dataDir;
  static BrokerAndGateways kafka;
  static KafkaProducer<byte[], byte[]> producer;
  static Config config;
  static GatewayServer reference;
  /** The next height to finalize; sealed blocks trail it by two. */
  static final AtomicLong nextHeight = new AtomicLong(FIRST);
  /** Events of each block, by height, until it is sealed. */
  static final java.util.Map<Long, List<FlowEvent>> unsealed = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    kafka = BrokerAndGateways.start(dataDir);
    producer = kafka.producer();
    for (int i = 0; i < 10; i++) {
      step(List.of());
    }
    config = kafka.config()
        .with("gateway.eth.enabled", "false")
        .with("gateway.flow.max-responses-per-second", "0");
    reference = kafka.gateway(config);
    assertThat(reference.awaitReady(WAIT)).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  // ---- chain ----

  static String id(long height) {
    return String.format("%064x", height * 104_729L);
  }

  static long time(long height) {
    return 1_760_000_000_000L + (height - FIRST) * 800;
  }

  /** Finalizes the next block (its events kept for its sealed record) and seals the block two below it. */
  static synchronized long step(List<FlowEvent> events) throws Exception {
    final long h = nextHeight.getAndIncrement();
    unsealed.put(h, events);
    write(update(h, FlowBlockStatus.FINALIZED, List.of(), h, h - 3));
    final long s = h - 2;
    if (s >= FIRST) {
      write(update(s, FlowBlockStatus.SEALED, unsealed.remove(s), h, s));
    }
    return h;
  }

  static FlowChainUpdate update(long h, FlowBlockStatus status, List<FlowEvent> events, long finalized, long sealed) {
    return FlowChainUpdate.newBuilder().setNetwork(NETWORK)
        .setHeader(new FlowHeader(id(h), id(h - 1), h, time(h), "+GyIAA=="))
        .setCollectionGuarantees(List.of()).setBlockSeals(List.of()).setStatus(status).setEvents(events)
        .setTransactionResults(List.of()).setFinalizedHeight(finalized).setSealedHeight(sealed).build();
  }

  static void write(FlowChainUpdate update) throws Exception {
    producer.send(new ProducerRecord<>(Topics.FLOW_CHAIN, null, update.getHeader().getTimestampMs(),
        Serdes.NETWORK_KEY.encode(Serdes.networkKey(NETWORK)), Serdes.FLOW_CHAIN_UPDATE.encode(update))).get();
  }

  static FlowEvent event(String type, String value, int eventIndex) {
    final String cdc = "{\"type\":\"Event\",\"value\":{\"id\":\"" + type + "\",\"fields\":[{\"name\":\"n\",\"value\":"
        + "{\"type\":\"String\",\"value\":\"" + value + "\"}}]}}\n";
    return new FlowEvent(type, TX, 0, eventIndex, ByteBuffer.wrap(cdc.getBytes(StandardCharsets.UTF_8)));
  }

  /** 0 to 3 events of {@code type} (sometimes of another type) for one block. */
  static List<FlowEvent> randomEvents(Random random, String type, AtomicLong counter) {
    final List<FlowEvent> events = new ArrayList<>();
    for (int i = random.nextInt(4) - 1, index = 0; i >= 0; i--, index++) {
      events.add(event(random.nextInt(4) > 0 ? type : "A.0b2a3299cc857e29.TopShot.Deposit", "e" + counter.incrementAndGet(),
          index));
    }
    return events;
  }

  /** Writes blocks with random events until stopped, then a block holding the marker, and seals it. */
  static final class Writer extends Thread {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<Exception> failure = new AtomicReference<>();
    final AtomicLong blocks = new AtomicLong();
    final AtomicLong counter = new AtomicLong();
    final Random random;
    final String type;
    final String marker;

    Writer(long seed, String type, String marker) {
      this.random = new Random(seed);
      this.type = type;
      this.marker = marker;
    }

    @Override
    public void run() {
      try {
        while (!stop.get()) {
          step(randomEvents(random, type, counter));
          blocks.incrementAndGet();
          LockSupport.parkNanos(2_000_000); // a chain's pace, not a wait for a condition
        }
        step(List.of(event(type, marker, 0)));
        step(List.of());
        step(List.of());
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
    return "ws://127.0.0.1:" + server.port() + "/v1/ws";
  }

  static String subscribe(String type, String start) {
    return "{\"subscription_id\":\"ev\",\"action\":\"subscribe\",\"topic\":\"events\",\"arguments\":{\"event_types\":[\""
        + type + "\"]," + start + "}}";
  }

  /** A data message's block height, after checking it is an events message of the subscription. */
  static long height(JsonNode message) {
    assertThat(message.path("subscription_id").asText()).as(message.toString()).isEqualTo("ev");
    assertThat(message.path("topic").asText()).as(message.toString()).isEqualTo("events");
    return Long.parseLong(message.get("payload").get("block_height").asText());
  }

  /** Each event of a data message as "height tx/index type payload" (the JSON-CDC payload decoded); none for a heartbeat. */
  static List<String> events(JsonNode message) {
    final List<String> out = new ArrayList<>();
    for (JsonNode event : message.get("payload").path("events")) { // a heartbeat has no "events"
      out.add(height(message) + " " + event.get("transaction_index").asText() + "/" + event.get("event_index").asText()
          + " " + event.get("type").asText() + " "
          + new String(java.util.Base64.getDecoder().decode(event.get("payload").asText()), StandardCharsets.UTF_8).strip());
    }
    return out;
  }

  /** Subscribes and returns after the ack. */
  static void subscribeAndAck(WsClient client, String type, String start) throws Exception {
    client.send(subscribe(type, start));
    assertThat(client.next(WAIT)).isEqualTo("{\"subscription_id\":\"ev\",\"action\":\"subscribe\"}\n");
  }

  /** Reads data messages (adding their events) until the one whose events hold the marker. */
  static long readUntilMarker(WsClient client, String marker, List<String> into, long lastHeight) throws Exception {
    long last = lastHeight;
    while (into.isEmpty() || !into.get(into.size() - 1).contains("\"" + marker + "\"")) {
      final JsonNode message = Json.MAPPER.readTree(client.next(WAIT));
      final long h = height(message);
      assertThat(h).as("block heights increase").isGreaterThan(last);
      last = h;
      into.addAll(events(message));
    }
    return last;
  }

  /** How the client comes back, given the gateway it left and the next block's height. */
  interface Reconnect {
    GatewayServer gateway(GatewayServer left) throws Exception;
  }

  /**
   * A reference client that never disconnects and a client on {@code first} that leaves after a
   * random number of messages, stays away while blocks keep coming, and subscribes again from the
   * block after the last it received; both must have the same events, each once, in order.
   */
  static void resume(String name, GatewayServer first, Reconnect reconnect, boolean byId) throws Exception {
    final long seed = Long.getLong("flow.resume.seed", System.nanoTime());
    System.out.println(name + ": seed " + seed);
    final Random random = new Random(seed);
    final String type = "A.1654653399040a61.Resume" + name + ".Deposited"; // a mainnet address, a contract per test
    final String marker = "marker-" + seed;
    final long start = nextHeight.get() - 1; // the latest finalized block: a start above it is refused, as by flow-go
    final List<String> expected = new ArrayList<>();
    final List<String> seen = new ArrayList<>();
    final Writer writer = new Writer(seed, type, marker);
    try (WsClient referenceClient = WsClient.connect(url(reference))) {
      subscribeAndAck(referenceClient, type, "\"start_block_height\":\"" + start + "\"");
      final int leaveAfter = 1 + random.nextInt(15);
      final int awayFor = 5 + random.nextInt(25);
      long lastHeight = start - 1;
      try (WsClient client = WsClient.connect(url(first))) {
        subscribeAndAck(client, type, "\"start_block_height\":\"" + start + "\"");
        writer.start();
        for (int i = 0; i < leaveAfter; i++) {
          final JsonNode message = Json.MAPPER.readTree(client.next(WAIT));
          final long h = height(message);
          assertThat(h).isGreaterThan(lastHeight);
          lastHeight = h;
          seen.addAll(events(message));
        }
      }
      long referenceHeight = start - 1;
      for (int i = 0; i < leaveAfter + awayFor; i++) { // messages go by while the client is away
        final JsonNode message = Json.MAPPER.readTree(referenceClient.next(WAIT));
        referenceHeight = Math.max(referenceHeight, height(message));
        expected.addAll(events(message));
      }
      final GatewayServer second = reconnect.gateway(first);
      final long next = lastHeight + 1;
      try (WsClient client = WsClient.connect(url(second))) {
        subscribeAndAck(client, type, byId ? "\"start_block_id\":\"" + id(next) + "\""
            : "\"start_block_height\":\"" + next + "\"");
        for (int i = 0; i < 5; i++) {
          final JsonNode message = Json.MAPPER.readTree(client.next(WAIT));
          final long h = height(message);
          assertThat(h).as("no block before the start").isGreaterThan(lastHeight);
          if (i == 0) {
            assertThat(h).as("the first message replays a block that went by while away").isLessThanOrEqualTo(
                referenceHeight);
          }
          lastHeight = h;
          seen.addAll(events(message));
        }
        writer.finish();
        readUntilMarker(client, marker, seen, lastHeight);
      }
      readUntilMarker(referenceClient, marker, expected, referenceHeight);
      System.out.println(name + ": left after " + leaveAfter + " messages, away for " + awayFor + ", "
          + writer.blocks.get() + " blocks, " + expected.size() + " events in all");
    } finally {
      if (writer.isAlive()) {
        writer.finish();
      }
    }
    assertThat(expected).as("the reference's events are distinct").doesNotHaveDuplicates();
    assertThat(new HashSet<>(expected)).hasSize(expected.size());
    assertThat(seen).as("seed " + seed).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldResumeFromTheNextHeightWithEveryEventOnceInOrder() throws Exception {
    resume("byheight", reference, left -> left, false);
  }

  @Test
  void shouldResumeFromTheNextBlockIdWithEveryEventOnceInOrder() throws Exception {
    resume("byid", reference, left -> left, true);
  }

  @Test
  void shouldResumeOnARestartedGateway() throws Exception {
    final GatewayServer[] restarted = new GatewayServer[1];
    final GatewayServer first = new GatewayServer(GatewayConfig.from(config)).start();
    try {
      assertThat(first.awaitReady(WAIT)).isTrue();
      resume("restart", first, left -> {
        left.close();
        restarted[0] = new GatewayServer(GatewayConfig.from(config)).start();
        assertThat(restarted[0].awaitReady(WAIT)).isTrue();
        return restarted[0];
      }, false);
    } finally {
      if (restarted[0] != null) {
        restarted[0].close();
      } else {
        first.close();
      }
    }
  }
}
