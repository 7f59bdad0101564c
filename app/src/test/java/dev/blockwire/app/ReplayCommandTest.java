package dev.blockwire.app;

import static dev.blockwire.app.CommandRun.execute;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.ingest.load.EthLoadChain;
import dev.blockwire.ingest.load.FlowLoadChain;
import dev.blockwire.ingest.load.LoadProfile;
import dev.blockwire.ingest.load.NearLoadChain;
import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthLog;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.near.NearBlock;

/**
 * {@code blockwire replay} on a real embedded broker, driven through picocli: synthetic NEAR, Ethereum
 * (with reorgs) and Flow chains go through the live processor first; replays of height ranges must then
 * produce, record by record, the live outputs of that range, without touching a live topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  static Path dataDir;

  private EmbeddedKafkaBroker broker;
  private String servers;
  private final List<Long> nearHeights = new ArrayList<>();
  private final List<Long> ethHeights = new ArrayList<>();
  private final List<Long> flowHeights = new ArrayList<>();

  /** One output record as compared: partition, key, value, timestamp. */
  private record Rec(int partition, String key, String value, long timestamp) {
    byte[] valueBytes() {
      return Base64.getDecoder().decode(value);
    }
  }

  @BeforeAll
  void writeChainsAndRunTheLiveProcessor() throws Exception {
    broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"));
    servers = broker.bootstrapServers();
    TopicAdmin.ensureTopics(servers, Topics.all(), (short) 1);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      final NearLoadChain near = new NearLoadChain(LoadProfile.near(0, 15, 5, 0));
      for (int i = 0; i < 300; i++) {
        final NearBlock block = near.next();
        nearHeights.add(block.getHeight());
        producer.send(raw(Topics.NEAR_BLOCKS_RAW, "near-mainnet", block.getTimestampNanos() / 1_000_000,
            Serdes.NEAR_BLOCK.encode(block)));
      }
      final EthLoadChain eth = new EthLoadChain(LoadProfile.eth(0, 8, 8, 3, 33, 0));
      for (int i = 0; i < 330; i++) {
        final EthBlock block = eth.next();
        ethHeights.add(block.getHeader().getNumber());
        producer.send(raw(Topics.ETH_BLOCKS_RAW, "eth-mainnet", block.getHeader().getTimestamp() * 1000,
            Serdes.ETH_BLOCK.encode(block)));
      }
      final FlowLoadChain flow = new FlowLoadChain(LoadProfile.flow(0, 10, 7, 0));
      for (int i = 0; i < 120; i++) {
        final FlowBlock block = flow.next();
        flowHeights.add(block.getHeader().getHeight());
        producer.send(raw(Topics.FLOW_BLOCKS_RAW, "flow-mainnet", block.getHeader().getTimestampMs(),
            Serdes.FLOW_BLOCK.encode(block)));
      }
      producer.flush();
    }
    final ProcessorConfig live = ProcessorConfig.defaults().withBootstrapServers(servers)
        .withStateDir(dataDir.resolve("live-state"));
    try (BlockwireProcessor processor = new BlockwireProcessor(live)) {
      processor.start();
      awaitCommitted(live.applicationId(), Map.of(
          new TopicPartition(Topics.NEAR_BLOCKS_RAW, 0), 300L,
          new TopicPartition(Topics.ETH_BLOCKS_RAW, 0), 330L,
          new TopicPartition(Topics.FLOW_BLOCKS_RAW, 0), 120L));
    }
  }

  @AfterAll
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldReplayANearRangeIntoFreshTopicsEqualToTheLiveOutputsOfThatRange() throws Exception {
    final long from = nearHeights.get(100);
    final long to = nearHeights.get(199);
    final Map<String, Long> liveEnds = endOffsets(liveTopics());

    final CommandRun run = execute("replay", "--chain", "near", "--from-height", Long.toString(from), "--to-height",
        Long.toString(to), "--output-suffix", ".replay-near", "--bootstrap-servers", servers, "--progress", "lines");

    assertThat(run.exit()).as(run.err()).isZero();
    final Predicate<Long> inRange = h -> h >= from && h <= to;
    final List<Rec> blocks = read(Topics.NEAR_EVENTS_BLOCKS + ".replay-near");
    assertThat(blocks).hasSize(100)
        .isEqualTo(filter(read(Topics.NEAR_EVENTS_BLOCKS),
            r -> inRange.test(Serdes.NEAR_BLOCK_EVENTS.decode(r.valueBytes()).getBlockHeight())));
    final List<Rec> events = read(Topics.NEAR_EVENTS + ".replay-near");
    assertThat(events).isNotEmpty().isEqualTo(filter(read(Topics.NEAR_EVENTS),
        r -> inRange.test(Serdes.NEAR_EVENT.decode(r.valueBytes()).getBlockHeight())));
    final List<String> deadLetters = deadLetters(Topics.DEAD_LETTERS + ".replay-near");
    assertThat(deadLetters).isNotEmpty().isEqualTo(deadLetters(Topics.DEAD_LETTERS).stream()
        .filter(d -> d.startsWith("near-mainnet|") && inRange.test(Long.parseLong(d.split("\\|")[1]))).toList());
    assertThat(endOffsets(liveTopics())).isEqualTo(liveEnds);
    assertThat(run.out()).contains("Replayed near, heights " + from + " to " + to + " (seed: 128 blocks before")
        .contains("blocks read:      100")
        .containsPattern("near\\.events\\.blocks\\.replay-near +100\n")
        .containsPattern("near\\.events\\.replay-near +" + events.size() + "\n")
        .contains("dead letters:     " + deadLetters.size())
        .contains("output topics:    near.events.blocks.replay-near, near.events.replay-near, blockwire.dlq.replay-near")
        .contains("near.blocks.raw.replay-near (kept");
    assertThat(run.err()).contains("processing").contains("100/100 blocks");
  }

  @Test
  void shouldReplayAnEthereumRangeThroughItsReorgsSeededFromTheBlocksBeforeIt() throws Exception {
    int reorgIndex = 120;
    while (ethHeights.get(reorgIndex) > ethHeights.get(reorgIndex - 1)) {
      reorgIndex++;
    }
    // the range starts one above the reorg's first new block: the reorg drops blocks below the range
    final long from = ethHeights.get(reorgIndex) + 1;
    final long to = from + 60;
    final Map<String, Long> liveEnds = endOffsets(liveTopics());

    final CommandRun run = execute("replay", "--network", "eth", "--from-height", Long.toString(from), "--to-height",
        Long.toString(to), "--output-prefix", "fix1.", "--bootstrap-servers", servers, "--progress", "bar");

    assertThat(run.exit()).as(run.err()).isZero();
    final List<Rec> liveChain = read(Topics.ETH_CHAIN);
    assertThat(liveChain).hasSize(ethHeights.size()); // one update per raw block: update i is raw block i's
    // the span: from the first raw block at a height >= from to the last one <= to
    final int first = firstIndex(ethHeights, h -> h >= from);
    final int last = lastIndex(ethHeights, h -> h <= to);
    final List<Rec> expectedChain = liveChain.subList(first, last + 1);
    final Set<String> expectedLogs = new HashSet<>();
    long reorgs = 0;
    long removed = 0;
    for (Rec rec : expectedChain) {
      final EthChainUpdate update = Serdes.ETH_CHAIN_UPDATE.decode(rec.valueBytes());
      reorgs += update.getDropped().isEmpty() ? 0 : 1;
      removed += update.getRemovedLogs().size();
      update.getRemovedLogs().forEach(log -> expectedLogs.add(logId(log)));
      update.getAppendedLogs().forEach(log -> expectedLogs.add(logId(log)));
      for (EthChainBlock block : update.getAdded()) {
        block.getLogs().forEach(log -> expectedLogs.add(logId(log)));
      }
    }
    assertThat(reorgs).isGreaterThanOrEqualTo(7);
    assertThat(Serdes.ETH_CHAIN_UPDATE.decode(expectedChain.get(0).valueBytes()).getDropped()).isEmpty();
    assertThat(read("fix1." + Topics.ETH_CHAIN)).isEqualTo(expectedChain);
    final List<Rec> expectedLogRecords = filter(read(Topics.ETH_LOGS),
        r -> expectedLogs.contains(logId(Serdes.ETH_LOG.decode(r.valueBytes()))));
    assertThat(expectedLogRecords).hasSize(expectedLogs.size());
    assertThat(read("fix1." + Topics.ETH_LOGS)).isEqualTo(expectedLogRecords);
    assertThat(read("fix1." + Topics.DEAD_LETTERS)).isEmpty();
    assertThat(endOffsets(liveTopics())).isEqualTo(liveEnds);
    assertThat(run.out()).contains("Replayed eth, heights " + from + " to " + to)
        .contains("reorg removals:   " + reorgs + " reorgs, " + reorgs * 3 + " blocks dropped, " + removed + " logs removed")
        .containsPattern("fix1\\.eth\\.chain +" + expectedChain.size() + "\n")
        .containsPattern("fix1\\.eth\\.logs +" + expectedLogRecords.size() + "\n")
        .contains("dead letters:     0")
        // the reorg's new branch starts below the range, written after the range's first block
        .containsPattern("eth\\.blocks\\.raw +\\d+ in range, \\d+ seed, [1-9]\\d* interleaved");
    assertThat(run.err()).contains("\rprocessing").contains("] " + (expectedChain.size()));
  }

  @Test
  void shouldRefuseNonEmptyOutputTopicsUnlessForcedAndThenReplayAgainExactly() throws Exception {
    final long from = nearHeights.get(20);
    final long to = nearHeights.get(59);
    final String[] args = {"replay", "--chain", "near", "--from-height", Long.toString(from), "--to-height",
        Long.toString(to), "--output-suffix", ".again", "--bootstrap-servers", servers, "--progress", "none"};
    assertThat(execute(args).exit()).isZero();
    final List<Rec> first = read(Topics.NEAR_EVENTS_BLOCKS + ".again");
    final Map<String, Long> ends = endOffsets(List.of(Topics.NEAR_EVENTS_BLOCKS + ".again", Topics.NEAR_EVENTS + ".again"));

    final CommandRun refused = execute(args);

    assertThat(refused.exit()).isEqualTo(ReplayCommand.REFUSED);
    assertThat(refused.err()).contains("refusing to write into topics that already hold records")
        .contains(Topics.NEAR_EVENTS_BLOCKS + ".again");
    assertThat(endOffsets(List.of(Topics.NEAR_EVENTS_BLOCKS + ".again", Topics.NEAR_EVENTS + ".again"))).isEqualTo(ends);

    final String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
    forced[args.length] = "--force";
    final CommandRun again = execute(forced);

    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(first).hasSize(40);
    assertThat(read(Topics.NEAR_EVENTS_BLOCKS + ".again")).isEqualTo(first);
    assertThat(again.out()).contains("blocks read:      40");
  }

  @Test
  void shouldReplayAFlowRangeWithTheSealsInterleavedWithItAsLive() throws Exception {
    final long from = flowHeights.get(0) + 20;
    final long to = from + 20;
    final CommandRun run = execute("replay", "--chain", "flow", "--from-height", Long.toString(from), "--to-height",
        Long.toString(to), "--output-suffix", ".replay-flow", "--seed-blocks", "10", "--delete-input",
        "--bootstrap-servers", servers);

    assertThat(run.exit()).as(run.err()).isZero();
    final int first = firstIndex(flowHeights, h -> h >= from);
    final int last = lastIndex(flowHeights, h -> h <= to);
    final List<Rec> chain = read(Topics.FLOW_CHAIN + ".replay-flow");
    // 21 blocks finalized and sealed, plus the seals of 3 blocks below and 3 finalized blocks above in between
    assertThat(last - first + 1).isEqualTo(48);
    assertThat(chain).isEqualTo(read(Topics.FLOW_CHAIN).subList(first, last + 1));
    final long events = read(Topics.FLOW_EVENTS + ".replay-flow").size();
    assertThat(events).isPositive();
    assertThat(run.out()).contains("blocks read:      42").contains("42 in range, 17 seed, 6 interleaved")
        .containsPattern("flow\\.events\\.replay-flow +" + events + "\n").contains("(deleted)");
    assertThat(endOffsets(List.of(Topics.FLOW_BLOCKS_RAW))).containsEntry(Topics.FLOW_BLOCKS_RAW, 120L);
  }

  private static int firstIndex(List<Long> heights, Predicate<Long> test) {
    for (int i = 0; i < heights.size(); i++) {
      if (test.test(heights.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no such height");
  }

  private static int lastIndex(List<Long> heights, Predicate<Long> test) {
    for (int i = heights.size() - 1; i >= 0; i--) {
      if (test.test(heights.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no such height");
  }

  @Test
  void shouldReplayEveryChainFromHeightZeroToTheEndIntoExactlyTheLiveOutputs() throws Exception {
    final CommandRun run = execute("replay", "--chain", "all", "--from-height", "0", "--output-suffix", ".all",
        "--bootstrap-servers", servers, "--progress", "none");

    assertThat(run.exit()).as(run.err()).isZero();
    for (String output : List.of(Topics.NEAR_EVENTS_BLOCKS, Topics.NEAR_EVENTS, Topics.ETH_CHAIN, Topics.ETH_LOGS,
        Topics.FLOW_CHAIN, Topics.FLOW_EVENTS)) {
      assertThat(read(output + ".all")).as(output).isNotEmpty().isEqualTo(read(output));
    }
    assertThat(deadLetters(Topics.DEAD_LETTERS + ".all")).isNotEmpty().isEqualTo(deadLetters(Topics.DEAD_LETTERS));
    assertThat(run.out()).contains("Replayed near, eth, flow, heights 0 to the end")
        .contains("blocks read:      " + (nearHeights.size() + ethHeights.size() + flowHeights.size()));
  }

  @Test
  void shouldRefuseARangeWithoutOutputNamesOrAnUnknownChain() {
    final CommandRun noNames = execute("replay", "--chain", "near", "--from-height", "1", "--bootstrap-servers", servers);
    final CommandRun badChain = execute("replay", "--chain", "doge", "--from-height", "1", "--output-suffix", ".x",
        "--bootstrap-servers", servers);
    final CommandRun backwards = execute("replay", "--chain", "eth", "--from-height", "10", "--to-height", "9",
        "--output-suffix", ".x", "--bootstrap-servers", servers);

    assertThat(noNames.exit()).isEqualTo(2);
    assertThat(noNames.err()).contains("give --output-suffix or --output-prefix");
    assertThat(badChain.exit()).isEqualTo(2);
    assertThat(badChain.err()).contains("--chain must be near, eth, flow or all: doge");
    assertThat(backwards.exit()).isEqualTo(2);
    assertThat(backwards.err()).contains("--to-height 9 is below --from-height 10");
  }

  private static String logId(EthLog log) {
    return log.getBlockHash() + "/" + log.getLogIndex() + "/" + log.getRemoved();
  }

  private static ProducerRecord<byte[], byte[]> raw(String topic, String network, long timestampMs, byte[] value) {
    return new ProducerRecord<>(topic, 0, timestampMs, Serdes.NETWORK_KEY.encode(Serdes.networkKey(network)), value);
  }

  private static List<Rec> filter(List<Rec> records, Predicate<Rec> keep) {
    return records.stream().filter(keep).toList();
  }

  private static List<String> liveTopics() {
    return Topics.all().stream().map(Topics.Spec::name).toList();
  }

  /** Dead letters without their pointer into the input (the replay's point into its copy of the raw range). */
  private List<String> deadLetters(String topic) {
    return read(topic).stream().map(r -> {
      final DeadLetter letter = Serdes.DEAD_LETTER.decode(r.valueBytes());
      return letter.getNetwork() + "|" + letter.getBlockHeight() + "|" + letter.getCode() + "|" + letter.getReason()
          + "|" + letter.getLocation() + "|" + letter.getSourceTimestampMs() + "|"
          + Base64.getEncoder().encodeToString(letter.getPayload().array()) + "|" + r.key() + "|" + r.timestamp();
    }).toList();
  }

  private List<Rec> read(String topic) {
    final List<Rec> records = new ArrayList<>();
    try (Admin admin = admin();
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        request.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      final Map<TopicPartition, Long> stable = new HashMap<>();
      admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
          .forEach((tp, info) -> stable.put(tp, info.offset()));
      for (int p = 0; p < partitions; p++) {
        final TopicPartition partition = new TopicPartition(topic, p);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (consumer.position(partition) < stable.get(partition)) {
          assertThat(System.nanoTime()).as("reading " + partition).isLessThan(deadline);
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.offset() < stable.get(partition)) {
              records.add(new Rec(p, record.key() == null ? null : Base64.getEncoder().encodeToString(record.key()),
                  Base64.getEncoder().encodeToString(record.value()), record.timestamp()));
            }
          }
        }
      }
    } catch (Exception e) {
      throw new AssertionError("reading " + topic, e);
    }
    return records;
  }

  private Map<String, Long> endOffsets(List<String> topics) throws Exception {
    try (Admin admin = admin()) {
      final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
          description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      final Map<String, Long> ends = new HashMap<>();
      admin.listOffsets(request).all().get().forEach((tp, info) -> ends.merge(tp.topic(), info.offset(), Long::sum));
      return ends;
    }
  }

  private void awaitCommitted(String group, Map<TopicPartition, Long> targets) throws Exception {
    final long deadline = System.nanoTime() + WAIT.toNanos();
    try (Admin admin = admin()) {
      while (true) {
        final Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        if (targets.entrySet().stream().allMatch(t -> committed.get(t.getKey()) != null
            && committed.get(t.getKey()).offset() >= t.getValue())) {
          return;
        }
        assertThat(System.nanoTime()).as("the live processor committing " + targets).isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
  }
}
