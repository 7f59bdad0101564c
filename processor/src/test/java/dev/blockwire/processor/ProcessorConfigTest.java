package dev.blockwire.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.blockwire.config.Config;

class ProcessorConfigTest {

  @Test
  void shouldDefaultToASingleLocalBroker() {
    assertThat(ProcessorConfig.defaults()).isEqualTo(new ProcessorConfig("127.0.0.1:9092", "blockwire-processor",
        Path.of("data/processor-state"), 100, 1, 1, 128));
  }

  @Test
  void shouldReadEverySettingFromConfig() {
    final Config config = Config.defaults()
        .with("kafka.bootstrap.servers", "k1:9092,k2:9092")
        .with("processor.application.id", "bw-test")
        .with("processor.state.dir", "/var/lib/bw")
        .with("processor.commit.interval.ms", "250")
        .with("processor.replication.factor", "3")
        .with("processor.num.stream.threads", "4")
        .with("processor.eth.window-depth", "64");
    assertThat(ProcessorConfig.from(config)).isEqualTo(
        new ProcessorConfig("k1:9092,k2:9092", "bw-test", Path.of("/var/lib/bw"), 250, 3, 4, 64));
  }

  @Test
  void shouldNameTheEnvironmentVariables() {
    assertThat(ProcessorConfig.SETTINGS).extracting(s -> s.envName()).containsExactly(
        "BLOCKWIRE_KAFKA_BOOTSTRAP_SERVERS", "BLOCKWIRE_PROCESSOR_APPLICATION_ID", "BLOCKWIRE_PROCESSOR_STATE_DIR",
        "BLOCKWIRE_PROCESSOR_COMMIT_INTERVAL_MS", "BLOCKWIRE_PROCESSOR_REPLICATION_FACTOR",
        "BLOCKWIRE_PROCESSOR_NUM_STREAM_THREADS", "BLOCKWIRE_PROCESSOR_ETH_WINDOW_DEPTH");
  }

  @Test
  void shouldReportEveryInvalidSettingAtOnce() {
    final Config config = Config.defaults()
        .with("kafka.bootstrap.servers", " ")
        .with("processor.commit.interval.ms", "soon")
        .with("processor.num.stream.threads", "0")
        .with("processor.eth.window-depth", "0");
    assertThatThrownBy(() -> ProcessorConfig.from(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.bootstrap.servers (BLOCKWIRE_KAFKA_BOOTSTRAP_SERVERS): must not be empty")
        .hasMessageContaining("processor.commit.interval.ms (BLOCKWIRE_PROCESSOR_COMMIT_INTERVAL_MS): not an integer: \"soon\"")
        .hasMessageContaining("processor.num.stream.threads (BLOCKWIRE_PROCESSOR_NUM_STREAM_THREADS): 0 is outside [1, 256]")
        .hasMessageContaining("processor.eth.window-depth (BLOCKWIRE_PROCESSOR_ETH_WINDOW_DEPTH): 0 is outside [1, 100000]");
  }

  @Test
  void shouldBuildExactlyOnceStreamsProperties() {
    final Properties props = ProcessorConfig.defaults().withBootstrapServers("127.0.0.1:39092")
        .withStateDir(Path.of("/tmp/bw-state")).streamsProperties();
    assertThat(props).containsAllEntriesOf(Map.of(
        "application.id", "blockwire-processor",
        "bootstrap.servers", "127.0.0.1:39092",
        "state.dir", "/tmp/bw-state",
        "processing.guarantee", "exactly_once_v2",
        "commit.interval.ms", "100",
        "replication.factor", "1",
        "num.stream.threads", "1",
        "consumer.auto.offset.reset", "earliest",
        "producer.max.request.size", "16777216"));
    assertThat(props).containsEntry("poll.ms", "50");
  }

  @Test
  void shouldPollNoLongerThanHalfTheCommitInterval() {
    assertThat(new ProcessorConfig("b", "a", Path.of("d"), 20, 1, 1, 128).streamsProperties())
        .containsEntry("poll.ms", "10").containsEntry("commit.interval.ms", "20");
    assertThat(ProcessorConfig.pollMs(1)).isEqualTo(1);
    assertThat(ProcessorConfig.pollMs(30_000)).isEqualTo(100);
  }

  @Test
  void shouldRejectInvalidValuesInTheRecord() {
    assertThatThrownBy(() -> new ProcessorConfig("", "a", Path.of("d"), 100, 1, 1, 128))
        .hasMessage("bootstrapServers must not be empty");
    assertThatThrownBy(() -> new ProcessorConfig("b", "a", Path.of("d"), 100, 0, 1, 128))
        .hasMessage("replicationFactor is outside [1, 32767]: 0");
    assertThatThrownBy(() -> new ProcessorConfig("b", "a", Path.of("d"), 100, 1, 1, 0))
        .hasMessage("ethWindowDepth must be positive: 0");
  }
}
