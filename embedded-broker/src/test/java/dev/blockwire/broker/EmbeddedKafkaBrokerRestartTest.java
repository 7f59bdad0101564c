package dev.blockwire.broker;

import static dev.blockwire.broker.Clients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blockwire.schemas.Topics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Brokers started and stopped by each test, so not shared. */
class EmbeddedKafkaBrokerRestartTest {

  @TempDir Path dataDir;

  @Test
  void shouldKeepRecordsAndClusterIdWhenRestartedOnSameDataDir() throws Exception {
    String topic = Topics.NEAR_BLOCKS_RAW;
    int brokerPort;
    int controllerPort;
    String clusterId;
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDir)) {
      brokerPort = first.brokerPort();
      controllerPort = first.controllerPort();
      TopicAdmin.ensureTopics(first.bootstrapServers(), Topics.all(), (short) 1);
      Clients.send(first.bootstrapServers(), topic, "mainnet", "before-restart");
      clusterId = clusterId(first);
    }

    // Same ports, as `blockwire run` restarts with its configured ports.
    try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(dataDir, brokerPort, controllerPort)) {
      assertThat(clusterId(second)).isEqualTo(clusterId);
      TopicAdmin.ensureTopics(second.bootstrapServers(), Topics.all(), (short) 1);
      Clients.send(second.bootstrapServers(), topic, "mainnet", "after-restart");

      List<String> read = values(Clients.readFromStart(second.bootstrapServers(), topic,
          IsolationLevel.READ_COMMITTED, r -> r.size() >= 2));
      assertThat(read).containsExactly("before-restart", "after-restart");
    }
  }

  @Test
  void shouldDoNothingWhenClosedTwice() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir);
    broker.close();
    broker.close();

    assertThat(dataDir.resolve("meta.properties")).exists();
  }

  @Test
  void shouldFailClearlyAndReleaseThePortsWhenBrokerPortIsTaken() throws Exception {
    int controllerPort;
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      controllerPort = freePort();

      long begin = System.nanoTime();
      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, port, controllerPort))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("failed to start");
      assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(20));
    }

    // The failed start left nothing behind: the same folder and controller port work now.
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0, controllerPort)) {
      assertThat(clusterId(broker)).isNotBlank();
    }
  }

  @Test
  void shouldRejectEqualBrokerAndControllerPorts() throws Exception {
    int port = freePort();

    assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, port, port))
        .isInstanceOf(IllegalArgumentException.class);
    try (Stream<Path> files = Files.list(dataDir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void shouldRefuseAFolderHoldingOtherFiles() throws Exception {
    Files.createDirectories(dataDir.resolve("notes"));

    // Started anyway, Kafka would take "notes" for a partition and halt this JVM.
    assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("notes")
        .hasMessageContaining("folder of its own");
  }

  private static String clusterId(EmbeddedKafkaBroker broker) throws Exception {
    try (Admin admin = Clients.admin(broker.bootstrapServers())) {
      return admin.describeCluster().clusterId().get();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
