package dev.blockwire.gateway.eth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.blockwire.gateway.gojson.GoJson;

/**
 * The opt-in options parameter of our extensions (spec §9): a trailing JSON object after geth's
 * arguments. Keys are case-sensitive; an unknown key is refused so a typo is loud.
 */
final class EthOptions {

  /** The options in key order; a repeated key keeps its last value. */
  static Map<String, GoJson.Value> parse(GoJson.Value object) {
    final Map<String, GoJson.Value> options = new LinkedHashMap<>();
    for (int i = 0; i < object.keys.size(); i++) {
      options.remove(object.keys.get(i));
      options.put(object.keys.get(i), object.items.get(i));
    }
    return options;
  }

  /** {@code -32602 invalid argument N: unknown option "<key>"} for the first key not in {@code known}. */
  static RpcError check(Map<String, GoJson.Value> options, int index, String... known) {
    final Set<String> allowed = Set.of(known);
    for (String key : options.keySet()) {
      if (!allowed.contains(key)) {
        return RpcError.invalidParams("invalid argument " + index + ": unknown option " + GoJson.goQuote(key));
      }
    }
    return null;
  }

  /** A boolean option; null when absent or null. */
  static Boolean bool(Map<String, GoJson.Value> options, String key, int index) throws EthArgs.ArgException {
    final GoJson.Value value = options.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.kind == GoJson.Kind.TRUE || value.kind == GoJson.Kind.FALSE) {
      return value.kind == GoJson.Kind.TRUE;
    }
    throw new EthArgs.ArgException("invalid argument " + index + ": option " + GoJson.goQuote(key)
        + " must be true or false");
  }

  /** A string option; null when absent or null. */
  static String string(Map<String, GoJson.Value> options, String key, int index) throws EthArgs.ArgException {
    final GoJson.Value value = options.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.kind == GoJson.Kind.STRING) {
      return value.text;
    }
    throw new EthArgs.ArgException("invalid argument " + index + ": option " + GoJson.goQuote(key) + " must be a string");
  }

  /** A block number option (a tag or a hex quantity); null when absent or null. */
  static Long blockNumber(Map<String, GoJson.Value> options, String key, int index) throws EthArgs.ArgException {
    final GoJson.Value value = options.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      return EthArgs.blockNumber(value.raw());
    } catch (EthArgs.ArgException e) {
      throw new EthArgs.ArgException("invalid argument " + index + ": option " + GoJson.goQuote(key) + ": "
          + e.getMessage());
    }
  }

  private EthOptions() {}
}
