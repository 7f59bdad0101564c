package dev.blockwire.ingest.near.source;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A block-data service in the shape of fastnear neardata ({@code fastnear/neardata-server}):
 * <ul>
 *   <li>{@code GET {base}/v0/block/{height}}: 200 with the block document, or 200 with the literal
 *       {@code null} for a height without a block; 404 {@code {"type":"BLOCK_DOES_NOT_EXIST"}} for a
 *       height too far past the head (a height a few blocks ahead is held until it exists); 404
 *       {@code BLOCK_HEIGHT_TOO_LOW} / {@code BLOCK_HEIGHT_TOO_HIGH} for heights it will never serve;
 *       redirects (to an archive) are followed;
 *   <li>{@code GET {base}/v0/last_block/final}: a redirect to {@code /v0/block/{height}} of the latest
 *       final block (read from {@code Location} without following it), or that block itself.
 * </ul>
 * Any other answer (5xx, 429, an unknown 404, a body that is not JSON, a broken connection, a timeout)
 * is an {@link IOException}: the source retries. Uses the JDK's {@link HttpClient}.
 */
final class NeardataHttpService implements BlockService {

  private static final Pattern BLOCK_PATH = Pattern.compile("/v0/block/(\\d+)/?$");

  private final URI base;
  private final Duration timeout;
  private final ObjectMapper mapper;
  private final HttpClient follow;
  private final HttpClient noFollow;

  NeardataHttpService(URI base, Duration timeout, ObjectMapper mapper) {
    final String text = Objects.requireNonNull(base, "base").toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.follow = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    this.noFollow = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Fetched fetch(long height) throws IOException {
    final HttpResponse<byte[]> response = get(follow, "/v0/block/" + height);
    final int status = response.statusCode();
    if (status == 200) {
      final JsonNode document = json(response, height);
      if (document.isNull()) {
        return new NoBlock(height);
      }
      if (!document.isObject()) {
        throw new IOException(where(height) + ": expected a block object or null but got " + document.getNodeType());
      }
      return new Found(height, document);
    }
    if (status == 404) {
      final String type = errorType(response).orElse("");
      switch (type) {
        case "BLOCK_DOES_NOT_EXIST":
          return new NotYet(height);
        case "BLOCK_HEIGHT_TOO_LOW":
        case "BLOCK_HEIGHT_TOO_HIGH":
          throw new NearSourceException(where(height) + " will never serve this height: " + body(response));
        default:
          throw new IOException(where(height) + ": HTTP 404 " + body(response));
      }
    }
    throw new IOException(where(height) + ": HTTP " + status + " " + body(response));
  }

  @Override
  public long finalHeight() throws IOException {
    final HttpResponse<byte[]> response = get(noFollow, "/v0/last_block/final");
    final int status = response.statusCode();
    if (status >= 300 && status < 400) {
      final String location = response.headers().firstValue("location")
          .orElseThrow(() -> new IOException(base + "/v0/last_block/final: HTTP " + status + " without Location"));
      final Matcher matcher = BLOCK_PATH.matcher(URI.create(location).getPath() == null ? location
          : URI.create(location).getPath());
      if (!matcher.find()) {
        throw new IOException(base + "/v0/last_block/final: redirect to " + location + " is not /v0/block/{height}");
      }
      return Long.parseLong(matcher.group(1));
    }
    if (status == 200) {
      final JsonNode height = json(response, -1).path("block").path("header").path("height");
      if (height.canConvertToLong()) {
        return height.asLong();
      }
      if (height.isTextual() && height.asText().matches("\\d{1,18}")) {
        return Long.parseLong(height.asText());
      }
      throw new IOException(base + "/v0/last_block/final: no block.header.height in the answer");
    }
    throw new IOException(base + "/v0/last_block/final: HTTP " + status + " " + body(response));
  }

  @Override
  public String describe() {
    return base.toString();
  }

  private HttpResponse<byte[]> get(HttpClient client, String path) throws IOException {
    final HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
        .header("Accept", "application/json").GET().build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while fetching " + request.uri());
    }
  }

  private JsonNode json(HttpResponse<byte[]> response, long height) throws IOException {
    try {
      final JsonNode node = mapper.readTree(response.body());
      if (node == null || node.isMissingNode()) {
        throw new IOException(where(height) + ": empty body");
      }
      return node;
    } catch (JsonProcessingException e) {
      // a truncated or garbled body: retried like a broken connection, reported if it persists
      throw new IOException(where(height) + ": the body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private Optional<String> errorType(HttpResponse<byte[]> response) {
    try {
      final JsonNode node = mapper.readTree(response.body());
      return node != null && node.path("type").isTextual() ? Optional.of(node.path("type").asText()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String body(HttpResponse<byte[]> response) {
    final String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  private String where(long height) {
    return height < 0 ? base.toString() : base + "/v0/block/" + height;
  }
}
