package dev.blockwire.ingest.eth.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON-RPC over HTTP(S): one POST per call, with the JDK's {@link HttpClient}. Thread-safe. */
final class HttpJsonRpc implements JsonRpc {

  private final URI url;
  private final Duration timeout;
  private final ObjectMapper mapper;
  private final HttpClient client;
  private final AtomicLong ids = new AtomicLong();

  HttpJsonRpc(URI url, Duration timeout, ObjectMapper mapper) {
    this.url = Objects.requireNonNull(url, "url");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public JsonNode call(String method, Object... params) throws IOException {
    final long id = ids.incrementAndGet();
    final byte[] body = Messages.request(mapper, id, method, List.of(params));
    final HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    final HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(method + " to " + url + " interrupted");
    }
    if (response.statusCode() != 200) {
      throw new IOException(method + " to " + url + ": HTTP " + response.statusCode());
    }
    return Messages.result(mapper.readTree(response.body()), method, id);
  }

  @Override
  public void close() {
    // HttpClient has no close before Java 21; its threads end when it is unreachable.
  }

  @Override
  public String toString() {
    return url.toString();
  }
}
