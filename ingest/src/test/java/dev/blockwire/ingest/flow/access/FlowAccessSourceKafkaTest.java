package dev.blockwire.ingest.flow.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
import dev.blockwire.ingest.fixture.FixtureSource;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.ingest.flow.FlowAccessBlocks;
import dev.blockwire.ingest.flow.FlowFixture;
import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.flow.FlowContractEvent;

/**
 * The Flow access-node source against a real embedded broker and a loopback access node serving the
 * committed Flow fixture ({@link FakeAccessNode}): order, resume, outages, parent checks, backfill,
 * and the processor's outputs compared with those of the fixture source.
 */
class FlowAccessSourceKafkaTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String NETWORK = "flow-mainnet";

  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static List<FlowBlock> fixture;
  static List<FlowBlock> sealed;
  /** The fixture's finalized records without their transaction results (an access node reports none). */
  static List<FlowBlock> finalized;

  @TempDir Path stateDir;
  private FakeAccessNode node;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void startBroker() throws IOException {
    broker = EmbeddedKafkaBroker.start(dataDir);
    final List<Topics.Spec> topics = new ArrayList<>();
    for (String name : List.of("follow", "resume", "outage", "parent", "backfill", "compare-access", "compare-fixture",
        "fixture-resume")) {
      topics.add(new Topics.Spec("flow-" + name, 1));
    }
    TopicAdmin.ensureTopics(broker.bootstrapServers(), topics, (short) 1);
    fixture = FlowFixture.load("", NETWORK, new FlowAccessBlocks(FakeAccessNode.MAPPER)).records();
    sealed = fixture.stream().filter(b -> b.getStatus() == FlowBlockStatus.SEALED).toList();
    finalized = fixture.stream().filter(b -> b.getStatus() == FlowBlockStatus.FINALIZED)
        .map(FlowAccessSourceKafkaTest::withoutResults).toList();
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @BeforeEach
  void startNode() throws IOException {
    node = new FakeAccessNode();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    node.close();
  }

  private FlowAccessConfig config(String topic) {
    return new FlowAccessConfig(broker.bootstrapServers(), "flow-" + topic, NETWORK, node.url(), OptionalLong.empty(),
        OptionalLong.empty(), Duration.ofMillis(20), 8, 3, Duration.ofSeconds(5), Duration.ofMillis(10),
        Duration.ofMillis(80), Duration.ofMillis(300));
  }

  private FlowAccessSource start(FlowAccessConfig config) {
    final FlowAccessSource source = new FlowAccessSource(config, FakeAccessNode.MAPPER);
    open.add(source);
    source.start();
    return source;
  }

  private long first() {
    return node.firstHeight();
  }

  @Test
  void shouldWriteEverySealedBlockOnceInOrderThroughNotFoundsServerErrorsAndAMissingHeight() throws Exception {
    node.sealedHead.set(first() + 4);
    node.lagNext.set(2);
    node.dropOnce.set(first() + 6);
    final FlowAccessSource source = start(config("follow").withRange(OptionalLong.of(first()), OptionalLong.empty()));
    for (long head = first() + 4; head < node.lastHeight(); ) {
      final long target = head;
      awaitTrue(() -> source.lastWrittenHeight() == target, "caught up with the sealed head " + target);
      if (head == first() + 16) {
        node.failNext.set(6); // a burst of 503s
      }
      head = Math.min(node.lastHeight(), head + 3);
      node.sealedHead.set(head);
    }
    awaitTrue(() -> source.lastWrittenHeight() == node.lastHeight(), "the last sealed block");

    assertWrittenAsANodeReports(readAll("follow"), 0, sealed.size(), sealed.size());
    assertThat(source.blocksWritten()).isEqualTo(sealed.size());
    assertThat(source.failure()).isEmpty();
    assertThat(node.multiBlockRanges.get()).as("height-range requests").isPositive();
    assertThat(node.notFound.get()).as("404s for heights the node did not have").isGreaterThanOrEqualTo(2);
    assertThat(node.serverErrors.get()).isGreaterThanOrEqualTo(6);
    assertThat(node.dropOnce.get()).as("the answer missing a height was served").isEqualTo(-1);
    assertThat(node.maxInFlight.get()).as("requests in flight at once").isBetween(1, 3);
  }

  @Test
  void shouldResumeAfterARestartFromTheTopicWithoutDuplicates() throws Exception {
    node.sealedHead.set(first() + 9);
    final FlowAccessSource before = start(config("resume").withRange(OptionalLong.of(first()), OptionalLong.empty()));
    awaitTrue(() -> before.lastWrittenHeight() == first() + 9, "ten blocks");
    before.close();
    node.sealedHead.set(node.lastHeight());

    final FlowAccessSource after = start(config("resume"));
    awaitTrue(() -> after.lastWrittenHeight() == node.lastHeight(), "the rest");

    assertWrittenAsANodeReports(readAll("resume"), 0, sealed.size(), sealed.size());
    assertThat(after.blocksWritten()).isEqualTo(sealed.size() - 10);
  }

  @Test
  void shouldReportANodeThatStaysDownAndWriteEveryBlockOnceItIsBack() throws Exception {
    node.sealedHead.set(first() + 5);
    final FlowAccessSource source = start(config("outage").withRange(OptionalLong.of(first()), OptionalLong.empty()));
    awaitTrue(() -> source.lastWrittenHeight() == first() + 5, "six blocks");
    node.down = true;
    node.sealedHead.set(node.lastHeight());
    awaitTrue(() -> source.failure().isPresent(), "a node-down report");
    assertThat(source.failure().get()).isInstanceOf(AccessNodeDownException.class)
        .hasMessageContaining(node.url().toString()).hasMessageContaining("no block is skipped");
    assertThat(source.isRunning()).isTrue();
    assertThat(source.blocksWritten()).isEqualTo(6);

    node.down = false;
    awaitTrue(() -> source.lastWrittenHeight() == node.lastHeight(), "every block after the outage");
    awaitTrue(() -> source.failure().isEmpty(), "the report cleared");
    assertWrittenAsANodeReports(readAll("outage"), 0, sealed.size(), sealed.size());
  }

  @Test
  void shouldStopLoudlyOnABlockWhoseParentIsNotTheLastWritten() throws Exception {
    node.sealedHead.set(node.lastHeight());
    node.tamperedParents.add(first() + 10);
    final FlowAccessSource source = start(config("parent").withRange(OptionalLong.of(first()), OptionalLong.empty()));

    assertThat(source.awaitStopped(WAIT)).isTrue();
    assertThat(source.failure()).get().isInstanceOf(FlowAccessSourceException.class);
    assertThat(source.failure().get().getMessage()).contains("finalized block " + (first() + 10),
        "has parent " + "ab".repeat(32), sealed.get(9).getHeader().getId());
    final List<FlowBlock> written = readAll("parent");
    final long sealedCount = written.stream().filter(b -> b.getStatus() == FlowBlockStatus.SEALED).count();
    assertThat(sealedCount).as("sealed blocks written before the bad one").isBetween(1L, 10L);
    assertWrittenAsANodeReports(written, 0, (int) sealedCount, 10);
  }

  @Test
  void shouldBackfillARangeAndStop() throws Exception {
    node.sealedHead.set(node.lastHeight());
    final FlowAccessSource source = start(config("backfill")
        .withRange(OptionalLong.of(first() + 2), OptionalLong.of(first() + 12)));

    assertThat(source.awaitStopped(WAIT)).isTrue();
    assertThat(source.failure()).isEmpty();
    assertWrittenAsANodeReports(readAll("backfill"), 2, 13, 13);
  }

  @Test
  void shouldGiveTheProcessorTheSameSealedOutputsAsTheFixtureSource() throws Exception {
    node.sealedHead.set(node.lastHeight());
    final FlowAccessSource access = start(config("compare-access").withRange(OptionalLong.of(first()),
        OptionalLong.of(node.lastHeight())));
    assertThat(access.awaitStopped(WAIT)).isTrue();
    final FixtureSourceConfig fixtureConfig = FixtureSourceConfig.FLOW.defaults(broker.bootstrapServers())
        .withTopic("flow-compare-fixture").withBlocksPerSecond(0);
    try (FixtureSource<FlowBlock> source = new FixtureSource<>(fixtureConfig,
        FlowFixture.load(fixtureConfig, FakeAccessNode.MAPPER))) {
      assertThat(source.runOnce(1000)).isEqualTo(fixture.size());
    }

    final Outputs fromAccess = process("compare-access");
    final Outputs fromFixture = process("compare-fixture");

    assertThat(fromAccess.deadLetters).isEmpty();
    assertThat(fromFixture.deadLetters).isEmpty();
    assertThat(fromAccess.events).hasSize(sealed.stream().mapToInt(b -> b.getEvents().size()).sum()).containsExactlyElementsOf(fromFixture.events);
    assertThat(fromAccess.sealedUpdates).hasSize(sealed.size()).containsExactlyElementsOf(fromFixture.sealedUpdates);
    assertThat(fromAccess.finalizedUpdates).hasSize(finalized.size())
        .containsExactlyElementsOf(fromFixture.finalizedUpdates);
  }

  @Test
  void shouldReplayTheFlowFixtureThroughTheGenericFixtureSourceResumingAndLooping() throws Exception {
    final FixtureSourceConfig config = FixtureSourceConfig.FLOW.defaults(broker.bootstrapServers())
        .withTopic("flow-fixture-resume").withBlocksPerSecond(0).withLoop(true);
    final FlowFixture chain = FlowFixture.load(config, FakeAccessNode.MAPPER);
    try (FixtureSource<FlowBlock> source = new FixtureSource<>(config, chain)) {
      assertThat(source.runOnce(30)).isEqualTo(30);
    }
    try (FixtureSource<FlowBlock> source = new FixtureSource<>(config, chain)) {
      assertThat(source.runOnce(fixture.size() + 10)).isEqualTo(fixture.size() + 10);
    }

    final List<FlowBlock> written = readAll("fixture-resume");
    assertThat(written).hasSize(30 + fixture.size() + 10);
    assertThat(written.subList(0, fixture.size())).containsExactlyElementsOf(fixture);
    final FlowBlock firstOfPass1 = written.get(fixture.size());
    assertThat(firstOfPass1.getStatus()).isEqualTo(FlowBlockStatus.FINALIZED);
    assertThat(firstOfPass1.getHeader().getHeight()).isEqualTo(node.lastHeight() + 1);
    assertThat(firstOfPass1.getHeader().getParentId()).isEqualTo(sealed.get(sealed.size() - 1).getHeader().getId());
    assertThat(firstOfPass1.getHeader().getId()).matches("[0-9a-f]{64}").isNotEqualTo(fixture.get(0).getHeader().getId());
  }

  // ------------------------------------------------------------------ helpers

  private record Outputs(List<FlowContractEvent> events, List<FlowChainUpdate> sealedUpdates,
      List<FlowChainUpdate> finalizedUpdates, List<DeadLetter> deadLetters) {}

  private static FlowBlock withoutResults(FlowBlock block) {
    return FlowBlock.newBuilder(block).setTransactionResults(List.of()).build();
  }

  /**
   * Sealed records {@code from..sealedTo} of the fixture exactly, finalized ones {@code from..finalizedTo}
   * (without results), each status in height order, and every block finalized before it is sealed.
   */
  private static void assertWrittenAsANodeReports(List<FlowBlock> records, int from, int sealedTo, int finalizedTo) {
    assertThat(records.stream().filter(b -> b.getStatus() == FlowBlockStatus.SEALED).toList())
        .containsExactlyElementsOf(sealed.subList(from, sealedTo));
    assertThat(records.stream().filter(b -> b.getStatus() == FlowBlockStatus.FINALIZED).toList())
        .containsExactlyElementsOf(finalized.subList(from, finalizedTo));
    final java.util.Set<String> finalizedSoFar = new java.util.HashSet<>();
    for (FlowBlock record : records) {
      if (record.getStatus() == FlowBlockStatus.FINALIZED) {
        finalizedSoFar.add(record.getHeader().getId());
      } else {
        assertThat(finalizedSoFar).as("finalized before sealed").contains(record.getHeader().getId());
      }
    }
  }

  /** Runs the production topology over a topic's raw records. */
  private Outputs process(String topic) {
    try (TopologyTestDriver driver = new TopologyTestDriver(BlockwireProcessor.buildTopology(),
        ProcessorConfig.defaults().withStateDir(stateDir.resolve(topic)).streamsProperties())) {
      final TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(Topics.FLOW_BLOCKS_RAW,
          new ByteArraySerializer(), new ByteArraySerializer());
      for (ConsumerRecord<byte[], byte[]> record : readRaw(topic)) {
        raw.pipeInput(new TestRecord<>(record.key(), record.value(), null, record.timestamp()));
      }
      final List<FlowContractEvent> events = driver.createOutputTopic(Topics.FLOW_EVENTS,
          Serdes.FLOW_EVENT_KEY.deserializer(), Serdes.FLOW_CONTRACT_EVENT.deserializer()).readValuesToList();
      final List<FlowChainUpdate> updates = new ArrayList<>();
      final List<FlowChainUpdate> finalizedUpdates = new ArrayList<>();
      for (FlowChainUpdate update : driver.createOutputTopic(Topics.FLOW_CHAIN, Serdes.NETWORK_KEY.deserializer(),
          Serdes.FLOW_CHAIN_UPDATE.deserializer()).readValuesToList()) {
        // the heads' heights depend on how finalized and sealed records interleave, which is the node's timing
        final FlowChainUpdate.Builder comparable = FlowChainUpdate.newBuilder(update).setFinalizedHeight(0)
            .setSealedHeight(0);
        if (update.getStatus() == FlowBlockStatus.SEALED) {
          updates.add(comparable.build());
        } else {
          // the fixture's finalized records carry observed transaction statuses; a REST node reports none
          finalizedUpdates.add(comparable.setTransactionResults(List.of()).build());
        }
      }
      final List<DeadLetter> deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS,
          Serdes.NETWORK_KEY.deserializer(), Serdes.DEAD_LETTER.deserializer()).readValuesToList();
      return new Outputs(events, updates, finalizedUpdates, deadLetters);
    }
  }

  private static List<FlowBlock> readAll(String topic) {
    final List<FlowBlock> blocks = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : readRaw(topic)) {
      assertThat(Serdes.NETWORK_KEY.decode(record.key()).getNetwork()).isEqualTo(NETWORK);
      final FlowBlock block = Serdes.FLOW_BLOCK.decode(record.value());
      assertThat(record.timestamp()).isEqualTo(block.getHeader().getTimestampMs());
      blocks.add(block);
    }
    return blocks;
  }

  private static List<ConsumerRecord<byte[], byte[]>> readRaw(String topic) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    final TopicPartition partition = new TopicPartition("flow-" + topic, 0);
    final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      final long end = consumer.endOffsets(List.of(partition)).get(partition);
      final long deadline = System.nanoTime() + WAIT.toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
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
