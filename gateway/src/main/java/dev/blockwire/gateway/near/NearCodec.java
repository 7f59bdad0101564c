package dev.blockwire.gateway.near;

import java.util.List;
import java.util.OptionalInt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.Utf8Message;

/** The NEAR events wire format: client messages in, batch and error frames out. */
public final class NearCodec {

  private static final byte[] COMMA = Utf8Message.utf8(",");
  private static final byte[] LIVE_TAIL = Utf8Message.utf8("]}");
  private static final byte[] PAST_TAIL = Utf8Message.utf8("],\"note\":\"past\"}");
  private static final byte[] REPLAY_TAIL = Utf8Message.utf8("],\"note\":\"replay\"}");

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
    return extensions(message, secretJson, new NearFilter(filter));
  }

  /** The resume keys of §2.10 ({@code cursor}, {@code from_block}, {@code after_cursor}); null counts as absent. */
  private static NearRequest extensions(JsonNode message, String secretJson, NearFilter filter) {
    final JsonNode cursor = present(message.get("cursor"));
    final JsonNode fromBlock = present(message.get("from_block"));
    final JsonNode afterCursor = present(message.get("after_cursor"));
    if (cursor != null && !cursor.isBoolean()) {
      return invalid(secretJson, "cursor", "must be true or false");
    }
    NearPosition resumeAfter = null;
    if (fromBlock != null && afterCursor != null) {
      return invalid(secretJson, "after_cursor", "cannot be combined with \"from_block\"");
    }
    if (fromBlock != null) {
      final long height = height(fromBlock);
      if (height < 0) {
        return invalid(secretJson, "from_block", "must be a block height (a non-negative integer or decimal string)");
      }
      resumeAfter = NearPosition.before(height);
    }
    if (afterCursor != null) {
      resumeAfter = afterCursor.isTextual() ? NearPosition.parseCursor(afterCursor.textValue()) : null;
      if (resumeAfter == null) {
        return invalid(secretJson, "after_cursor", "not a cursor of this service");
      }
    }
    final boolean withCursor = resumeAfter != null || (cursor != null && cursor.booleanValue());
    final OptionalInt past = resumeAfter != null ? OptionalInt.empty() : PastCount.of(message.get("fetch_past_events"));
    return new NearRequest.Subscribe(secretJson, filter, past, withCursor, resumeAfter);
  }

  private static JsonNode present(JsonNode value) {
    return value == null || value.isNull() ? null : value;
  }

  /** A height given as a JSON integer or a decimal string; -1 when it is neither or out of range. */
  private static long height(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isNumber() && value.decimalValue().signum() >= 0) {
      try {
        return value.decimalValue().longValueExact(); // 5.0 is a height, 5.5 is not
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    if (value.isTextual() && value.textValue().matches("[0-9]{1,18}")) {
      return Long.parseLong(value.textValue());
    }
    return -1;
  }

  private static NearRequest.Rejected invalid(String secretJson, String key, String detail) {
    return reject(secretJson, "invalid_parameter", "invalid \"" + key + "\": " + detail);
  }

  /** The {@code cursor_expired} error frame. */
  public static String cursorExpired(String secretJson) {
    return reject(secretJson, "cursor_expired", "cursor is older than the retained history").errorFrame();
  }

  /** Every slot for replays that read the topic is taken ({@code gateway.near.max-topic-resumes}). */
  public static String topicResumesBusy(String secretJson) {
    return reject(secretJson, "limit_exceeded", "too many replays reading older blocks from Kafka; retry later")
        .errorFrame();
  }

  /**
   * A batch: {@code {"secret":…,"events":[…]}} live, {@code {"secret":…,"events":[…],"note":"past"}}
   * and {@code "note":"replay"} otherwise, and {@code "cursor":…} as the last key when given.
   */
  public static String batch(String secretJson, List<String> eventJsons, String note, String cursor) {
    int size = secretJson.length() + 40 + (cursor == null ? 0 : cursor.length() + 12);
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
    if (note != null) {
      out.append(",\"note\":\"").append(note).append('"');
    }
    if (cursor != null) {
      out.append(",\"cursor\":\"").append(cursor).append('"'); // base64url: nothing to escape
    }
    return out.append('}').toString();
  }

  /** The constant head of every batch of a subscription: {@code {"secret":…,"events":[}, as UTF-8. */
  public static byte[] batchHead(String secretJson) {
    return Utf8Message.utf8("{\"secret\":" + secretJson + ",\"events\":[");
  }

  /**
   * {@link #batch(String, List, String, String)} as UTF-8 parts: the subscription's head (from
   * {@link #batchHead}), each event's JSON in the form given (encoded once per event, shared by every
   * receiver) and the tail. The same bytes as the text.
   */
  public static Utf8Message batch(byte[] head, List<NearEventView> events, NearFormat format, String note,
      String cursor) {
    final Utf8Message.Builder out = Utf8Message.builder(2 * events.size() + 2).add(head);
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.add(COMMA);
      }
      out.add(events.get(i).utf8(format));
    }
    return out.add(tail(note, cursor)).build();
  }

  private static byte[] tail(String note, String cursor) {
    if (cursor == null) {
      if (note == null) {
        return LIVE_TAIL;
      }
      if (note.equals("past")) {
        return PAST_TAIL;
      }
      if (note.equals("replay")) {
        return REPLAY_TAIL;
      }
    }
    final StringBuilder out = new StringBuilder(32 + (cursor == null ? 0 : cursor.length())).append(']');
    if (note != null) {
      out.append(",\"note\":\"").append(note).append('"');
    }
    if (cursor != null) {
      out.append(",\"cursor\":\"").append(cursor).append('"'); // base64url: nothing to escape
    }
    return Utf8Message.utf8(out.append('}').toString());
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
