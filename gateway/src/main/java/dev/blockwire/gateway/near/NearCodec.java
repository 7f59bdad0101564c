package dev.blockwire.gateway.near;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.Json;

/** The NEAR events wire format: client messages in, batch and error frames out. */
public final class NearCodec {

  private final int filterMaxNodes;
  private final int filterMaxDepth;

  public NearCodec(int filterMaxNodes, int filterMaxDepth) {
    this.filterMaxNodes = filterMaxNodes;
    this.filterMaxDepth = filterMaxDepth;
  }

  /** Decodes one text frame from a client. Never throws for bad input. */
  public NearRequest decode(String text) {
    final JsonNode message;
    try {
      message = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return reject(null, "invalid_json", "message is not valid JSON");
    }
    if (message == null || message.isMissingNode()) {
      return reject(null, "invalid_json", "message is not valid JSON");
    }
    if (!message.isObject()) {
      return reject(null, "invalid_message", "message must be a JSON object");
    }
    final String secretJson = message.has("secret") ? Json.compact(message.get("secret")) : null;
    if (!message.has("filter") || !message.has("secret")) {
      return reject(secretJson, "missing_fields", "Required fields are \"filter\", \"secret\"");
    }
    final JsonNode filter = message.get("filter");
    final String limit = exceededLimit(filter);
    if (limit != null) {
      return reject(secretJson, "limit_exceeded", "filter exceeds the configured " + limit + " limit");
    }
    return new NearRequest.Subscribe(secretJson, new NearFilter(filter), PastCount.of(message.get("fetch_past_events")));
  }

  /** {@code {"secret":…,"events":[…],"note":"past"}} */
  public static String pastBatch(String secretJson, List<String> eventJsons) {
    return batch(secretJson, eventJsons, true);
  }

  /** {@code {"secret":…,"events":[…]}} */
  public static String liveBatch(String secretJson, List<String> eventJsons) {
    return batch(secretJson, eventJsons, false);
  }

  private static String batch(String secretJson, List<String> eventJsons, boolean past) {
    int size = secretJson.length() + 40;
    for (String event : eventJsons) {
      size += event.length() + 1;
    }
    final StringBuilder out = new StringBuilder(size);
    out.append("{\"secret\":").append(secretJson).append(",\"events\":[");
    for (int i = 0; i < eventJsons.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(eventJsons.get(i));
    }
    out.append(']');
    if (past) {
      out.append(",\"note\":\"past\"");
    }
    return out.append('}').toString();
  }

  private static NearRequest.Rejected reject(String secretJson, String code, String message) {
    final StringBuilder out = new StringBuilder(96);
    out.append('{');
    if (secretJson != null) {
      out.append("\"secret\":").append(secretJson).append(',');
    }
    out.append("\"events\":[],\"error\":{\"code\":\"").append(code).append("\",\"message\":");
    Json.appendQuoted(out, message).append("}}");
    return new NearRequest.Rejected(code, out.toString());
  }

  /** "size" or "depth" when the filter is over a limit, else null. */
  private String exceededLimit(JsonNode filter) {
    final int[] nodes = {0};
    final int depth = measure(filter, 1, nodes);
    if (nodes[0] > filterMaxNodes) {
      return "size";
    }
    return depth > filterMaxDepth ? "depth" : null;
  }

  private int measure(JsonNode node, int depth, int[] nodes) {
    nodes[0]++;
    if (nodes[0] > filterMaxNodes || depth > filterMaxDepth) {
      return depth; // stop early: the answer is already known
    }
    int deepest = depth;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, measure(child, depth + 1, nodes));
    }
    return deepest;
  }
}
