package dev.blockwire.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blockwire.schemas.Topics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One real broker for the whole class; each test uses its own topic names. */
class TopicAdminTest {

  @TempDir static Path dataDir;
  static EmbeddedKafkaBroker broker;
  static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(dataDir);
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
  void shouldCreateMissingTopicsAndLeaveExistingOnesUnchanged() throws Exception {
    admin.createTopics(List.of(new NewTopic("existing", 2, (short) 1))).all().get();

    TopicAdmin.ensureTopics(broker.bootstrapServers(),
        List.of(new Topics.Spec("existing", 4), new Topics.Spec("missing", 3)), (short) 1);

    Map<String, TopicDescription> topics =
        admin.describeTopics(Set.of("existing", "missing")).allTopicNames().get();
    assertThat(topics.get("existing").partitions()).hasSize(2);
    assertThat(topics.get("missing").partitions()).hasSize(3);
  }

  @Test
  void shouldSucceedWhenEveryTopicAlreadyExists() {
    List<Topics.Spec> specs = List.of(new Topics.Spec("twice", 2));

    TopicAdmin.ensureTopics(broker.bootstrapServers(), specs, (short) 1);
    TopicAdmin.ensureTopics(broker.bootstrapServers(), specs, (short) 1);
  }

  @Test
  void shouldApplyTopicConfigsToCreatedTopics() throws Exception {
    TopicAdmin.ensureTopics(broker.bootstrapServers(), List.of(new Topics.Spec("compacted", 1)),
        (short) 1, Map.of("cleanup.policy", "compact", "retention.ms", "3600000"),
        Duration.ofSeconds(20));

    ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
    var config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
    assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
    assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
  }

  @Test
  void shouldNameTheTopicWhenTheClusterRefusesIt() {
    assertThatThrownBy(() -> TopicAdmin.ensureTopics(broker.bootstrapServers(),
        List.of(new Topics.Spec("three.replicas", 1)), (short) 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("three.replicas")
        .hasMessageContaining("replication factor");
  }

  @Test
  void shouldRejectInvalidSpecsBeforeContactingTheCluster() {
    assertThatThrownBy(() -> TopicAdmin.ensureTopics("127.0.0.1:1",
        List.of(new Topics.Spec("a", 0), new Topics.Spec("b", 1), new Topics.Spec("b", 1)), (short) 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a has 0 partitions")
        .hasMessageContaining("b listed twice");
    assertThatThrownBy(() -> TopicAdmin.ensureTopics("127.0.0.1:1",
        List.of(new Topics.Spec("a", 1)), (short) 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldGiveUpWithinTheTimeoutWhenNoBrokerAnswers() throws Exception {
    String nobody = "127.0.0.1:" + freePort();
    long begin = System.nanoTime();

    assertThatThrownBy(() -> TopicAdmin.ensureTopics(nobody, List.of(new Topics.Spec("x", 1)),
        (short) 1, Map.of(), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(nobody);
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(10));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
