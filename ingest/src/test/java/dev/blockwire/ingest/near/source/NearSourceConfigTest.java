package dev.blockwire.ingest.near.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.blockwire.config.Config;

class NearSourceConfigTest {

  @Test
  void shouldReadEverySettingWithItsDefaults() {
    final NearSourceConfig config = NearSourceConfig.from(Config.defaults()
        .with("ingest.near.url", "https://mainnet.neardata.xyz")
        .with("ingest.near.start-height", "188102380")
        .with("ingest.near.concurrency", "3"));

    assertThat(config.url()).contains(URI.create("https://mainnet.neardata.xyz"));
    assertThat(config.folder()).isEmpty();
    assertThat(config.topic()).isEqualTo("near.blocks.raw");
    assertThat(config.network()).isEqualTo("near-mainnet");
    assertThat(config.startHeight()).hasValue(188102380L);
    assertThat(config.endHeight()).isEmpty();
    assertThat(config.concurrency()).isEqualTo(3);
    assertThat(config.pollInterval().toMillis()).isEqualTo(500);
    assertThat(NearSourceConfig.FOLDER.envName()).isEqualTo("BLOCKWIRE_INGEST_NEAR_FOLDER");
    assertThat(NearSourceConfig.from(Config.defaults().with("ingest.near.folder", "/data/lake")).folder())
        .isEqualTo(Optional.of(Path.of("/data/lake")));
  }

  @Test
  void shouldReportEveryProblemAtOnce() {
    assertThatThrownBy(() -> NearSourceConfig.from(Config.defaults()))
        .hasMessageContaining("set exactly one of ingest.near.url and ingest.near.folder");
    assertThatThrownBy(() -> NearSourceConfig.from(Config.defaults()
        .with("ingest.near.url", "http://127.0.0.1:1")
        .with("ingest.near.start-height", "20")
        .with("ingest.near.end-height", "10")
        .with("ingest.near.retry-initial-ms", "500")
        .with("ingest.near.retry-max-ms", "100")))
        .hasMessageContaining("ingest.near.end-height 10 is below ingest.near.start-height 20")
        .hasMessageContaining("ingest.near.retry-max-ms 100 is below ingest.near.retry-initial-ms 500");
    assertThatThrownBy(() -> NearSourceConfig.from(Config.defaults().with("ingest.near.url", "ws://x")))
        .hasMessageContaining("ingest.near.url");
  }
}
