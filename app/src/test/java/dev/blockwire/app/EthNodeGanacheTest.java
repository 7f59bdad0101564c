package dev.blockwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.BooleanSupplier;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.config.Config;
import dev.blockwire.gateway.Json;
import dev.blockwire.ingest.eth.node.EthNodeConfig;
import dev.blockwire.ingest.eth.node.EthNodeSource;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.eth.EthBlock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ethereum node source against a real Ethereum node: ganache 7.9.2 from npm
 * ({@code clients/node/ganache-server.mjs}, started here on 127.0.0.1), followed over its websocket by
 * the {@link EthNodeSource} of a {@link LocalStack} that has no fixture source; the processor and the
 * gateway's {@code /eth} as in production. {@code clients/node/eth-reorg.mjs} deploys a contract that
 * emits events, produces a real reorg on the node ({@code evm_snapshot}, blocks, {@code evm_revert},
 * different and more blocks at the same heights) and records what ethers v6 receives from the gateway.
 * ganache never emits removed logs: the removals come from our source seeing the parent hash change and
 * our processor retracting the orphaned blocks' logs.
 *
 * <p>Needs Node.js 20+ and npm on the PATH (CI has them): without them the test fails, it does not
 * skip. The npm packages are installed under {@code clients/node} ({@code npm ci}) when missing.
 */
class EthNodeGanacheTest {

  private static final Logger LOG = LoggerFactory.getLogger(EthNodeGanacheTest.class);
  private static final Duration GANACHE_START = Duration.ofSeconds(60);
  private static final int SCRIPT_TIMEOUT_SECONDS = 120;
  private static final Duration SCRIPT_WAIT = Duration.ofSeconds(SCRIPT_TIMEOUT_SECONDS + 60);
  private static final String NETWORK = "eth-ganache";

  @TempDir
  static Path dataDir;
  static Process ganache;
  static int ganachePort;
  static LocalStack stack;

  @BeforeAll
  static void startGanacheAndTheSystemFollowingIt() throws Exception {
    NodeScripts.requireClients("EthNodeGanacheTest", "ganache", "ethers");
    ganachePort = freePort();
    ganache = startGanache(ganachePort);
    stack = LocalStack.start(Config.defaults()
            .with("gateway.port", "0")
            .with("gateway.eth.network", NETWORK)
            .with("gateway.eth.chain-id", "1337")
            .with("ingest.eth.network", NETWORK)
            .with("ingest.eth.rpc-url", "ws://127.0.0.1:" + ganachePort)
            .with("ingest.eth.poll-interval-ms", "200"),
        true, dataDir, 0, LocalStack.Sources.ETH_NODE_ONLY);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    try {
      if (stack != null) {
        stack.close();
      }
    } finally {
      if (ganache != null) {
        ganache.getOutputStream().close(); // ganache-server.mjs stops when its stdin closes
        if (!ganache.waitFor(10, TimeUnit.SECONDS)) {
          ganache.destroyForcibly();
        }
      }
    }
  }

  @Test
  void shouldDeliverTheRemovedAndReAddedLogsOfARealReorgToEthersExactlyOnceInOrder() throws Exception {
    final String url = stack.websocketUrl() + "/eth";
    final long started = System.nanoTime();
    final NodeScripts.Result script = NodeScripts.run(List.of("node", "eth-reorg.mjs", url,
        "--rpc", "http://127.0.0.1:" + ganachePort, "--timeout", Integer.toString(SCRIPT_TIMEOUT_SECONDS)), SCRIPT_WAIT);
    final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    LOG.info("eth-reorg.mjs against {} and ganache on port {} (exit {}, {} ms):\n{}", url, ganachePort, script.exit(),
        millis, script.output());

    assertThat(script.exit()).as("eth-reorg.mjs exit code; its output:%n%s", script.output()).isZero();
    final JsonNode result = NodeScripts.result(script.output());
    assertThat(result.get("ok").asBoolean()).isTrue();
    assertThat(result.get("errors")).isEmpty();
    assertThat(result.get("chainId").asText()).isEqualTo("1337");

    // What ethers saw, checked here independently of the script: every event once, in this order.
    final List<String> expected = new ArrayList<>();
    expectEvents(expected, "added", result.get("base"));
    expectEvents(expected, "added", result.get("orphaned"));
    expectEvents(expected, "removed", result.get("orphaned"));
    expectEvents(expected, "added", result.get("branch"));
    expectEvents(expected, "added", result.get("marker"));
    assertThat(expected).hasSize(3 + 5 + 5 + 6 + 1);
    final List<String> seen = new ArrayList<>();
    final List<String> seenByArrival = new ArrayList<>();
    final List<JsonNode> events = new ArrayList<>();
    result.get("events").forEach(events::add);
    for (JsonNode event : events) {
      seen.add(shape(event));
      assertThat(event.get("wire")).as("socket notifications of %s", shape(event)).hasSize(1);
    }
    events.stream().sorted((a, b) -> Integer.compare(a.get("wire").get(0).asInt(), b.get("wire").get(0).asInt()))
        .forEach(event -> seenByArrival.add(shape(event)));
    assertThat(seen).as("ethers callbacks").containsExactlyElementsOf(expected);
    assertThat(seenByArrival).as("notifications on the socket").containsExactlyElementsOf(expected);

    // Removed logs carry the orphaned blocks (hash and number); the new branch took their heights.
    for (JsonNode event : events) {
      final JsonNode block = blockOfTag(result, event.get("tag").asInt());
      assertThat(event.get("blockHash").asText()).as("block of %s", shape(event)).isEqualTo(block.get("hash").asText());
      assertThat(event.get("blockNumber").asLong()).isEqualTo(block.get("number").asLong());
    }
    final JsonNode orphaned = result.get("orphaned");
    final JsonNode branch = result.get("branch");
    for (int i = 0; i < orphaned.size(); i++) {
      assertThat(branch.get(i).get("number").asLong()).isEqualTo(orphaned.get(i).get("number").asLong());
      assertThat(branch.get(i).get("hash").asText()).isNotEqualTo(orphaned.get(i).get("hash").asText());
    }
    assertThat(result.get("revertedTo").asLong()).isEqualTo(orphaned.get(0).get("number").asLong() - 1);

    final EthNodeSource source = stack.ethNodeSource();
    assertThat(source.failure()).isEmpty();
    assertThat(source.reorgs()).as("reorgs the source followed").isGreaterThanOrEqualTo(1);
    assertThat(source.lastWrittenNumber()).isEqualTo(result.get("marker").get(0).get("number").asLong());
    LOG.info("measured: {} events in {} ms; source wrote {} blocks, followed {} reorg(s)", events.size(), millis,
        source.blocksWritten(), source.reorgs());
  }

  @Test
  void shouldResumeFromTheTopicAfterARestartAndFollowAReorgThatHappenedWhileStopped() throws Exception {
    final String topic = "eth.blocks.resume-test";
    TopicAdmin.ensureTopics(stack.bootstrapServers(), List.of(new Topics.Spec(topic, 1)), (short) 1);
    final EthNodeConfig http = EthNodeConfig.from(Config.defaults()
            .with("kafka.bootstrap.servers", stack.bootstrapServers())
            .with("ingest.eth.topic", topic)
            .with("ingest.eth.network", "eth-resume")
            .with("ingest.eth.rpc-url", "http://127.0.0.1:" + ganachePort)
            .with("ingest.eth.poll-interval-ms", "100"));

    // First run, polling over http: the node's head, then three new blocks.
    final long startHead;
    final String forkBase;
    final List<String> orphaned = new ArrayList<>();
    final String snapshot;
    try (EthNodeSource first = new EthNodeSource(http, Json.MAPPER)) {
      first.start();
      startHead = number(rpc("eth_blockNumber"));
      await(() -> first.lastWrittenNumber() == startHead, "the node's head written");
      rpc("evm_mine");
      forkBase = rpc("eth_getBlockByNumber", "latest", false).get("hash").asText();
      snapshot = rpc("evm_snapshot").asText();
      for (int i = 0; i < 2; i++) {
        rpc("evm_mine");
        orphaned.add(rpc("eth_getBlockByNumber", "latest", false).get("hash").asText());
      }
      await(() -> first.lastWrittenNumber() == startHead + 3, "three more blocks");
      assertThat(first.failure()).isEmpty();
    }

    // While no source runs: a reorg replaces the last two blocks written, and the chain grows.
    assertThat(rpc("evm_revert", snapshot).asBoolean()).isTrue();
    final long later = number(rpc("eth_getBlockByNumber", "latest", false).get("timestamp")) + 100;
    final List<String> branch = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      final ObjectNode at = Json.MAPPER.createObjectNode().put("timestamp", later + i);
      rpc("evm_mine", at);
      branch.add(rpc("eth_getBlockByNumber", "latest", false).get("hash").asText());
    }
    assertThat(branch).doesNotContainAnyElementsOf(orphaned);

    // Second run, over the websocket: resumes from the topic, walks back to the fork, writes the branch.
    try (EthNodeSource second = new EthNodeSource(http.withRpcUrl(URI.create("ws://127.0.0.1:" + ganachePort)),
        Json.MAPPER)) {
      second.start();
      await(() -> second.lastWrittenNumber() == startHead + 5, "the new branch written");
      assertThat(second.reorgs()).isEqualTo(1);
      assertThat(second.blocksWritten()).isEqualTo(4);
      assertThat(second.failure()).isEmpty();
    }

    final List<EthBlock> written = readAll(topic, "eth-resume");
    final List<String> hashes = written.stream().map(b -> b.getHeader().getHash()).toList();
    final List<Long> numbers = written.stream().map(b -> b.getHeader().getNumber()).toList();
    assertThat(new HashSet<>(hashes)).as("no block written twice").hasSize(hashes.size());
    assertThat(numbers).containsExactly(startHead, startHead + 1, startHead + 2, startHead + 3,
        startHead + 2, startHead + 3, startHead + 4, startHead + 5);
    assertThat(hashes.subList(2, 4)).containsExactlyElementsOf(orphaned);
    assertThat(hashes.subList(4, 8)).containsExactlyElementsOf(branch);
    assertThat(written.get(4).getHeader().getParentHash()).isEqualTo(forkBase);
    for (int i = 1; i < written.size(); i++) {
      if (i != 4) {
        assertThat(written.get(i).getHeader().getParentHash()).as("parent of block %d", i).isEqualTo(hashes.get(i - 1));
      }
    }
    final Set<String> canonical = new HashSet<>();
    for (long n = startHead; n <= startHead + 5; n++) {
      canonical.add(rpc("eth_getBlockByNumber", "0x" + Long.toHexString(n), false).get("hash").asText());
    }
    assertThat(canonical).containsAll(hashes.subList(0, 2)).containsAll(branch);
  }

  @Test
  void shouldReportANodeThatStaysDownAndCatchUpWithoutSkippingABlockWhenItReturns() throws Exception {
    final String topic = "eth.blocks.outage-test";
    TopicAdmin.ensureTopics(stack.bootstrapServers(), List.of(new Topics.Spec(topic, 1)), (short) 1);
    try (CuttableProxy proxy = new CuttableProxy(ganachePort);
        EthNodeSource source = new EthNodeSource(EthNodeConfig.from(Config.defaults()
            .with("kafka.bootstrap.servers", stack.bootstrapServers())
            .with("ingest.eth.topic", topic)
            .with("ingest.eth.network", "eth-outage")
            .with("ingest.eth.rpc-url", "ws://127.0.0.1:" + proxy.port())
            .with("ingest.eth.poll-interval-ms", "100")
            .with("ingest.eth.request-timeout-ms", "2000")
            .with("ingest.eth.retry-initial-ms", "50")
            .with("ingest.eth.retry-max-ms", "400")
            .with("ingest.eth.node-down-report-ms", "1500")), Json.MAPPER)) {
      source.start();
      final long startHead = number(rpc("eth_blockNumber"));
      await(() -> source.lastWrittenNumber() == startHead, "the node's head written");

      proxy.cut();
      final long cutAt = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        rpc("evm_mine"); // straight to ganache: the chain moves on while the source cannot reach it
      }
      await(() -> source.failure().isPresent(), "the node reported down");
      final long reportedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
      assertThat(source.failure().get()).isInstanceOf(dev.blockwire.ingest.eth.node.NodeDownException.class)
          .hasMessageContaining("unreachable").hasMessageContaining("no block is skipped");
      assertThat(source.isRunning()).as("still retrying").isTrue();
      assertThat(source.lastWrittenNumber()).isEqualTo(startHead);

      proxy.restore();
      final long restoredAt = System.nanoTime();
      await(() -> source.lastWrittenNumber() == startHead + 3, "the blocks mined during the outage");
      final long caughtUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restoredAt);
      await(() -> source.failure().isEmpty(), "the report cleared");
      LOG.info("measured: node-down reported {} ms after the cut (report threshold 1500 ms); caught up {} ms after"
          + " the node came back", reportedAfterMs, caughtUpMs);
    }
    final List<EthBlock> written = readAll(topic, "eth-outage");
    assertThat(written).hasSize(4);
    for (int i = 1; i < written.size(); i++) {
      assertThat(written.get(i).getHeader().getParentHash()).isEqualTo(written.get(i - 1).getHeader().getHash());
      assertThat(written.get(i).getHeader().getNumber()).isEqualTo(written.get(0).getHeader().getNumber() + i);
    }
  }

  private static JsonNode rpc(String method, Object... params) throws IOException, InterruptedException {
    final ObjectNode request = Json.MAPPER.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
    request.set("params", Json.MAPPER.valueToTree(params));
    final HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ganachePort))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(request))).build(),
        HttpResponse.BodyHandlers.ofString());
    final JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.get("error")).as("%s answered %s", method, response.body()).isNull();
    return body.get("result");
  }

  private static long number(JsonNode quantity) {
    return Long.parseLong(quantity.asText().substring(2), 16);
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out after 30 s waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static List<EthBlock> readAll(String topic, String network) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    final TopicPartition partition = new TopicPartition(topic, 0);
    final List<EthBlock> blocks = new ArrayList<>();
    try (KafkaConsumer<NetworkKey, EthBlock> consumer = new KafkaConsumer<>(props, Serdes.NETWORK_KEY.deserializer(),
        Serdes.ETH_BLOCK.deserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      final long end = consumer.endOffsets(List.of(partition)).get(partition);
      final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<NetworkKey, EthBlock> record : consumer.poll(Duration.ofMillis(200))) {
          assertThat(record.key().getNetwork()).isEqualTo(network);
          assertThat(record.timestamp()).isEqualTo(record.value().getHeader().getTimestamp() * 1000L);
          blocks.add(record.value());
        }
      }
    }
    return blocks;
  }

  private static void expectEvents(List<String> expected, String kind, JsonNode blocks) {
    for (JsonNode block : blocks) {
      for (int i = 0; i < block.get("count").asInt(); i++) {
        expected.add(kind + " " + block.get("tag").asInt() + "/" + i);
      }
    }
  }

  private static String shape(JsonNode event) {
    return event.get("kind").asText() + " " + event.get("tag").asInt() + "/" + event.get("index").asInt();
  }

  private static JsonNode blockOfTag(JsonNode result, int tag) {
    for (String part : List.of("base", "orphaned", "branch", "marker")) {
      for (JsonNode block : result.get(part)) {
        if (block.get("tag").asInt() == tag) {
          return block;
        }
      }
    }
    throw new AssertionError("no block with tag " + tag);
  }

  /** Starts ganache-server.mjs and waits for its LISTENING line. */
  private static Process startGanache(int port) throws Exception {
    final Process process = new ProcessBuilder("node", "ganache-server.mjs", "--port", Integer.toString(port),
        "--chain-id", "1337").directory(NodeScripts.CLIENTS.toFile()).redirectErrorStream(true).start();
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          LOG.info("ganache: {}", line);
          lines.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "ganache-output");
    reader.setDaemon(true);
    reader.start();
    final long deadline = System.nanoTime() + GANACHE_START.toNanos();
    final StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      final String line = lines.poll(200, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.append(line).append('\n');
        if (line.startsWith("LISTENING ")) {
          return process;
        }
        if (line.startsWith("FAILED")) {
          break;
        }
      } else if (!process.isAlive()) {
        break;
      }
    }
    process.destroyForcibly();
    fail("ganache did not start on 127.0.0.1:" + port + " within " + GANACHE_START + "; output:\n" + seen);
    return null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
