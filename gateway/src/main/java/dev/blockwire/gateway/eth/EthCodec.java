package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.List;

import dev.blockwire.gateway.Utf8Message;
import dev.blockwire.gateway.gojson.GoJson;

/**
 * geth's JSON-RPC wire: one websocket message in, a {@link Inbound} out; responses, errors,
 * batches and notifications written as geth's {@code appendMessage} writes them (no whitespace,
 * keys in the order jsonrpc, id, method, params, error, result; the id echoed as raw bytes).
 */
final class EthCodec {

  /** What one websocket message holds. */
  sealed interface Inbound permits Single, Batch, ParseError, Truncated {}

  /** One message (not an array). */
  record Single(EthMessage message) implements Inbound {}

  /** An array of messages, possibly empty. */
  record Batch(List<EthMessage> messages) implements Inbound {}

  /**
   * Go's decoder reported a syntax error: geth writes {@code frame} and closes the connection.
   *
   * @param frame the -32700 error message with {@code "id":null}
   */
  record ParseError(String frame) implements Inbound {}

  /** The message ended inside a value (or was empty): geth closes the connection without a reply. */
  record Truncated() implements Inbound {}

  private static final String NOTIFICATION_PREFIX =
      "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"";

  /** Decodes one websocket message (its UTF-8 bytes). Never throws on client input. */
  static Inbound decode(byte[] message) {
    final GoJson.Scan scan = GoJson.scan(message);
    if (scan.unexpectedEof()) {
      return new Truncated();
    }
    if (scan.syntaxError() != null) {
      return new ParseError(error(null, RpcError.parse(scan.syntaxError())));
    }
    final GoJson.Value value = GoJson.parse(message, scan.start(), scan.end());
    if (value.kind != GoJson.Kind.ARRAY) {
      return new Single(EthMessage.of(value));
    }
    final List<EthMessage> messages = new ArrayList<>(value.items.size());
    for (GoJson.Value item : value.items) {
      messages.add(EthMessage.of(item));
    }
    return new Batch(messages);
  }

  /** {@code {"jsonrpc":"2.0","id":<raw>,"result":<resultJson>}}; no id key when {@code rawId} is null. */
  static String result(String rawId, String resultJson) {
    final StringBuilder out = new StringBuilder(32 + (rawId == null ? 0 : rawId.length()) + resultJson.length());
    out.append("{\"jsonrpc\":\"2.0\"");
    if (rawId != null) {
      out.append(",\"id\":").append(rawId);
    }
    return out.append(",\"result\":").append(resultJson).append('}').toString();
  }

  /** {@code {"jsonrpc":"2.0","id":<raw>,"error":{"code":…,"message":…}}}; {@code "id":null} when rawId is null. */
  static String error(String rawId, RpcError error) {
    return errorWithId(rawId == null ? "null" : rawId, error);
  }

  /** As {@link #error} but with no id key at all when {@code rawId} is null (geth's errorResponse of an id-less message). */
  static String errorWithId(String rawId, RpcError error) {
    final StringBuilder out = new StringBuilder(64 + error.message().length());
    out.append("{\"jsonrpc\":\"2.0\"");
    if (rawId != null) {
      out.append(",\"id\":").append(rawId);
    }
    out.append(",\"error\":{\"code\":").append(error.code()).append(",\"message\":");
    GoJson.appendMarshalled(out, error.message());
    return out.append("}}").toString();
  }

  /** A batch reply: the messages in one JSON array. */
  static String batch(List<String> messages) {
    int size = 2;
    for (String message : messages) {
      size += message.length() + 1;
    }
    final StringBuilder out = new StringBuilder(size).append('[');
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(messages.get(i));
    }
    return out.append(']').toString();
  }

  /**
   * The constant head of every notification of a subscription, up to {@code "result":}; a
   * notification is this, the result JSON and {@code }}}.
   */
  static String notificationPrefix(String subscriptionId) {
    return NOTIFICATION_PREFIX + subscriptionId + "\",\"result\":";
  }

  /**
   * {@code {"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":"0x…","result":…}}},
   * with {@code ,"cursor":"…"} after the result when {@code cursor} is not null (spec §9 withCursor).
   */
  static String notification(String prefix, String resultJson, String cursor) {
    final StringBuilder out = new StringBuilder(prefix.length() + resultJson.length() + 2
        + (cursor == null ? 0 : cursor.length() + 12)).append(prefix).append(resultJson);
    if (cursor != null) {
      out.append(",\"cursor\":\"").append(cursor).append('"'); // base64url: nothing to escape
    }
    return out.append("}}").toString();
  }

  private static final byte[] NOTIFICATION_TAIL = Utf8Message.utf8("}}");

  /**
   * {@link #notification} as UTF-8 parts: the subscription's prefix (from {@link #notificationPrefix}),
   * the result (encoded once, shared by every subscription sent it) and the tail. The same bytes as the text.
   */
  static Utf8Message notification(byte[] prefix, byte[] result, String cursor) {
    final byte[] tail = cursor == null ? NOTIFICATION_TAIL
        : Utf8Message.utf8(",\"cursor\":\"" + cursor + "\"}}"); // base64url: nothing to escape
    return Utf8Message.of(prefix, result, tail);
  }

  /** A JSON string as geth marshals a Go string result. */
  static String quoted(String value) {
    return GoJson.appendMarshalled(new StringBuilder(value.length() + 2), value).toString();
  }

  private EthCodec() {}
}
