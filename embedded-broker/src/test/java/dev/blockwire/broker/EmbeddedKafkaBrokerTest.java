package dev.blockwire.broker;

import static dev.blockwire.broker.Clients.TIMEOUT;
import static dev.blockwire.broker.Clients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.blockwire.schemas.Topics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One real broker for the whole class, started in a temporary folder. */
class EmbeddedKafkaBrokerTest {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerTest.class);

  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static Admin admin;

  @BeforeAll
  static void startBroker() {
    long heapBefore = usedHeapAfterGc();
    int threadsBefore = Thread.activeCount();
    long begin = System.nanoTime();
    broker = EmbeddedKafkaBroker.start(dataDir);
    long readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    long heapAfter = usedHeapAfterGc();
    LOG.info("Measured: broker ready in {} ms; heap used after GC {} MB before start, {} MB after;"
        + " threads {} before, {} after", readyMs, heapBefore >> 20, heapAfter >> 20,
        threadsBefore, Thread.activeCount());

    TopicAdmin.ensureTopics(broker.bootstrapServers(), Topics.all(), (short) 1);
    admin = Clients.admin(broker.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldListenAndAdvertiseOnLoopbackOnly() throws Exception {
    Map<String, String> config = brokerConfig();

    assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.brokerPort());
    assertThat(config.get("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:" + broker.brokerPort()
        + ",CONTROLLER://127.0.0.1:" + broker.controllerPort());
    assertThat(config.get("advertised.listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:" + broker.brokerPort());
    assertThat(config.get("controller.quorum.voters"))
        .isEqualTo("1@127.0.0.1:" + broker.controllerPort());
  }

  @Test
  void shouldRefuseConnectionsOnNonLoopbackAddresses() throws Exception {
    List<InetAddress> external = nonLoopbackIpv4Addresses();
    // JUnit's assumption, not AssertJ's: that one spends a second generating proxies.
    assumeTrue(!external.isEmpty(), "this machine has no non-loopback IPv4 address to try; the "
        + "listener config is still asserted by shouldListenAndAdvertiseOnLoopbackOnly");

    for (InetAddress address : external) {
      for (int port : List.of(broker.brokerPort(), broker.controllerPort())) {
        assertThatThrownBy(() -> connect(address, port))
            .as("connect to %s:%d", address.getHostAddress(), port)
            .isInstanceOfAny(ConnectException.class, SocketTimeoutException.class);
      }
    }
    connect(InetAddress.getByName("127.0.0.1"), broker.brokerPort()); // the port is really open
  }

  @Test
  void shouldShowOnlyLoopbackListeningSocketsInSs() throws Exception {
    List<String> lines = listeningSockets();
    assumeTrue(lines != null, "`ss -ltn` is not available on this machine");

    for (int port : List.of(broker.brokerPort(), broker.controllerPort())) {
      List<String> local = lines.stream()
          .map(line -> line.trim().split("\\s+"))
          .filter(cols -> cols.length >= 4 && cols[3].endsWith(":" + port))
          .map(cols -> cols[3])
          .toList();
      // The IPv4-mapped form shows when the JVM runs without -Djava.net.preferIPv4Stack=true.
      assertThat(local).as("listening sockets on port %d", port).singleElement()
          .isIn("127.0.0.1:" + port, "[::ffff:127.0.0.1]:" + port);
    }
  }

  @Test
  void shouldApplyEmbeddedSingleNodeSettings() throws Exception {
    Map<String, String> config = brokerConfig();

    assertThat(config).containsEntry("process.roles", "broker,controller")
        .containsEntry("log.dirs", dataDir.toAbsolutePath().toString())
        .containsEntry("auto.create.topics.enable", "false")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("share.coordinator.state.topic.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
  }

  @Test
  void shouldCreateEveryBlockwireTopicWithItsPartitionCount() throws Exception {
    Set<String> names = Topics.all().stream().map(Topics.Spec::name).collect(Collectors.toSet());
    Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();

    for (Topics.Spec spec : Topics.all()) {
      TopicDescription topic = topics.get(spec.name());
      assertThat(topic.partitions()).as(spec.name()).hasSize(spec.partitions());
      assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
    }
    assertThat(Topics.all()).anySatisfy(spec -> assertThat(spec.partitions()).isGreaterThan(1));
  }

  @Test
  void shouldDeliverProducedRecordToConsumerGroupAndCommitItsOffset() throws Exception {
    String topic = Topics.NEAR_BLOCKS_RAW;
    Clients.send(broker.bootstrapServers(), topic, "mainnet", "block-1");

    String group = "test-group";
    try (KafkaConsumer<String, String> consumer = Clients.consumer(broker.bootstrapServers(),
        Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
      consumer.subscribe(List.of(topic));
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!seen.contains("block-1") && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> seen.add(r.value()));
      }
      assertThat(seen).contains("block-1");
      consumer.commitSync(TIMEOUT);
    }

    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    assertThat(committed.get(new TopicPartition(topic, 0)).offset()).isPositive();
  }

  @Test
  void shouldShowOnlyCommittedTransactionsToReadCommittedConsumers() throws Exception {
    String topic = Topics.NEAR_EVENTS_BLOCKS;
    try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrapServers(),
        Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-tx"))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "mainnet", "aborted"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "mainnet", "committed"));
      producer.commitTransaction();
    }

    // The aborted record is written first, so a broken filter would show it before "committed".
    List<ConsumerRecord<String, String>> committedOnly = Clients.readFromStart(
        broker.bootstrapServers(), topic, IsolationLevel.READ_COMMITTED,
        read -> values(read).contains("committed"));
    List<ConsumerRecord<String, String>> everything = Clients.readFromStart(
        broker.bootstrapServers(), topic, IsolationLevel.READ_UNCOMMITTED,
        read -> values(read).contains("committed"));

    assertThat(values(committedOnly)).containsExactly("committed");
    assertThat(values(everything)).containsExactly("aborted", "committed");
  }

  @Test
  void shouldNotCreateTopicsImplicitlyOnProduce() throws Exception {
    String topic = "not.declared";
    try (KafkaProducer<String, String> producer = Clients.producer(broker.bootstrapServers(),
        Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500))) {
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "v")).get())
          .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class)
          .hasMessageContaining("not present in metadata");
    }
    assertThat(admin.listTopics().names().get()).doesNotContain(topic);
  }

  private static Map<String, String> brokerConfig() throws ExecutionException, InterruptedException {
    ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
    Config config = admin.describeConfigs(List.of(node)).all().get().get(node);
    return config.entries().stream()
        .filter(e -> e.value() != null)
        .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value));
  }

  private static void connect(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
    }
  }

  private static List<InetAddress> nonLoopbackIpv4Addresses() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(EmbeddedKafkaBrokerTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
        .toList();
  }

  /** Lines of {@code ss -ltn}, or null if it cannot run here. */
  private static List<String> listeningSockets() throws InterruptedException {
    try {
      Process ss = new ProcessBuilder("ss", "-ltn").redirectErrorStream(true).start();
      String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!ss.waitFor(5, TimeUnit.SECONDS) || ss.exitValue() != 0) {
        ss.destroyForcibly();
        return null;
      }
      return out.lines().toList();
    } catch (IOException e) {
      return null;
    }
  }

  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static boolean isUp(NetworkInterface nic) {
    try {
      return nic.isUp();
    } catch (SocketException e) {
      return false;
    }
  }
}
