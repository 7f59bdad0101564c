package dev.blockwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.config.Config;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.GatewayServer;
import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.near.NearPosition;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.eth.EthBlockRef;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.near.NearBlockEvents;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume cursors through the whole system: the three fixture sources (Ethereum reorgs included), the
 * processor (exactly_once_v2) and the gateway on the embedded broker. A reference gateway and its
 * clients stay up; clients of the system's gateway disconnect at a random point, the processor is
 * restarted mid-stream, then the gateway, and the clients resume with their cursors (Flow: natively,
 * {@code start_block_height} of the block after the last one received). Each resumed stream (NEAR
 * batches, Ethereum logs and heads, Flow block digests) equals the reference's exactly, and the
 * ordered topics hold every block and chain update once.
 */
class ResumeEndToEndTest {

  static final Duration WAIT = Duration.ofSeconds(120);
  static final ClientManager CLIENTS = ClientManager.createClient();

  @TempDir
  static Path dataDir;
  static LocalStack stack;
  static GatewayServer reference;

  @BeforeAll
  static void startTheSystem() throws Exception {
    stack = LocalStack.start(Config.defaults()
            .with("gateway.port", "0")
            .with("ingest.fixture.blocks-per-second", "20")
            .with("ingest.eth-fixture.blocks-per-second", "20")
            .with("ingest.flow.records-per-second", "20")
            .with("ingest.flow.loop", "true")
            .with("gateway.flow.max-responses-per-second", "0"),
        true, dataDir, 0, LocalStack.Sources.ALL);
    reference = new GatewayServer(GatewayConfig.from(Config.defaults().with("gateway.port", "0")
        .with("gateway.flow.max-responses-per-second", "0")
        .with("kafka.bootstrap.servers", stack.bootstrapServers()))).start();
    assertThat(reference.awaitReady(WAIT)).isTrue();
  }

  @AfterAll
  static void stopTheSystem() throws Exception {
    if (reference != null) {
      reference.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  /** A websocket client that records, per stream, what two clients must agree on: content and cursor. */
  static final class Client implements AutoCloseable {
    /**
     * NEAR: each batch's events and cursor. Ethereum: per subscription id, each result and cursor.
     * Flow: each block digest (its height is the cursor).
     */
    final List<String> near = new CopyOnWriteArrayList<>();
    final List<String> logs = new CopyOnWriteArrayList<>();
    final List<String> heads = new CopyOnWriteArrayList<>();
    final List<String> notes = new CopyOnWriteArrayList<>();
    final List<String> flow = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    volatile String logsId;
    volatile String headsId;
    final Session session;

    Client(String url, String first) throws Exception {
      session = CLIENTS.connectToServer(new Endpoint() {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
          session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
              record(text);
            } catch (Throwable e) {
              failures.add(e);
            }
          });
        }
      }, ClientEndpointConfig.Builder.create().build(), URI.create(url));
      session.getBasicRemote().sendText(first);
    }

    private void record(String text) throws Exception {
      final JsonNode message = Json.MAPPER.readTree(text);
      if (message.has("subscription_id")) { // Flow: the subscribe ack, then block digests
        assertThat(message.has("error")).as(text).isFalse();
        if (message.has("payload")) {
          assertThat(message.get("topic").asText()).isEqualTo("block_digests");
          flow.add(Json.compact(message.get("payload")));
        }
        return;
      }
      if (message.isArray()) { // the reply to the batch of two eth_subscribe calls
        logsId = message.get(0).get("result").asText();
        headsId = message.get(1).get("result").asText();
        return;
      }
      if (message.has("events")) {
        assertThat(message.has("error")).as(text).isFalse();
        assertThat(text).endsWith(",\"cursor\":\"" + message.get("cursor").asText() + "\"}");
        if (message.has("note")) {
          notes.add(message.get("note").asText());
        }
        near.add(Json.compact(message.get("events")) + " @ " + message.get("cursor").asText());
        return;
      }
      final JsonNode params = message.get("params");
      final String content = Json.compact(params.get("result")) + " @ " + params.get("cursor").asText();
      (params.get("subscription").asText().equals(logsId) ? logs : heads).add(content);
    }

    @Override
    public void close() throws Exception {
      session.close();
    }
  }

  static String nearSubscribe(String extra) {
    return "{\"secret\":\"e2e\",\"filter\":{}" + extra + "}";
  }

  static String ethSubscribe(String logsOptions, String headsOptions) {
    return "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"logs\",{}," + logsOptions + "]},"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"," + headsOptions + "]}]";
  }

  static String flowSubscribe(String start) {
    return "{\"subscription_id\":\"bd\",\"action\":\"subscribe\",\"topic\":\"block_digests\","
        + "\"arguments\":{\"block_status\":\"finalized\"" + start + "}}";
  }

  /** The height after a Flow block digest's: where a client that received it resumes. */
  static long flowNextHeight(String digest) throws Exception {
    return Long.parseLong(Json.MAPPER.readTree(digest).get("height").asText()) + 1;
  }

  static String cursorOf(String content) {
    return content.substring(content.lastIndexOf(" @ ") + 3);
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    final long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(20); // polling a condition, bounded by the deadline above
    }
  }

  /**
   * The reference stream from the first item of {@code resumed} on, as long as {@code resumed};
   * waits for the reference to get that far.
   */
  static List<String> referenceSlice(String what, List<String> reference, List<String> resumed)
      throws InterruptedException {
    await(what + ": the reference to see the resumed client's first item", () -> reference.contains(resumed.get(0)));
    final int from = reference.indexOf(resumed.get(0));
    await(what + ": the reference to get as far", () -> reference.size() >= from + resumed.size());
    return new ArrayList<>(reference.subList(from, from + resumed.size()));
  }

  @Test
  void shouldResumeEveryStreamExactlyAcrossProcessorAndGatewayRestarts() throws Exception {
    final long seed = System.nanoTime();
    System.out.println("resume end-to-end: seed " + seed);
    final Random random = new Random(seed);
    final String referenceUrl = "ws://127.0.0.1:" + reference.port();
    try (Client nearReference = new Client(referenceUrl + "/ws", nearSubscribe(",\"cursor\":true"));
         Client ethReference = new Client(referenceUrl + "/eth",
             ethSubscribe("{\"withCursor\":true}", "{\"withCursor\":true}"));
         Client flowReference = new Client(referenceUrl + "/v1/ws", flowSubscribe(""))) {
      await("the reference clients to receive", () -> nearReference.near.size() >= 2 && ethReference.heads.size() >= 2
          && ethReference.logs.size() >= 2 && flowReference.flow.size() >= 2);

      // first connections to the system's gateway, left at a random point
      final List<String> near = new ArrayList<>();
      final List<String> logs = new ArrayList<>();
      final List<String> heads = new ArrayList<>();
      final List<String> flow = new ArrayList<>();
      final int flowItems = 1 + random.nextInt(20);
      final int nearItems = 1 + random.nextInt(15);
      final int ethItems = 2 + random.nextInt(60);
      try (Client nearClient = new Client(stack.websocketUrl() + "/ws", nearSubscribe(",\"cursor\":true"));
           Client ethClient = new Client(stack.websocketUrl() + "/eth",
               ethSubscribe("{\"withCursor\":true}", "{\"withCursor\":true}"));
           Client flowClient = new Client(stack.websocketUrl() + "/v1/ws", flowSubscribe(""))) {
        await("the first connections to receive", () -> nearClient.near.size() >= nearItems
            && !ethClient.logs.isEmpty() && !ethClient.heads.isEmpty()
            && ethClient.logs.size() + ethClient.heads.size() >= ethItems && flowClient.flow.size() >= flowItems);
        nearClient.session.close();
        ethClient.session.close();
        flowClient.session.close();
        near.addAll(nearClient.near);
        logs.addAll(ethClient.logs);
        heads.addAll(ethClient.heads);
        flow.addAll(flowClient.flow);
        assertThat(nearClient.failures).isEmpty();
        assertThat(ethClient.failures).isEmpty();
        assertThat(flowClient.failures).isEmpty();
      }
      System.out.println("resume end-to-end: left after " + near.size() + " NEAR batches, " + logs.size() + " logs, "
          + heads.size() + " heads, " + flow.size() + " Flow blocks");

      // the processor restarts mid-stream (the sources keep writing), then the gateway
      final int nearBefore = nearReference.near.size();
      final int headsBefore = ethReference.heads.size();
      final int flowBefore = flowReference.flow.size();
      stack.restartProcessor();
      await("blocks after the processor restart", () -> nearReference.near.size() >= nearBefore + 5
          && ethReference.heads.size() >= headsBefore + 20 && flowReference.flow.size() >= flowBefore + 5);
      stack.restartGateway();

      // resume with the cursors on the restarted gateway
      try (Client nearClient = new Client(stack.websocketUrl() + "/ws",
               nearSubscribe(",\"after_cursor\":\"" + cursorOf(near.get(near.size() - 1)) + "\""));
           Client ethClient = new Client(stack.websocketUrl() + "/eth",
               ethSubscribe("{\"cursor\":\"" + cursorOf(logs.get(logs.size() - 1)) + "\"}",
                   "{\"cursor\":\"" + cursorOf(heads.get(heads.size() - 1)) + "\"}"));
           Client flowClient = new Client(stack.websocketUrl() + "/v1/ws",
               flowSubscribe(",\"start_block_height\":\"" + flowNextHeight(flow.get(flow.size() - 1)) + "\""))) {
        await("the resumed connections to catch up and go on live", () -> nearClient.notes.contains("replay")
            && nearClient.near.size() > nearClient.notes.size() + 5 && ethClient.heads.size() >= 60
            && flowClient.flow.size() >= 40);
        assertThat(nearClient.notes).containsOnly("replay");
        near.addAll(nearClient.near);
        logs.addAll(ethClient.logs);
        heads.addAll(ethClient.heads);
        flow.addAll(flowClient.flow);
        assertThat(nearClient.failures).isEmpty();
        assertThat(ethClient.failures).isEmpty();
        assertThat(flowClient.failures).isEmpty();
      }
      System.out.println("resume end-to-end: compared " + near.size() + " NEAR batches, " + logs.size() + " logs ("
          + logs.stream().filter(log -> log.contains("\"removed\":true")).count() + " removals), " + heads.size()
          + " heads, " + flow.size() + " Flow blocks");
      assertThat(near).isEqualTo(referenceSlice("NEAR", nearReference.near, near));
      assertThat(logs).isEqualTo(referenceSlice("logs", ethReference.logs, logs));
      assertThat(heads).isEqualTo(referenceSlice("heads", ethReference.heads, heads));
      assertThat(flow).isEqualTo(referenceSlice("Flow", flowReference.flow, flow));

      // the reference itself saw every NEAR event once, in chain order, across the processor restart
      NearPosition previous = null;
      for (String batch : nearReference.near) {
        final NearPosition position = NearPosition.parseCursor(cursorOf(batch));
        assertThat(previous == null || position.compareTo(previous) > 0).as("%s after %s", position, previous).isTrue();
        previous = position;
      }
      assertThat(nearReference.failures).isEmpty();
      assertThat(ethReference.failures).isEmpty();
      assertThat(flowReference.failures).isEmpty();
    }
    assertEveryBlockOnceOnTheOrderedTopics();
  }

  /**
   * near.events.blocks: heights strictly increase; eth.chain: no block added while canonical, none dropped
   * unless canonical; flow.chain: each block once per status.
   */
  static void assertEveryBlockOnceOnTheOrderedTopics() {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      long previous = -1;
      int blocks = 0;
      for (ConsumerRecord<byte[], byte[]> record : readAll(consumer, Topics.NEAR_EVENTS_BLOCKS)) {
        final NearBlockEvents block = Serdes.NEAR_BLOCK_EVENTS.decode(record.value());
        assertThat(block.getBlockHeight()).as("NEAR block at offset %s", record.offset()).isGreaterThan(previous);
        previous = block.getBlockHeight();
        blocks++;
      }
      final Set<String> canonical = new HashSet<>();
      int updates = 0;
      for (ConsumerRecord<byte[], byte[]> record : readAll(consumer, Topics.ETH_CHAIN)) {
        final EthChainUpdate update = Serdes.ETH_CHAIN_UPDATE.decode(record.value());
        for (EthBlockRef dropped : update.getDropped()) {
          assertThat(canonical.remove(dropped.getHash().toString())).as("dropped %s at offset %s", dropped.getHash(),
              record.offset()).isTrue();
        }
        for (EthChainBlock added : update.getAdded()) {
          assertThat(canonical.add(added.getHeader().getHash().toString())).as("added %s twice, at offset %s",
              added.getHeader().getHash(), record.offset()).isTrue();
        }
        updates++;
      }
      final Set<String> flowUpdates = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> record : readAll(consumer, Topics.FLOW_CHAIN)) {
        final FlowChainUpdate update = Serdes.FLOW_CHAIN_UPDATE.decode(record.value());
        final String what = update.getStatus() + " " + update.getHeader().getHeight();
        assertThat(flowUpdates.add(what)).as("Flow block %s twice, at offset %s", what, record.offset()).isTrue();
      }
      System.out.println("resume end-to-end: " + blocks + " NEAR blocks, " + updates + " Ethereum chain updates and "
          + flowUpdates.size() + " Flow block updates, each once");
      assertThat(blocks).isPositive();
      assertThat(updates).isPositive();
      assertThat(flowUpdates).isNotEmpty();
    }
  }

  static List<ConsumerRecord<byte[], byte[]>> readAll(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    final TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    final long end = consumer.endOffsets(List.of(partition)).get(partition);
    final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    final long deadline = System.nanoTime() + WAIT.toNanos();
    while (consumer.position(partition) < end) {
      assertThat(System.nanoTime()).as("reading %s", topic).isLessThan(deadline);
      consumer.poll(Duration.ofMillis(200)).records(partition).forEach(records::add);
    }
    return records;
  }
}
