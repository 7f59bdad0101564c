package dev.blockwire.ingest.flow.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.blockwire.ingest.flow.FlowFixture;

/**
 * A Flow access node's REST API on 127.0.0.1, serving the sealed blocks of the committed Flow fixture
 * in the shapes flow-go writes: {@code /v1/blocks?height=sealed|final}, height ranges with
 * {@code expand=payload} (404 for heights not finalized yet), {@code /v1/collections/{id}?expand=transactions}
 * and {@code /v1/transaction_results/{id}}. The sealed head moves when the test says so, and faults
 * can be switched on: 503 bursts, an outage, lagging ranges (404), a height missing from one answer, a
 * block with another parent.
 */
final class FakeAccessNode implements AutoCloseable {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final TreeMap<Long, ObjectNode> blocks = new TreeMap<>();
  private final Map<String, List<String>> collections = new HashMap<>();
  private final Map<String, ObjectNode> results = new HashMap<>();

  final AtomicLong sealedHead = new AtomicLong();
  /** Answer every request with 503 while set. */
  volatile boolean down;
  /** The next this-many requests answer 503. */
  final AtomicInteger failNext = new AtomicInteger();
  /** The next this-many range requests answer 404 (a node behind the sealed head it reported). */
  final AtomicInteger lagNext = new AtomicInteger();
  /** A height left out of the next range answer that covers it (-1: none). */
  final AtomicLong dropOnce = new AtomicLong(-1);
  /** Heights served with another parent id. */
  final Set<Long> tamperedParents = ConcurrentHashMap.newKeySet();

  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger multiBlockRanges = new AtomicInteger();
  final AtomicInteger notFound = new AtomicInteger();
  final AtomicInteger serverErrors = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();

  FakeAccessNode() throws IOException {
    loadFixture();
    sealedHead.set(blocks.firstKey() - 1);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  long firstHeight() {
    return blocks.firstKey();
  }

  long lastHeight() {
    return blocks.lastKey();
  }

  /** The fixture's sealed records, as REST shapes: blocks by height, collections and results by id. */
  private void loadFixture() throws IOException {
    final String text;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(FlowFixture.DEFAULT_RESOURCE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      final JsonNode record = MAPPER.readTree(line);
      if (!record.get("block_status").asText().equals("sealed")) {
        continue;
      }
      final ObjectNode block = (ObjectNode) record.get("block").deepCopy();
      final long height = Long.parseLong(block.get("header").get("height").asText());
      block.put("block_status", "BLOCK_SEALED");
      block.putObject("_expandable");
      block.putObject("_links").put("_self", "/v1/blocks/" + block.get("header").get("id").asText());
      blocks.put(height, block);
      for (JsonNode result : record.get("transaction_results")) {
        final String tx = result.get("transaction_id").asText();
        collections.computeIfAbsent(result.get("collection_id").asText(), c -> new ArrayList<>()).add(tx);
        final ObjectNode rest = result.deepCopy();
        rest.remove("transaction_id");
        rest.put("execution", result.get("error_message").asText().isEmpty() ? "Success" : "Failure");
        rest.putObject("_links").put("_self", "/v1/transaction_results/" + tx);
        results.put(tx, rest);
      }
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    final int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    requests.incrementAndGet();
    try {
      if (down || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        serverErrors.incrementAndGet();
        send(exchange, 503, error(503, "service unavailable"));
        return;
      }
      final String path = exchange.getRequestURI().getPath();
      final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (path.equals("/v1/blocks")) {
        blocks(exchange, query);
      } else if (path.startsWith("/v1/collections/")) {
        final List<String> txs = collections.get(path.substring("/v1/collections/".length()));
        if (txs == null) {
          send(exchange, 404, error(404, "not found"));
          return;
        }
        final ObjectNode collection = MAPPER.createObjectNode().put("id", path.substring("/v1/collections/".length()));
        final ArrayNode list = collection.putArray("transactions");
        txs.forEach(tx -> list.addObject().put("id", tx).put("script", "").put("reference_block_id", ""));
        send(exchange, 200, collection);
      } else if (path.startsWith("/v1/transaction_results/")) {
        final ObjectNode result = results.get(path.substring("/v1/transaction_results/".length()));
        send(exchange, result == null ? 404 : 200, result == null ? error(404, "not found") : result);
      } else {
        send(exchange, 404, error(404, "not found"));
      }
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  private void blocks(HttpExchange exchange, Map<String, String> query) throws IOException {
    final long head = sealedHead.get();
    final ArrayNode out = MAPPER.createArrayNode();
    if (query.containsKey("height")) {
      final String height = query.get("height");
      final long h = height.equals("sealed") ? head : height.equals("final") ? finalHead(head)
          : Long.parseLong(height);
      if (h < firstHeight() || h > lastHeight()) {
        send(exchange, 404, error(404, "not found"));
        return;
      }
      out.add(block(h));
      send(exchange, 200, out);
      return;
    }
    final long from = Long.parseLong(query.get("start_height"));
    final long to = Long.parseLong(query.get("end_height"));
    if (to - from >= 250 || to < from) {
      send(exchange, 400, error(400, "invalid height range"));
      return;
    }
    if (to > finalHead(head) || lagNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      notFound.incrementAndGet();
      send(exchange, 404, error(404, "could not get block: key not found"));
      return;
    }
    if (to > from) {
      multiBlockRanges.incrementAndGet();
    }
    for (long h = from; h <= to; h++) {
      if (h == dropOnce.get() && dropOnce.compareAndSet(h, -1)) {
        continue;
      }
      out.add(block(h));
    }
    send(exchange, 200, out);
  }

  /** The finalized head runs two blocks ahead of the sealed one, as on a live chain. */
  private long finalHead(long sealedHeight) {
    return Math.min(sealedHeight + 2, lastHeight());
  }

  private ObjectNode block(long height) {
    final ObjectNode block = blocks.get(height).deepCopy();
    if (tamperedParents.contains(height)) {
      ((ObjectNode) block.get("header")).put("parent_id", "ab".repeat(32));
    }
    return block;
  }

  private static ObjectNode error(int code, String message) {
    return MAPPER.createObjectNode().put("code", code).put("message", message);
  }

  private static Map<String, String> query(String raw) {
    final Map<String, String> out = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        final int eq = pair.indexOf('=');
        out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
      }
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    final byte[] bytes = MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
