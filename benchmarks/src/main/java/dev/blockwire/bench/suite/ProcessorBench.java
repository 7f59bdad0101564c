package dev.blockwire.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.ingest.load.LoadChains;
import dev.blockwire.ingest.load.LoadGenerator;
import dev.blockwire.ingest.load.LoadProfile;
import dev.blockwire.ingest.load.SyntheticChain;
import dev.blockwire.schemas.Topics;

/**
 * Processor end to end: the load generator fills a raw topic of a fresh embedded broker, then the
 * processor (its own JVM, exactly_once_v2) drains it. Its rate is the committed input offset over
 * time (from its first commit to the end of the topic). The limit on the same broker: Kafka's
 * consumer performance tool reading the same raw records, plus its producer performance tool
 * writing as many records of the mean output size as the processor wrote.
 */
final class ProcessorBench {

  /** One run: a chain and its shape. {@code x} is the value of the curve's axis. */
  record Scenario(String name, LoadChains chain, int eventsPerBlock, int reorgEvery, int reorgDepth, long blocks,
      String curve, double x) {

    LoadProfile profile() {
      return new LoadProfile(chain.defaultNetwork(), 0, eventsPerBlock, reorgEvery, reorgDepth, 42, blocks);
    }

    String rawTopic() {
      return chain == LoadChains.NEAR ? Topics.NEAR_BLOCKS_RAW : Topics.ETH_BLOCKS_RAW;
    }

    List<String> outputTopics() {
      return chain == LoadChains.NEAR
          ? List.of(Topics.NEAR_EVENTS_BLOCKS, Topics.NEAR_EVENTS, Topics.DEAD_LETTERS)
          : List.of(Topics.ETH_CHAIN, Topics.ETH_LOGS, Topics.DEAD_LETTERS);
    }
  }

  /** What one run measured. Rates are per second over the processing window. */
  record Result(Scenario scenario, long inRecords, long inBytes, long events, long outRecords, long outBytes,
      Map<String, TopicStats.Count> outputs, long processed, double seconds, KafkaTools.Rate consumerLimit,
      KafkaTools.Rate producerLimit, Path jfr, java.time.Instant windowStart, java.time.Instant windowEnd) {

    double inRecordsPerSecond() {
      return processed / seconds;
    }

    double inMegabytesPerSecond() {
      return inRecordsPerSecond() * inBytes / inRecords / 1e6;
    }

    double outRecordsPerSecond() {
      return inRecordsPerSecond() * outRecords / inRecords;
    }

    double outMegabytesPerSecond() {
      return inRecordsPerSecond() * outBytes / inRecords / 1e6;
    }

    double eventsPerSecond() {
      return inRecordsPerSecond() * events / inRecords;
    }

    long deadLetters() {
      final TopicStats.Count count = outputs.get(Topics.DEAD_LETTERS);
      return count == null ? 0 : count.records();
    }

    /** Raw records per second the broker alone could read and write for this work (serially: 2 cores shared). */
    double limitRecordsPerSecond() {
      final double outPerIn = (double) outRecords / inRecords;
      return 1.0 / (1.0 / consumerLimit.recordsPerSecond() + outPerIn / producerLimit.recordsPerSecond());
    }

    double ratio() {
      return inRecordsPerSecond() / limitRecordsPerSecond();
    }
  }

  static final String LIMIT_TOPIC = "bench.limit.out";

  private final Path work;
  private final int commitIntervalMs;

  ProcessorBench(Path work, int commitIntervalMs) {
    this.work = work;
    this.commitIntervalMs = commitIntervalMs;
  }

  /** The NEAR events-per-block curve and the Ethereum reorg-depth curve. */
  static List<Scenario> scenarios(double scale) {
    final List<Scenario> all = new ArrayList<>();
    for (int events : new int[] {10, 100, 1000}) {
      // about 100k events each (40k at 10 per block, where per-block costs dominate)
      final long blocks = Math.max(50, Math.round(scale * (events == 10 ? 40_000 : 100_000) / events));
      all.add(new Scenario("near-e" + events, LoadChains.NEAR, events, 0, 0, blocks, "near-events-per-block", events));
    }
    for (int depth : new int[] {0, 4, 16}) {
      all.add(new Scenario("eth-d" + depth, LoadChains.ETH, 100, depth == 0 ? 0 : 32, depth,
          Math.max(100, Math.round(scale * 500)), "eth-reorg-depth", depth));
    }
    return all;
  }

  Result run(Scenario scenario) throws Exception {
    final Path dir = work.resolve("processor-" + scenario.name());
    System.out.printf("processor %s: %s%n", scenario.name(), scenario.profile());
    try (ChildJvm broker = ChildJvm.start("broker", BrokerMain.class, List.of("-Xms512m", "-Xmx1g"),
        List.of(dir.resolve("kafka").toString(), "0"), dir.resolve("broker.log"))) {
      final String bootstrap = broker.awaitLine("READY ", Duration.ofSeconds(90)).substring(6).strip();
      TopicAdmin.ensureTopics(bootstrap, List.of(new Topics.Spec(LIMIT_TOPIC, Topics.KEYED_PARTITIONS)), (short) 1);

      final Fill fill = fill(bootstrap, scenario.chain().create(scenario.profile()), scenario.profile());
      System.out.printf("  filled %s: %d records, %.1f MB, %d events in %.1f s%n", scenario.rawTopic(), fill.records,
          fill.bytes / 1e6, fill.events, fill.seconds);
      final KafkaTools.Rate consumerLimit = KafkaTools.consume(bootstrap, scenario.rawTopic(), fill.records, dir);

      final Path jfr = dir.resolve("processor.jfr");
      final long[] window;
      try (ChildJvm processor = ChildJvm.start("processor", ProcessorMain.class, List.of("-Xms512m", "-Xmx1g",
              "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true"),
          List.of(bootstrap, "bench-" + scenario.name(), dir.resolve("state").toString(),
              Integer.toString(commitIntervalMs)), dir.resolve("processor.log"))) {
        processor.awaitLine("RUNNING", Duration.ofSeconds(120));
        window = awaitDrained(bootstrap, "bench-" + scenario.name(), new TopicPartition(scenario.rawTopic(), 0),
            Duration.ofSeconds(300));
      }
      final Map<String, TopicStats.Count> outputs = TopicStats.count(bootstrap, scenario.outputTopics(),
          Duration.ofSeconds(120));
      long outRecords = 0;
      long outBytes = 0;
      for (TopicStats.Count count : outputs.values()) {
        outRecords += count.records();
        outBytes += count.bytes();
      }
      final KafkaTools.Rate producerLimit = KafkaTools.produce(bootstrap, LIMIT_TOPIC, outRecords,
          (int) Math.round((double) outBytes / Math.max(1, outRecords)), dir);
      final Result result = new Result(scenario, fill.records, fill.bytes, fill.events, outRecords, outBytes, outputs,
          window[0], window[1] / 1e9, consumerLimit, producerLimit, jfr, java.time.Instant.ofEpochMilli(window[2]),
          java.time.Instant.ofEpochMilli(window[3]));
      System.out.printf("  processor %.0f rec/s (%.1f MB/s) in, %.0f rec/s (%.1f MB/s) out; limit %.0f rec/s"
              + " (consumer %.0f rec/s, producer %.0f rec/s); ratio %.2f; dead letters %d%n",
          result.inRecordsPerSecond(), result.inMegabytesPerSecond(), result.outRecordsPerSecond(),
          result.outMegabytesPerSecond(), result.limitRecordsPerSecond(), consumerLimit.recordsPerSecond(),
          producerLimit.recordsPerSecond(), result.ratio(), result.deadLetters());
      return result;
    }
  }

  private record Fill(long records, long bytes, long events, double seconds) {}

  private static <B extends SpecificRecord> Fill fill(String bootstrap, SyntheticChain<B> chain, LoadProfile profile)
      throws InterruptedException {
    final long start = System.nanoTime();
    try (LoadGenerator<B> generator = LoadGenerator.create(bootstrap, chain, profile)) {
      generator.run();
      if (generator.failure().isPresent()) {
        throw new IllegalStateException("filling the raw topic failed", generator.failure().get());
      }
      return new Fill(generator.blocksAcked(), generator.bytesAcked(), generator.eventsSent(),
          (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * Polls the processor's committed offset until it reaches the end of the raw partition.
   *
   * @return {records processed in the window, window in nanoseconds, window start and end in epoch ms}:
   *     from the first commit seen
   */
  private static long[] awaitDrained(String bootstrap, String group, TopicPartition raw, Duration timeout)
      throws Exception {
    final Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      final long end = admin.listOffsets(Map.of(raw, OffsetSpec.latest())).partitionResult(raw).get().offset();
      final long deadline = System.nanoTime() + timeout.toNanos();
      long firstOffset = -1;
      long firstNanos = 0;
      while (System.nanoTime() < deadline) {
        final Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        final OffsetAndMetadata committed = offsets.get(raw);
        final long now = System.nanoTime();
        if (committed != null && committed.offset() > 0) {
          if (firstOffset < 0) {
            firstOffset = committed.offset();
            firstNanos = now;
          }
          if (committed.offset() >= end) {
            if (committed.offset() == firstOffset) {
              throw new IllegalStateException("the processor drained the topic before its first commit was seen;"
                  + " use more blocks");
            }
            final long nowMillis = System.currentTimeMillis();
            return new long[] {end - firstOffset, now - firstNanos, nowMillis - (now - firstNanos) / 1_000_000L, nowMillis};
          }
        }
        Thread.sleep(50);
      }
      throw new IllegalStateException("the processor did not drain " + raw + " within " + timeout);
    }
  }
}
