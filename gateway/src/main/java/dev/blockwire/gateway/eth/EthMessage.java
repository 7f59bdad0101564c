package dev.blockwire.gateway.eth;

import dev.blockwire.gateway.gojson.GoJson;

/**
 * One JSON-RPC message as geth's {@code jsonrpcMessage} decodes it (Go struct decoding: keys
 * matched ignoring case, the last one wins, a value of the wrong type leaves the field unset).
 * The classification methods are geth's ({@code rpc/json.go}).
 *
 * @param version the {@code jsonrpc} string, "" when absent or not a string
 * @param rawId the {@code id} exactly as written (may be {@code null} the JSON literal); Java null when absent
 * @param method the {@code method} string, "" when absent or not a string
 * @param params the {@code params} value (a JSON null counts as present); Java null when absent
 * @param hasError an {@code error} key was present
 * @param hasResult a {@code result} key was present
 */
record EthMessage(String version, String rawId, String method, GoJson.Value params, boolean hasError,
    boolean hasResult) {

  static final EthMessage EMPTY = new EthMessage("", null, "", null, false, false);

  /** Decodes a message value; anything but an object is the zero message (an invalid request). */
  static EthMessage of(GoJson.Value value) {
    if (value == null || value.kind != GoJson.Kind.OBJECT) {
      return EMPTY;
    }
    String version = "";
    String rawId = null;
    String method = "";
    GoJson.Value params = null;
    boolean error = false;
    boolean result = false;
    for (int i = 0; i < value.keys.size(); i++) {
      final String key = value.keys.get(i);
      final GoJson.Value item = value.items.get(i);
      if (key.equalsIgnoreCase("jsonrpc")) {
        if (item.kind == GoJson.Kind.STRING) {
          version = item.text;
        }
      } else if (key.equalsIgnoreCase("id")) {
        rawId = item.raw();
      } else if (key.equalsIgnoreCase("method")) {
        if (item.kind == GoJson.Kind.STRING) {
          method = item.text;
        }
      } else if (key.equalsIgnoreCase("params")) {
        params = item;
      } else if (key.equalsIgnoreCase("error")) {
        error = true;
      } else if (key.equalsIgnoreCase("result")) {
        result = true;
      }
    }
    return new EthMessage(version, rawId, method, params, error, result);
  }

  boolean hasValidVersion() {
    return "2.0".equals(version);
  }

  /** Any id but an object or array: numbers, strings, {@code null}, booleans. */
  boolean hasValidId() {
    return rawId != null && !rawId.isEmpty() && rawId.charAt(0) != '{' && rawId.charAt(0) != '[';
  }

  boolean isNotification() {
    return hasValidVersion() && rawId == null && !method.isEmpty();
  }

  boolean isCall() {
    return hasValidVersion() && hasValidId() && !method.isEmpty();
  }

  boolean isResponse() {
    return hasValidVersion() && hasValidId() && method.isEmpty() && params == null && (hasResult || hasError);
  }

  boolean isSubscribe() {
    return method.endsWith("_subscribe");
  }

  boolean isUnsubscribe() {
    return method.endsWith("_unsubscribe");
  }

  /** Traffic a client sends to a client: responses and {@code *_subscription} notifications. geth drops it. */
  boolean isClientSide() {
    return isResponse() || (isNotification() && method.endsWith("_subscription"));
  }

  /** The text before the first underscore. */
  String namespace() {
    final int separator = method.indexOf('_');
    return separator < 0 ? method : method.substring(0, separator);
  }
}
