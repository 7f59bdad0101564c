package dev.blockwire.processor.eth;

import static dev.blockwire.processor.eth.EthTestData.block;
import static dev.blockwire.processor.eth.EthTestData.chain;
import static dev.blockwire.processor.eth.EthTestData.rawLog;
import static dev.blockwire.processor.eth.EthTestData.usual;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthLog;
import dev.blockwire.schemas.eth.EthRawLog;

/**
 * The Ethereum topology on a real broker under exactly-once: both raw topics feed one task, and
 * the window comes back from its changelogs when an instance starts on empty local state.
 */
class EthChainKafkaTest {

  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"));
    // The records carry block time, long past in the test data: without this, time-based retention
    // deletes them at the broker's first retention check (30 s after start).
    TopicAdmin.ensureTopics(broker.bootstrapServers(), Topics.all(), (short) 1,
        Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"), TopicAdmin.DEFAULT_TIMEOUT);
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stopBroker() {
    if (producer != null) {
      producer.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldReorgAcrossARestartOnEmptyLocalStateWithTheWindowRestoredFromItsChangelog() throws Exception {
    final ProcessorConfig config = ProcessorConfig.defaults()
        .withBootstrapServers(broker.bootstrapServers())
        .withApplicationId("eth-chain-kafka-test")
        .withEthWindowDepth(4);
    final List<EthBlock> a = chain("A", 1, 5, "A0");
    try (Instance first = Instance.start(config.withStateDir(dataDir.resolve("state-1")))) {
      for (EthBlock block : a) {
        writeBlock(block);
      }
      assertThat(read(Topics.ETH_CHAIN, Serdes.ETH_CHAIN_UPDATE.deserializer(), 5)).extracting(EthTestData::describe)
          .containsExactly(
              "drop - | remove - | add A1 | append - | head A1@1",
              "drop - | remove - | add A2 | append - | head A2@2",
              "drop - | remove - | add A3 | append - | head A3@3",
              "drop - | remove - | add A4 | append - | head A4@4",
              "drop - | remove - | add A5 | append - | head A5@5");
    }

    try (Instance second = Instance.start(config.withStateDir(dataDir.resolve("state-2")))) {
      final EthBlock b3 = block("B3", "A2", 3, usual("B3"));
      writeBlock(b3);
      assertThat(read(Topics.ETH_CHAIN, Serdes.ETH_CHAIN_UPDATE.deserializer(), 6)).last()
          .extracting(EthTestData::describe)
          .isEqualTo("drop A3,A4,A5 | remove A3#0,A3#1,A4#0,A4#1,A5#0,A5#1 | add B3 | append - | head B3@3");
      writeLog(rawLog(b3, 1, true));
      assertThat(read(Topics.ETH_CHAIN, Serdes.ETH_CHAIN_UPDATE.deserializer(), 7)).last()
          .extracting(EthTestData::describe)
          .isEqualTo("drop - | remove B3#1 | add - | append - | head B3@3");
    }

    final List<EthLog> logs = read(Topics.ETH_LOGS, Serdes.ETH_LOG.deserializer(), 10 + 9);
    assertThat(logs).filteredOn(log -> log.getAddress().equals(EthTestData.USDC)).extracting(EthTestData::describe)
        .containsExactly("+A1#0 USDC", "+A2#0 USDC", "+A3#0 USDC", "+A4#0 USDC", "+A5#0 USDC",
            "-A3#0 USDC", "-A4#0 USDC", "-A5#0 USDC", "+B3#0 USDC");
    assertThat(logs).filteredOn(log -> log.getAddress().equals(EthTestData.WETH)).extracting(EthTestData::describe)
        .containsExactly("+A1#1 WETH", "+A2#1 WETH", "+A3#1 WETH", "+A4#1 WETH", "+A5#1 WETH",
            "-A3#1 WETH", "-A4#1 WETH", "-A5#1 WETH", "+B3#1 WETH", "-B3#1 WETH");
    assertThat(read(Topics.DEAD_LETTERS, Serdes.DEAD_LETTER.deserializer(), 0)).isEmpty();
  }

  /**
   * The production topology and properties on {@link KafkaStreams}, closed leaving the group so
   * the next instance is assigned the task at once instead of after the session timeout.
   */
  private record Instance(KafkaStreams streams) implements AutoCloseable {

    static Instance start(ProcessorConfig config) throws InterruptedException {
      final KafkaStreams streams = new KafkaStreams(BlockwireProcessor.buildTopology(config), config.streamsProperties());
      final CountDownLatch running = new CountDownLatch(1);
      streams.setStateListener((now, before) -> {
        if (now == KafkaStreams.State.RUNNING) {
          running.countDown();
        }
      });
      streams.start();
      assertThat(running.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("running within %s", WAIT).isTrue();
      return new Instance(streams);
    }

    @Override
    public void close() {
      streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(WAIT));
    }
  }

  private static void writeBlock(EthBlock block) throws Exception {
    producer.send(new ProducerRecord<>(Topics.ETH_BLOCKS_RAW, null, block.getHeader().getTimestamp() * 1000L,
        Serdes.NETWORK_KEY.encode(Serdes.networkKey(block.getNetwork())), Serdes.ETH_BLOCK.encode(block))).get();
  }

  private static void writeLog(EthRawLog raw) throws Exception {
    producer.send(new ProducerRecord<>(Topics.ETH_LOGS_RAW, null, raw.getLog().getBlockTimestamp() * 1000L,
        Serdes.NETWORK_KEY.encode(Serdes.networkKey(raw.getNetwork())), Serdes.ETH_RAW_LOG.encode(raw))).get();
  }

  /**
   * Every committed value of the topic from the beginning, once at least {@code count} are there
   * (waiting up to {@link #WAIT}); for {@code count} 0, whatever is committed up to the end.
   */
  private static <T> List<T> read(String topic, Deserializer<T> deserializer, int count) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    final List<T> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      final long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(deserializer.deserialize(topic, record.value()));
        }
        final boolean atEnd = consumer.endOffsets(partitions).entrySet().stream()
            .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        if (values.size() >= count && atEnd) {
          return values;
        }
      }
    }
    throw new AssertionError(String.format(Locale.ROOT, "%d of %d records of %s within %s: %s", values.size(), count,
        topic, WAIT, values.stream().map(v -> v instanceof EthChainUpdate u ? EthTestData.describe(u)
            : v instanceof EthLog l ? EthTestData.describe(l) : String.valueOf(v)).toList()));
  }
}
