package dev.blockwire.ingest.near.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.ingest.near.source.BlockService.Found;
import dev.blockwire.ingest.near.source.BlockService.NoBlock;
import dev.blockwire.ingest.near.source.BlockService.NotYet;

/** What each service answers for a height: a block, no block, not yet, a retriable failure, or a fatal one. */
class BlockServicesTest {

  private static final long FIRST = NeardataTestServer.FIRST;

  private NeardataTestServer server;
  private NeardataHttpService http;

  @BeforeEach
  void start() throws IOException {
    server = new NeardataTestServer();
    http = new NeardataHttpService(server.url(), Duration.ofSeconds(10), NeardataTestServer.MAPPER);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void shouldReadNeardataAnswers() throws Exception {
    server.head.set(188102390L);

    assertThat(http.fetch(FIRST)).isInstanceOf(Found.class)
        .extracting(f -> ((Found) f).document().path("block").path("header").path("height").asLong()).isEqualTo(FIRST);
    assertThat(http.fetch(188102386L)).isEqualTo(new NoBlock(188102386L));
    assertThat(http.fetch(188102391L)).isEqualTo(new NotYet(188102391L));
    assertThat(http.finalHeight()).as("from the redirect's Location").isEqualTo(188102390L);
    assertThatThrownBy(() -> http.fetch(FIRST - 1)).isInstanceOf(NearSourceException.class)
        .hasMessageContaining("will never serve this height");
  }

  @Test
  void shouldTurnFaultsIntoRetriableFailures() {
    server.failNext.set(1);
    assertThatThrownBy(() -> http.fetch(FIRST)).isInstanceOf(IOException.class).hasMessageContaining("HTTP 503");
    server.closeNext.set(2); // the JDK client retries a GET once when a reused connection closes
    assertThatThrownBy(() -> http.fetch(FIRST)).isInstanceOf(IOException.class);
    server.closeNext.set(0);
    server.slowNext.set(1);
    server.slowMillis = 3_000;
    final NeardataHttpService impatient = new NeardataHttpService(server.url(), Duration.ofMillis(300),
        NeardataTestServer.MAPPER);
    assertThatThrownBy(() -> impatient.fetch(FIRST)).isInstanceOf(HttpTimeoutException.class);
    final NeardataHttpService wrongPath = new NeardataHttpService(server.url().resolve("/nothing/here"),
        Duration.ofMillis(500), NeardataTestServer.MAPPER);
    assertThatThrownBy(() -> wrongPath.fetch(FIRST)).isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
  }

  @Test
  void shouldReadALakeFolderAndTellSkippedFromNotYetAndHalfWritten(@TempDir Path lake) throws Exception {
    final BlockFolderService folder = new BlockFolderService(lake, NeardataTestServer.MAPPER);
    assertThat(folder.fetch(FIRST)).isEqualTo(new NotYet(FIRST));
    assertThatThrownBy(folder::finalHeight).isInstanceOf(IOException.class);

    NeardataTestServer.writeLake(lake, FIRST, 188102387L);
    final Found found = (Found) folder.fetch(FIRST);
    assertThat(NeardataTestServer.MAPPER.readTree(NeardataTestServer.FIXTURE.get(FIRST))).isEqualTo(found.document());
    assertThat(folder.fetch(188102386L)).isEqualTo(new NoBlock(188102386L));
    assertThat(folder.fetch(188102388L)).isEqualTo(new NotYet(188102388L));
    assertThat(folder.finalHeight()).isEqualTo(188102387L);

    Files.createDirectories(lake.resolve("000188102388"));
    Files.writeString(lake.resolve("000188102388").resolve("block.json"), "{\"header\":");
    assertThatThrownBy(() -> folder.fetch(188102388L)).isInstanceOf(IOException.class)
        .hasMessageContaining("still being written");
  }
}
