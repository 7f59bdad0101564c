package dev.blockwire.processor;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

import dev.blockwire.config.Config;
import dev.blockwire.config.Setting;
import dev.blockwire.schemas.Topics;
import dev.blockwire.processor.eth.EthChainTopology;

/**
 * Settings of the Kafka Streams processor. Defaults suit one machine with the embedded broker.
 *
 * @param bootstrapServers Kafka bootstrap servers, never blank
 * @param applicationId Streams application id: consumer group, prefix of internal topics
 * @param stateDir where Streams keeps local state
 * @param commitIntervalMs how often offsets and transactions commit; the floor of end-to-end latency.
 *     Under exactly-once an output record becomes readable ({@code read_committed}) only when its
 *     transaction commits, so a record waits up to this long after it was processed, plus the commit's
 *     round trips (flush, end of transaction). A latency-focused deployment sets it low (the gateway
 *     benchmark runs at 20 ms); each commit costs a few requests, so below about 10 ms the commits
 *     themselves take the processor's time. The stream thread's {@code poll.ms} follows it
 *     ({@link #pollMs}); the producer's {@code linger.ms} (Streams' 100 ms) does not matter here,
 *     since every commit sends what lingers.
 * @param replicationFactor replication factor of internal topics (changelogs); 1 for one broker
 * @param numStreamThreads stream threads of this instance
 * @param ethWindowDepth Ethereum blocks kept behind the canonical head per network: the deepest reorg
 *     the processor resolves (older forks are dead-lettered as {@code block_too_old})
 */
public record ProcessorConfig(String bootstrapServers, String applicationId, Path stateDir, int commitIntervalMs,
    int replicationFactor, int numStreamThreads, int ethWindowDepth) {

  public static final Setting<String> BOOTSTRAP_SERVERS = nonBlank(Setting.string("kafka.bootstrap.servers",
      "127.0.0.1:9092", "Kafka bootstrap servers (host:port,...)"));
  public static final Setting<String> APPLICATION_ID = nonBlank(Setting.string("processor.application.id",
      "blockwire-processor", "Kafka Streams application id (consumer group and internal topic prefix)"));
  public static final Setting<Path> STATE_DIR = new Setting<>("processor.state.dir", "data/processor-state",
      "directory of the processor's local state", Path::of);
  public static final Setting<Integer> COMMIT_INTERVAL_MS = Setting.integer("processor.commit.interval.ms", 100,
      1, 3_600_000, "commit interval in ms: transactions commit this often (latency floor under exactly-once)");
  public static final Setting<Integer> REPLICATION_FACTOR = Setting.integer("processor.replication.factor", 1,
      1, Short.MAX_VALUE, "replication factor of the processor's internal topics (1 for a single broker)");
  public static final Setting<Integer> NUM_STREAM_THREADS = Setting.integer("processor.num.stream.threads", 1,
      1, 256, "stream threads of one processor instance");
  public static final Setting<Integer> ETH_WINDOW_DEPTH = Setting.integer("processor.eth.window-depth",
      EthChainTopology.DEFAULT_WINDOW_DEPTH, 1, 100_000,
      "Ethereum blocks kept behind the head per network: the deepest reorg resolved (older forks are dead-lettered)");

  /**
   * The largest record the processor writes (producer {@code max.request.size}, and
   * {@code max.message.bytes} of the Ethereum window changelog): 16 MiB. Output topics that carry
   * Ethereum blocks need a {@code max.message.bytes} this large too.
   */
  public static final int MAX_RECORD_BYTES = Topics.MAX_RECORD_BYTES;

  /** Every setting of the processor, for validation and help. */
  public static final List<Setting<?>> SETTINGS = List.of(
      BOOTSTRAP_SERVERS, APPLICATION_ID, STATE_DIR, COMMIT_INTERVAL_MS, REPLICATION_FACTOR, NUM_STREAM_THREADS,
      ETH_WINDOW_DEPTH);

  public ProcessorConfig {
    requireNonBlank(bootstrapServers, "bootstrapServers");
    requireNonBlank(applicationId, "applicationId");
    Objects.requireNonNull(stateDir, "stateDir");
    if (commitIntervalMs < 1) {
      throw new IllegalArgumentException("commitIntervalMs must be positive: " + commitIntervalMs);
    }
    if (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE) {
      throw new IllegalArgumentException("replicationFactor is outside [1, 32767]: " + replicationFactor);
    }
    if (numStreamThreads < 1) {
      throw new IllegalArgumentException("numStreamThreads must be positive: " + numStreamThreads);
    }
    if (ethWindowDepth < 1) {
      throw new IllegalArgumentException("ethWindowDepth must be positive: " + ethWindowDepth);
    }
  }

  /**
   * Reads and validates every processor setting.
   *
   * @throws IllegalArgumentException listing every invalid setting at once
   */
  public static ProcessorConfig from(Config config) {
    config.validate(SETTINGS);
    return new ProcessorConfig(config.get(BOOTSTRAP_SERVERS), config.get(APPLICATION_ID), config.get(STATE_DIR),
        config.get(COMMIT_INTERVAL_MS), config.get(REPLICATION_FACTOR), config.get(NUM_STREAM_THREADS),
        config.get(ETH_WINDOW_DEPTH));
  }

  /** The defaults of every setting. */
  public static ProcessorConfig defaults() {
    return from(Config.defaults());
  }

  public ProcessorConfig withBootstrapServers(String servers) {
    return new ProcessorConfig(servers, applicationId, stateDir, commitIntervalMs, replicationFactor, numStreamThreads,
        ethWindowDepth);
  }

  public ProcessorConfig withApplicationId(String id) {
    return new ProcessorConfig(bootstrapServers, id, stateDir, commitIntervalMs, replicationFactor, numStreamThreads,
        ethWindowDepth);
  }

  public ProcessorConfig withStateDir(Path dir) {
    return new ProcessorConfig(bootstrapServers, applicationId, dir, commitIntervalMs, replicationFactor,
        numStreamThreads, ethWindowDepth);
  }

  public ProcessorConfig withEthWindowDepth(int depth) {
    return new ProcessorConfig(bootstrapServers, applicationId, stateDir, commitIntervalMs, replicationFactor,
        numStreamThreads, depth);
  }

  /**
   * Kafka Streams properties: exactly-once v2, explicit internal-topic replication (so a single
   * broker works), reading raw topics from the beginning when there is no committed offset.
   * Serdes are given at every node of the topology; the byte-array defaults only guard against a
   * node that forgets them.
   */
  public Properties streamsProperties() {
    final Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(commitIntervalMs));
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.toString(replicationFactor));
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(numStreamThreads));
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A busy Ethereum block (thousands of logs) or a reorg update carrying several blocks passes 1 MiB.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(MAX_RECORD_BYTES));
    // Under exactly-once a transaction's first write to a partition whose previous commit markers are
    // not written yet fails with CONCURRENT_TRANSACTIONS and is retried after retry.backoff.ms (100 ms by
    // default): at a short commit interval that backoff dominated end-to-end latency (BENCHMARKS.md).
    props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), "10");
    // One raw block becomes many output records (one per event or log, plus the block): 16 KiB batches
    // (the default) split a commit's output into thousands of requests (BENCHMARKS.md).
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
    // A stream thread commits only between polls, and an idle poll waits up to poll.ms (100 ms by default)
    // for records: a record processed just after a commit then waited for that poll to end, up to 100 ms
    // on top of a 20 ms commit interval (BENCHMARKS.md). A busy thread's polls return at once either way.
    props.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(pollMs(commitIntervalMs)));
    // The Kafka 5.0 default now (no global stores here; silences a warning at every start).
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    return props;
  }

  /**
   * The stream thread's longest wait for new records ({@code poll.ms}): half the commit interval,
   * at most Streams' 100 ms, so processed records wait at most about 1.5 commit intervals for their commit.
   */
  static long pollMs(int commitIntervalMs) {
    return Math.max(1, Math.min(100, commitIntervalMs / 2));
  }

  private static Setting<String> nonBlank(Setting<String> setting) {
    return new Setting<>(setting.name(), setting.defaultValue(), setting.description(), s -> {
      if (s.isBlank()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return s.strip();
    });
  }

  private static void requireNonBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }
}
