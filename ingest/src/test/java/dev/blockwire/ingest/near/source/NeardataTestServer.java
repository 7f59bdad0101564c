package dev.blockwire.ingest.near.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.blockwire.ingest.fixture.FixtureChain;

/**
 * A neardata-shaped service on 127.0.0.1 serving the committed NEAR mainnet fixture:
 * {@code /v0/block/{height}} answers the block document, {@code null} for a height without a block
 * (the fixture's five skipped heights), and 404 {@code BLOCK_DOES_NOT_EXIST} above {@link #head};
 * {@code /v0/last_block/final} redirects to the head. Faults are injected per request: 5xx answers, a
 * connection closed without an answer, a slow answer, a whole outage, a hidden block (served as
 * {@code null}: a gap), a block with a wrong {@code prev_hash}.
 */
final class NeardataTestServer implements AutoCloseable {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern BLOCK = Pattern.compile("^/v0/block/(\\d+)$");

  /** The fixture's documents by height, as committed. */
  static final NavigableMap<Long, String> FIXTURE = loadFixture();
  static final long FIRST = FIXTURE.firstKey();
  static final long LAST = FIXTURE.lastKey();

  final AtomicLong head = new AtomicLong(LAST);
  final AtomicInteger failNext = new AtomicInteger();
  final AtomicInteger closeNext = new AtomicInteger();
  final AtomicInteger slowNext = new AtomicInteger();
  volatile long slowMillis = 2_000;
  volatile boolean down;
  final Set<Long> hidden = ConcurrentHashMap.newKeySet();
  final Map<Long, String> tamperedPrevHash = new ConcurrentHashMap<>();
  final Map<Long, AtomicInteger> requestsPerHeight = new ConcurrentHashMap<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final AtomicInteger faultsServed = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    final Thread t = new Thread(r, "neardata-test-server");
    t.setDaemon(true);
    return t;
  });

  NeardataTestServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v0/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  int requests(long height) {
    final AtomicInteger count = requestsPerHeight.get(height);
    return count == null ? 0 : count.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    final int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      serve(exchange);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  private void serve(HttpExchange exchange) throws IOException, InterruptedException {
    final String path = exchange.getRequestURI().getPath();
    if (down || takeOne(failNext)) {
      faultsServed.incrementAndGet();
      send(exchange, 503, "\"Cache error: The block is not cached\"");
      return;
    }
    if (takeOne(closeNext)) {
      faultsServed.incrementAndGet();
      return; // closed without a status line
    }
    if (takeOne(slowNext)) {
      faultsServed.incrementAndGet();
      TimeUnit.MILLISECONDS.sleep(slowMillis);
    }
    if (path.equals("/v0/last_block/final")) {
      exchange.getResponseHeaders().add("Location", "/v0/block/" + head.get());
      exchange.sendResponseHeaders(302, -1);
      return;
    }
    final Matcher matcher = BLOCK.matcher(path);
    if (!matcher.matches()) {
      send(exchange, 404, "\"not found\"");
      return;
    }
    final long height = Long.parseLong(matcher.group(1));
    requestsPerHeight.computeIfAbsent(height, h -> new AtomicInteger()).incrementAndGet();
    if (height < FIRST) {
      send(exchange, 404, "{\"error\":\"Block height is before the genesis\",\"type\":\"BLOCK_HEIGHT_TOO_LOW\"}");
    } else if (height > head.get()) {
      send(exchange, 404, "{\"error\":\"The block is too far in the future\",\"type\":\"BLOCK_DOES_NOT_EXIST\"}");
    } else if (!FIXTURE.containsKey(height) || hidden.contains(height)) {
      send(exchange, 200, "null");
    } else {
      send(exchange, 200, document(height));
    }
  }

  private String document(long height) throws IOException {
    final String text = FIXTURE.get(height);
    final String prevHash = tamperedPrevHash.get(height);
    if (prevHash == null) {
      return text;
    }
    final ObjectNode document = (ObjectNode) MAPPER.readTree(text);
    ((ObjectNode) document.path("block").path("header")).put("prev_hash", prevHash);
    return MAPPER.writeValueAsString(document);
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Writes fixture blocks in the NEAR Lake layout: {@code 000188102380/block.json}, {@code shard_N.json}. */
  static void writeLake(Path folder, long fromHeight, long toHeight) throws IOException {
    for (Map.Entry<Long, String> entry : FIXTURE.subMap(fromHeight, true, toHeight, true).entrySet()) {
      final JsonNode document = MAPPER.readTree(entry.getValue());
      final Path dir = folder.resolve(String.format("%012d", entry.getKey()));
      final Path staging = folder.resolve("." + dir.getFileName() + ".tmp"); // appear whole, as an S3 sync does
      Files.createDirectories(staging);
      Files.writeString(staging.resolve("block.json"), MAPPER.writeValueAsString(document.get("block")));
      for (JsonNode shard : (ArrayNode) document.get("shards")) {
        Files.writeString(staging.resolve("shard_" + shard.get("shard_id").asLong() + ".json"),
            MAPPER.writeValueAsString(shard));
      }
      Files.move(staging, dir);
    }
  }

  /** The heights of the fixture between two heights, inclusive, that have a block. */
  static List<Long> blockHeights(long from, long to) {
    return new ArrayList<>(FIXTURE.subMap(from, true, to, true).keySet());
  }

  private static NavigableMap<Long, String> loadFixture() {
    try (InputStream in = NeardataTestServer.class.getClassLoader().getResourceAsStream(FixtureChain.DEFAULT_RESOURCE)) {
      final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      final TreeMap<Long, String> blocks = new TreeMap<>();
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          blocks.put(MAPPER.readTree(line).path("block").path("header").path("height").asLong(), line);
        }
      }
      return Collections.unmodifiableNavigableMap(blocks);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
