package dev.blockwire.ingest.near.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.ingest.fixture.FixtureChain;
import dev.blockwire.ingest.near.NeardataBlocks;
import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearEventKey;

/**
 * The NEAR source against a loopback neardata-shaped server (the committed mainnet fixture, with its
 * five skipped heights and injected faults) or a Lake-layout folder, writing to a real in-process KRaft
 * broker: one broker for the class, one topic per test.
 */
class NearSourceKafkaTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<Long> SKIPPED = List.of(188102386L, 188102394L, 188102403L, 188102412L, 188102418L);
  private static final long FIRST = NeardataTestServer.FIRST;
  private static final long LAST = NeardataTestServer.LAST;

  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static List<NearBlock> fixture;

  private NeardataTestServer server;
  private final List<NearSource> sources = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws IOException {
    broker = EmbeddedKafkaBroker.start(dataDir);
    final List<Topics.Spec> topics = new ArrayList<>();
    for (String name : List.of("once", "resume", "outage", "gap", "mismatch", "backfill", "lake", "files", "e2e", "latest")) {
      topics.add(new Topics.Spec(name, 1));
    }
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, (short) 1);
    fixture = FixtureChain.load("", "near-mainnet", new NeardataBlocks(NeardataTestServer.MAPPER)).blocks();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void startServer() throws IOException {
    server = new NeardataTestServer();
  }

  @AfterEach
  void stopAll() {
    sources.forEach(NearSource::close);
    server.close();
  }

  @Test
  void shouldWriteEveryBlockExactlyOnceInOrderAndRecordTheSkippedHeights() throws Exception {
    server.slowNext.set(8);
    server.slowMillis = 150; // overlapping answers: the prefetch window shows in the server's in-flight count
    final NearSource source = start(http("once", server.url(), FIRST, LAST));

    assertThat(source.awaitStopped(WAIT)).as("stops after the end height").isTrue();
    assertThat(source.failure()).isEmpty();
    final List<ConsumerRecord<byte[], NearBlock>> records = readExactly("once", 40);
    assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(fixture);
    assertThat(skippedHeaders(records)).isEqualTo(Map.of(
        188102387L, "188102386", 188102395L, "188102394", 188102404L, "188102403", 188102413L, "188102412",
        188102419L, "188102418"));
    for (ConsumerRecord<byte[], NearBlock> record : records) {
      assertThat(record.timestamp()).isEqualTo(record.value().getTimestampNanos() / 1_000_000L);
      assertThat(Serdes.NETWORK_KEY.decode(record.key()).getNetwork()).isEqualTo("near-mainnet");
    }
    assertThat(source.skippedHeights()).isEqualTo(5);
    assertThat(source.blocksWritten()).isEqualTo(40);
    assertThat(server.maxInFlight.get()).as("prefetch in parallel, bounded by the concurrency").isBetween(2, 5);
    for (long height : SKIPPED) {
      assertThat(server.requests(height)).as("skipped height " + height + " asked").isPositive();
    }
  }

  @Test
  void shouldFollowTheHeadAndResumeAfterARestartFromKafkaWithoutDuplicates() throws Exception {
    server.head.set(188102386L); // the head is a skipped height: the first run cannot confirm it yet
    final NearSource first = start(http("resume", server.url(), FIRST, null));
    awaitTrue(() -> first.lastWrittenHeight() == 188102385L && server.requests(188102387L) >= 2,
        "the first run at the head, polling");
    first.close();
    assertThat(first.failure()).isEmpty();
    assertThat(first.skippedHeights()).isZero();

    final NearSource second = start(http("resume", server.url(), null, null));
    awaitTrue(() -> second.lastWrittenHeight() == 188102385L && server.requests(188102387L) >= 3,
        "the second run resumed at the head");
    server.head.set(LAST);
    awaitTrue(() -> second.lastWrittenHeight() == LAST, "the second run follows the head to the last block");

    final List<ConsumerRecord<byte[], NearBlock>> records = readExactly("resume", 40);
    assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(fixture);
    assertThat(skippedHeaders(records)).containsEntry(188102387L, "188102386").hasSize(5);
    assertThat(second.skippedHeights()).isEqualTo(5);
    assertThat(second.blocksWritten()).isEqualTo(40 - 6);
    assertThat(second.failure()).isEmpty();
  }

  @Test
  void shouldRetryThroughFaultsAndReportAServiceThatStaysDownWithoutSkippingABlock() throws Exception {
    server.head.set(188102400L);
    server.failNext.set(3);
    server.closeNext.set(2);
    server.slowNext.set(2);
    server.slowMillis = 3_000; // past the 1 s request timeout
    final NearSource source = start(http("outage", server.url(), FIRST, null));
    awaitTrue(() -> source.lastWrittenHeight() == 188102400L, "the blocks up to the head through the faults");
    assertThat(server.faultsServed.get()).isEqualTo(7);

    server.down = true;
    server.head.set(LAST);
    awaitTrue(() -> source.failure().isPresent(), "a report of the service staying down");
    assertThat(source.failure().get()).isInstanceOf(NearSourceDownException.class)
        .hasMessageContaining("no block is skipped");
    assertThat(source.isRunning()).isTrue();
    assertThat(source.lastWrittenHeight()).isEqualTo(188102400L);

    server.down = false;
    awaitTrue(() -> source.lastWrittenHeight() == LAST, "the blocks after the outage");
    awaitTrue(() -> source.failure().isEmpty(), "the report cleared");
    final List<ConsumerRecord<byte[], NearBlock>> records = readExactly("outage", 40);
    assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(fixture);
    assertThat(skippedHeaders(records).keySet()).containsExactly(188102387L, 188102395L, 188102404L, 188102413L,
        188102419L);
  }

  @Test
  void shouldReportARealGapAndFetchItAgainInsteadOfSkippingIt() throws Exception {
    server.hidden.add(188102390L); // a block exists there, but the service answers null
    final NearSource source = start(http("gap", server.url(), FIRST, null));
    awaitTrue(() -> source.failure().isPresent(), "the gap reported");
    assertThat(source.failure().get()).isInstanceOf(NearGapException.class).hasMessageContaining("188102390");
    assertThat(((NearGapException) source.failure().get()).missingHeight()).isEqualTo(188102390L);
    awaitTrue(() -> server.requests(188102390L) >= 3, "the missing height asked again");
    assertThat(source.isRunning()).isTrue();
    assertThat(source.lastWrittenHeight()).isEqualTo(188102389L);
    assertThat(readExactly("gap", 9)).extracting(r -> r.value().getHeight()).last().isEqualTo(188102389L);

    server.hidden.clear();
    awaitTrue(() -> source.lastWrittenHeight() == LAST, "the chain after the gap is filled");
    assertThat(source.failure()).isEmpty();
    assertThat(source.gapsSeen()).isEqualTo(1);
    final List<ConsumerRecord<byte[], NearBlock>> records = readExactly("gap", 40);
    assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(fixture);
    assertThat(skippedHeaders(records)).doesNotContainKey(188102391L).hasSize(5);
  }

  @Test
  void shouldStopOnAPrevHashThatIsNotTheLastWrittenBlock() throws Exception {
    server.tamperedPrevHash.put(188102392L, "11111111111111111111111111111111");
    final NearSource source = start(http("mismatch", server.url(), FIRST, null));

    assertThat(source.awaitStopped(WAIT)).as("the source stops").isTrue();
    assertThat(source.failure()).get().isInstanceOf(NearSourceException.class);
    assertThat(source.failure().get().getMessage()).contains("prev_hash 11111111111111111111111111111111",
        "188102391", "does not connect");
    assertThat(source.lastWrittenHeight()).isEqualTo(188102391L);
    assertThat(readExactly("mismatch", 11)).extracting(r -> r.value().getHeight()).last().isEqualTo(188102391L);
  }

  @Test
  void shouldBackfillARangeEndingOnASkippedHeightAndExit() throws Exception {
    final NearSource source = start(http("backfill", server.url(), 188102382L, 188102386L));

    assertThat(source.awaitStopped(WAIT)).isTrue();
    assertThat(source.failure()).isEmpty();
    final List<ConsumerRecord<byte[], NearBlock>> records = readExactly("backfill", 4);
    assertThat(records).extracting(r -> r.value().getHeight())
        .containsExactly(188102382L, 188102383L, 188102384L, 188102385L);
    assertThat(skippedHeaders(records)).isEmpty();
    assertThat(source.skippedHeights()).as("386 confirmed skipped by block 387, which is not written").isEqualTo(1);
    assertThat(server.requests(188102387L)).as("the block confirming 386 is fetched, not written").isPositive();
    assertThat(server.requests(188102388L)).as("nothing past the confirming block").isZero();
  }

  @Test
  void shouldStartAtTheLatestFinalBlockWhenNothingIsWrittenAndNoStartIsGiven() throws Exception {
    server.head.set(188102420L);
    final NearSource source = start(http("latest", server.url(), null, null));
    awaitTrue(() -> source.lastWrittenHeight() == 188102420L, "the latest final block");
    server.head.set(LAST);
    awaitTrue(() -> source.lastWrittenHeight() == LAST, "the blocks after it");

    final List<ConsumerRecord<byte[], NearBlock>> records = readExactly("latest", 5);
    assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(fixture.subList(35, 40));
    assertThat(server.requests(188102419L)).isZero();
  }

  @Test
  void shouldReadAndFollowALakeLayoutFolder(@TempDir Path lake) throws Exception {
    NeardataTestServer.writeLake(lake, FIRST, 188102400L);
    final NearSource source = start(folder("lake", lake, FIRST, null));
    awaitTrue(() -> source.lastWrittenHeight() == 188102400L, "the blocks in the folder");
    NeardataTestServer.writeLake(lake, 188102401L, LAST);
    awaitTrue(() -> source.lastWrittenHeight() == LAST, "the blocks added to the folder");

    final List<ConsumerRecord<byte[], NearBlock>> records = readExactly("lake", 40);
    assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(fixture);
    assertThat(skippedHeaders(records)).hasSize(5).containsEntry(188102404L, "188102403");
    assertThat(source.failure()).isEmpty();
  }

  @Test
  void shouldBackfillFromAFolderOfNeardataFiles(@TempDir Path files) throws Exception {
    for (long height = FIRST; height <= 188102390L; height++) {
      final String body = NeardataTestServer.FIXTURE.getOrDefault(height, "null");
      Files.writeString(files.resolve(height + ".json"), body, StandardCharsets.UTF_8);
    }
    final NearSource source = start(folder("files", files, FIRST, 188102389L));

    assertThat(source.awaitStopped(WAIT)).isTrue();
    assertThat(source.failure()).isEmpty();
    final List<ConsumerRecord<byte[], NearBlock>> records = readExactly("files", 9);
    assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(fixture.subList(0, 9));
    assertThat(skippedHeaders(records)).isEqualTo(Map.of(188102387L, "188102386"));
  }

  @Test
  void shouldGiveTheProcessorTheSameNearEventsAsTheFixtureSource(@TempDir Path state) throws Exception {
    final NearSource source = start(http("e2e", server.url(), FIRST, LAST));
    assertThat(source.awaitStopped(WAIT)).isTrue();
    final List<ConsumerRecord<byte[], NearBlock>> ingested = readExactly("e2e", 40);

    final List<TestRecord<byte[], byte[]>> fromSource = new ArrayList<>();
    for (ConsumerRecord<byte[], NearBlock> record : ingested) {
      fromSource.add(new TestRecord<>(record.key(), Serdes.NEAR_BLOCK.encode(record.value()), record.headers(),
          record.timestamp()));
    }
    final List<TestRecord<byte[], byte[]>> fromFixture = new ArrayList<>();
    for (NearBlock block : fixture) {
      fromFixture.add(new TestRecord<>(Serdes.NETWORK_KEY.encode(Serdes.networkKey("near-mainnet")),
          Serdes.NEAR_BLOCK.encode(block), null, block.getTimestampNanos() / 1_000_000L));
    }
    final Output viaSource = process(fromSource, state.resolve("source"));
    final Output viaFixture = process(fromFixture, state.resolve("fixture"));

    assertThat(viaSource.events()).hasSize(27).isEqualTo(viaFixture.events());
    assertThat(viaSource.blocks()).hasSize(40).isEqualTo(viaFixture.blocks());
  }

  // ---------------------------------------------------------------- helpers

  private record Output(List<KeyValue<NearEventKey, NearEvent>> events, List<NearBlockEvents> blocks) {
  }

  private static Output process(List<TestRecord<byte[], byte[]>> raw, Path stateDir) {
    try (TopologyTestDriver driver = new TopologyTestDriver(BlockwireProcessor.buildTopology(),
        ProcessorConfig.defaults().withStateDir(stateDir).streamsProperties())) {
      final TestInputTopic<byte[], byte[]> input = driver.createInputTopic(Topics.NEAR_BLOCKS_RAW,
          new ByteArraySerializer(), new ByteArraySerializer());
      raw.forEach(input::pipeInput);
      return new Output(
          driver.createOutputTopic(Topics.NEAR_EVENTS, Serdes.NEAR_EVENT_KEY.deserializer(),
              Serdes.NEAR_EVENT.deserializer()).readKeyValuesToList(),
          driver.createOutputTopic(Topics.NEAR_EVENTS_BLOCKS, Serdes.NETWORK_KEY.deserializer(),
              Serdes.NEAR_BLOCK_EVENTS.deserializer()).readValuesToList());
    }
  }

  private NearSource start(NearSourceConfig config) {
    final NearSource source = new NearSource(config, NeardataTestServer.MAPPER);
    sources.add(source);
    source.start();
    return source;
  }

  private static NearSourceConfig http(String topic, URI url, Long start, Long end) {
    return config(topic, Optional.of(url), Optional.empty(), start, end);
  }

  private static NearSourceConfig folder(String topic, Path folder, Long start, Long end) {
    return config(topic, Optional.empty(), Optional.of(folder), start, end);
  }

  private static NearSourceConfig config(String topic, Optional<URI> url, Optional<Path> folder, Long start, Long end) {
    return new NearSourceConfig(broker.bootstrapServers(), topic, "near-mainnet", url, folder,
        start == null ? OptionalLong.empty() : OptionalLong.of(start),
        end == null ? OptionalLong.empty() : OptionalLong.of(end),
        Duration.ofMillis(20), 4, Duration.ofMillis(1_000), Duration.ofMillis(5), Duration.ofMillis(40),
        Duration.ofMillis(300));
  }

  /** The skipped-heights header of each record that has one, by block height. */
  private static Map<Long, String> skippedHeaders(List<ConsumerRecord<byte[], NearBlock>> records) {
    final Map<Long, String> headers = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], NearBlock> record : records) {
      final Header header = record.headers().lastHeader(NearSource.SKIPPED_HEADER);
      if (header != null) {
        headers.put(record.value().getHeight(), new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return headers;
  }

  /** Every record of the topic, which must hold exactly {@code count} (read within a bounded wait). */
  private static List<ConsumerRecord<byte[], NearBlock>> readExactly(String topic, int count) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    final List<ConsumerRecord<byte[], NearBlock>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], NearBlock> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        Serdes.NEAR_BLOCK.deserializer())) {
      final TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      final long end = consumer.endOffsets(List.of(partition)).get(partition);
      assertThat(end).as("records in " + topic).isEqualTo(count);
      final long deadline = System.nanoTime() + WAIT.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    assertThat(records).as("records read from " + topic).hasSize(count);
    return records;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    final long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
