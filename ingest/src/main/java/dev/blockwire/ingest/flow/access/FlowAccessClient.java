package dev.blockwire.ingest.flow.access;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The few calls of a Flow access node's REST API ({@code flow-go engine/access/rest}) the source
 * needs, over the JDK HTTP client. Every call either returns the node's JSON or throws: an
 * {@link AccessNodeException} for what is worth retrying (no answer, 5xx, 429, 404, a body that is not
 * JSON), a {@link FlowAccessSourceException} for a request the node refuses as malformed (other 4xx).
 * Thread-safe.
 */
final class FlowAccessClient {

  private final String base;
  private final HttpClient http;
  private final ObjectMapper mapper;
  private final Duration timeout;

  FlowAccessClient(URI url, Duration timeout, ObjectMapper mapper) {
    final String text = url.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    // the client's own executor completes responses: callers block in send() on the fetch pool's threads,
    // so sharing that pool with the client would deadlock once every pool thread waits
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** {@code GET /v1/blocks?height=sealed}: the height of the latest sealed block. */
  long sealedHeight() throws IOException {
    return latestHeight("sealed");
  }

  /** {@code GET /v1/blocks?height=final}: the height of the latest finalized block. */
  long finalizedHeight() throws IOException {
    return latestHeight("final");
  }

  private long latestHeight(String which) throws IOException {
    final JsonNode blocks = get("/v1/blocks?height=" + which);
    final JsonNode height = blocks.path(0).path("header").path("height");
    if (!height.isTextual()) {
      throw new AccessNodeException("the latest " + which + " block has no header.height: " + abbreviate(blocks), 200);
    }
    try {
      return Long.parseLong(height.textValue());
    } catch (NumberFormatException e) {
      throw new AccessNodeException("the latest " + which + " height is not a number: " + height, 200);
    }
  }

  /**
   * {@code GET /v1/blocks?start_height=from&end_height=to&expand=payload}: the blocks of a height
   * range, header and payload, as the node lists them.
   */
  List<JsonNode> blocks(long from, long to) throws IOException {
    final JsonNode blocks = get("/v1/blocks?start_height=" + from + "&end_height=" + to + "&expand=payload");
    if (!blocks.isArray()) {
      throw new AccessNodeException("blocks " + from + ".." + to + ": the answer is not a JSON array", 200);
    }
    final List<JsonNode> list = new ArrayList<>(blocks.size());
    blocks.forEach(list::add);
    return list;
  }

  /** {@code GET /v1/collections/{id}?expand=transactions}: the collection's transaction ids, in order. */
  List<String> collectionTransactions(String collectionId) throws IOException {
    final JsonNode collection = get("/v1/collections/" + encode(collectionId) + "?expand=transactions");
    final JsonNode transactions = collection.get("transactions");
    if (transactions == null || !transactions.isArray()) {
      throw new AccessNodeException("collection " + collectionId + " has no transactions list", 200);
    }
    final List<String> ids = new ArrayList<>(transactions.size());
    for (JsonNode transaction : transactions) {
      final JsonNode id = transaction.get("id");
      if (id == null || !id.isTextual()) {
        throw new AccessNodeException("collection " + collectionId + ": a transaction without id", 200);
      }
      ids.add(id.textValue());
    }
    return ids;
  }

  /** {@code GET /v1/transaction_results/{id}}: status, result and events of one transaction. */
  JsonNode transactionResult(String transactionId) throws IOException {
    final JsonNode result = get("/v1/transaction_results/" + encode(transactionId));
    if (!result.isObject()) {
      throw new AccessNodeException("transaction result " + transactionId + " is not a JSON object", 200);
    }
    return result;
  }

  String url() {
    return base;
  }

  private JsonNode get(String pathAndQuery) throws IOException {
    final HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
        .header("Accept", "application/json").GET().build();
    final HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AccessNodeException("GET " + pathAndQuery + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted during GET " + pathAndQuery);
    }
    final int status = response.statusCode();
    if (status == 200) {
      try {
        return mapper.readTree(response.body());
      } catch (JsonProcessingException e) {
        throw new AccessNodeException("GET " + pathAndQuery + ": the answer is not JSON: " + e.getOriginalMessage(),
            status);
      }
    }
    final String message = "GET " + pathAndQuery + " answered " + status + ": " + abbreviate(response.body());
    if (status == 404 || status == 429 || status >= 500) {
      throw new AccessNodeException(message, status);
    }
    throw new FlowAccessSourceException(message);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  private static String abbreviate(Object body) {
    final String text = String.valueOf(body);
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
