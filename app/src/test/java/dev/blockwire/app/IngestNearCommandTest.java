package dev.blockwire.app;

import static dev.blockwire.app.CommandRun.execute;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.broker.EmbeddedKafkaBroker;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.ingest.fixture.FixtureChain;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.near.NearBlock;

/** {@code blockwire ingest near}: its options, bad settings refused, and exit codes of a real backfill. */
class IngestNearCommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void shouldListTheNearSourceOptions() {
    final CommandRun help = execute("ingest", "near", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--url", "--folder", "--network", "--start-height", "--end-height",
        "--poll-interval-ms", "--concurrency", "--bootstrap-servers");
  }

  @Test
  void shouldRefuseBothAUrlAndAFolderAndABadUrl() {
    final CommandRun both = execute("ingest", "near", "--url", "http://127.0.0.1:1", "--folder", "/tmp");
    assertThat(both.exit()).isNotZero();
    assertThat(both.err()).contains("set exactly one of ingest.near.url and ingest.near.folder");

    final CommandRun bad = execute("ingest", "near", "--url", "ftp://somewhere");
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("ingest.near.url");
  }

  @Test
  void shouldBackfillALakeFolderThenExitWithOneOnAHashMismatch(@TempDir Path data, @TempDir Path lake)
      throws Exception {
    final List<JsonNode> blocks = fixtureDocuments();
    writeLake(lake, blocks);
    // block 188102392 names a parent that is not block 188102391: a chain the topic cannot continue
    final Path tampered = lake.resolve("000188102392").resolve("block.json");
    final ObjectNode block = (ObjectNode) MAPPER.readTree(Files.readString(tampered));
    ((ObjectNode) block.get("header")).put("prev_hash", "11111111111111111111111111111111");
    Files.writeString(tampered, MAPPER.writeValueAsString(block));

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data)) {
      TopicAdmin.ensureTopics(broker.bootstrapServers(), List.of(new Topics.Spec(Topics.NEAR_BLOCKS_RAW, 1)), (short) 1);
      final CommandRun backfill = execute("ingest", "near", "--bootstrap-servers", broker.bootstrapServers(), "--folder",
          lake.toString(), "--start-height", "188102380", "--end-height", "188102390");
      assertThat(backfill.exit()).as(backfill.err()).isZero();
      assertThat(heights(broker.bootstrapServers())).containsExactly(188102380L, 188102381L, 188102382L, 188102383L,
          188102384L, 188102385L, 188102387L, 188102388L, 188102389L, 188102390L);

      final CommandRun mismatch = execute("ingest", "near", "--bootstrap-servers", broker.bootstrapServers(), "--folder",
          lake.toString(), "--end-height", "188102400");
      assertThat(mismatch.exit()).isEqualTo(1);
      assertThat(heights(broker.bootstrapServers())).hasSize(11).last().isEqualTo(188102391L);
    }
  }

  private static List<Long> heights(String bootstrapServers) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    final List<Long> heights = new ArrayList<>();
    try (KafkaConsumer<byte[], NearBlock> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        Serdes.NEAR_BLOCK.deserializer())) {
      final TopicPartition partition = new TopicPartition(Topics.NEAR_BLOCKS_RAW, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      final long end = consumer.endOffsets(List.of(partition)).get(partition);
      final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> heights.add(r.value().getHeight()));
      }
    }
    return heights;
  }

  private static List<JsonNode> fixtureDocuments() throws Exception {
    try (InputStream in = FixtureChain.class.getClassLoader().getResourceAsStream(FixtureChain.DEFAULT_RESOURCE)) {
      final List<JsonNode> documents = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          documents.add(MAPPER.readTree(line));
        }
      }
      return documents;
    }
  }

  /** The NEAR Lake layout: {@code 000188102380/block.json} and {@code shard_N.json}. */
  private static void writeLake(Path folder, List<JsonNode> documents) throws Exception {
    for (JsonNode document : documents) {
      final Path dir = folder.resolve(String.format("%012d", document.path("block").path("header").path("height").asLong()));
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("block.json"), MAPPER.writeValueAsString(document.get("block")));
      for (JsonNode shard : document.get("shards")) {
        Files.writeString(dir.resolve("shard_" + shard.get("shard_id").asLong() + ".json"), MAPPER.writeValueAsString(shard));
      }
    }
  }
}
