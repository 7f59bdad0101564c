package dev.blockwire.gateway.eth;

import java.util.List;
import java.util.Locale;

import dev.blockwire.gateway.gojson.GoJson;

/**
 * Positional arguments as geth parses them ({@code parsePositionalArguments} in
 * {@code rpc/json.go}), with the argument types geth's eth methods declare and their exact
 * decoding errors ({@code rpc.BlockNumber}, {@code common.Hash}, {@code bool}, {@code rpc.ID}).
 */
final class EthArgs {

  /** geth's special block numbers ({@code rpc/types.go}). */
  static final long SAFE = -4;
  static final long FINALIZED = -3;
  static final long LATEST = -2;
  static final long PENDING = -1;
  static final long EARLIEST = 0;

  /** A decoding failure; the message is Go's error text. Stackless: thrown only for client input. */
  static final class ArgException extends Exception {
    ArgException(String message) {
      super(message, null, false, false);
    }
  }

  /** One declared argument: its decoder and whether Go declares it as a pointer (optional). */
  interface Type {
    /** Decodes a present argument (a JSON null included). */
    Object decode(GoJson.Value value) throws ArgException;

    /** Pointer arguments may be missing (they are nil); others must be given. */
    default boolean optional() {
      return false;
    }
  }

  /**
   * The outcome of parsing: the values (null for missing optional ones) or the -32602 error.
   *
   * @param values one per declared argument; null when {@code error} is set
   * @param error null on success
   */
  record Parsed(Object[] values, RpcError error) {
    boolean ok() {
      return error == null;
    }
  }

  /** Parses {@code params} (Java null when absent) against {@code types}. */
  static Parsed parse(GoJson.Value params, List<Type> types) {
    final Object[] values = new Object[types.size()];
    int given = 0;
    if (params != null && !params.isNull()) {
      if (params.kind != GoJson.Kind.ARRAY) {
        return failed("non-array args");
      }
      for (GoJson.Value item : params.items) {
        if (given >= types.size()) {
          return failed("too many arguments, want at most " + types.size());
        }
        try {
          values[given] = types.get(given).decode(item);
        } catch (ArgException e) {
          return failed("invalid argument " + given + ": " + e.getMessage());
        }
        given++;
      }
    }
    for (int i = given; i < types.size(); i++) {
      if (!types.get(i).optional()) {
        return failed("missing value for required argument " + i);
      }
    }
    return new Parsed(values, null);
  }

  private static Parsed failed(String message) {
    return new Parsed(null, RpcError.invalidParams(message));
  }

  /**
   * geth's {@code parseSubscriptionName}: the first element of the params array, which must be a
   * string. Returns the name, or null with the error message in {@code error[0]}.
   */
  static String subscriptionName(GoJson.Value params, String[] error) {
    if (params == null || params.kind != GoJson.Kind.ARRAY) {
      error[0] = "non-array args";
      return null;
    }
    if (params.items.isEmpty() || params.items.get(0).kind != GoJson.Kind.STRING) {
      error[0] = "expected subscription name as first argument";
      return null;
    }
    return params.items.get(0).text;
  }

  // ---- argument types ----

  /** The subscription name, already checked to be a string. */
  static final Type NAME = value -> value.text;

  /** {@code rpc.BlockNumber}: a tag or a hex quantity; the value as geth encodes it (tags negative). */
  static final Type BLOCK_NUMBER = value -> blockNumber(value.raw());

  /** {@code common.Hash}, lower-cased. */
  static final Type HASH = value -> hash(value, null);

  /** {@code bool}: a JSON null leaves it false. */
  static final Type BOOL = value -> {
    switch (value.kind) {
      case TRUE: return Boolean.TRUE;
      case FALSE:
      case NULL: return Boolean.FALSE;
      default: throw typeError(value.goTypeName(), "bool");
    }
  };

  /** {@code *bool}: a JSON null is nil. */
  static final Type OPTIONAL_BOOL = new Type() {
    @Override
    public Object decode(GoJson.Value value) throws ArgException {
      return value.isNull() ? null : BOOL.decode(value);
    }

    @Override
    public boolean optional() {
      return true;
    }
  };

  /** {@code rpc.ID}, a Go string type: a JSON null leaves it "". */
  static final Type ID = value -> {
    switch (value.kind) {
      case STRING: return value.text;
      case NULL: return "";
      default: throw typeError(value.goTypeName(), "rpc.ID");
    }
  };

  /** {@code filters.FilterCriteria}. */
  static final Type FILTER = LogFilter::parse;

  static ArgException typeError(String jsonKind, String goType) {
    return new ArgException("json: cannot unmarshal " + jsonKind + " into Go value of type " + goType);
  }

  /** {@code rpc.BlockNumber.UnmarshalJSON} on the raw JSON text. */
  static long blockNumber(String raw) throws ArgException {
    String input = raw.trim();
    if (input.length() >= 2 && input.charAt(0) == '"' && input.charAt(input.length() - 1) == '"') {
      input = input.substring(1, input.length() - 1);
    }
    switch (input) {
      case "earliest": return EARLIEST;
      case "latest": return LATEST;
      case "pending": return PENDING;
      case "finalized": return FINALIZED;
      case "safe": return SAFE;
      default: break;
    }
    final long number = decodeUint64(input);
    if (number < 0) {
      throw new ArgException("block number larger than int64");
    }
    return number;
  }

  /**
   * {@code hexutil.DecodeUint64}; the result is the unsigned value in a long (negative above
   * {@code Long.MAX_VALUE}).
   */
  static long decodeUint64(String input) throws ArgException {
    if (input.isEmpty()) {
      throw new ArgException("empty hex string");
    }
    if (!has0xPrefix(input)) {
      throw new ArgException("hex string without 0x prefix");
    }
    final String digits = input.substring(2);
    if (digits.isEmpty()) {
      throw new ArgException("hex string \"0x\"");
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      throw new ArgException("hex number with leading zero digits");
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      final int digit = Character.digit(digits.charAt(i), 16);
      if (digit < 0 || digits.charAt(i) > 'z') {
        throw new ArgException("invalid hex string");
      }
      if (Long.compareUnsigned(value, 0x1000000000000000L) >= 0) {
        throw new ArgException("hex number > 64 bits");
      }
      value = value * 16 + digit;
    }
    return value;
  }

  static boolean has0xPrefix(String input) {
    return input.length() >= 2 && input.charAt(0) == '0' && (input.charAt(1) == 'x' || input.charAt(1) == 'X');
  }

  /**
   * {@code common.Hash.UnmarshalJSON} ({@code hexutil.UnmarshalFixedJSON}); {@code field} names the
   * struct field in type errors ({@code input.blockHash}) or is null for an argument.
   */
  static String hash(GoJson.Value value, String field) throws ArgException {
    if (value.kind != GoJson.Kind.STRING) {
      throw hashTypeError("non-string", field);
    }
    String raw = value.rawStringContent();
    if (!raw.isEmpty()) {
      if (has0xPrefix(raw)) {
        raw = raw.substring(2);
      } else {
        throw hashTypeError("hex string without 0x prefix", field);
      }
      if (raw.length() % 2 != 0) {
        throw hashTypeError("hex string of odd length", field);
      }
    }
    if (raw.length() != 64) {
      throw new ArgException("hex string has length " + raw.length() + ", want 64 for common.Hash");
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.digit(raw.charAt(i), 16) < 0 || raw.charAt(i) > 'f') {
        throw hashTypeError("invalid hex string", field);
      }
    }
    return "0x" + raw.toLowerCase(Locale.ROOT);
  }

  private static ArgException hashTypeError(String what, String field) {
    return new ArgException("json: cannot unmarshal " + what + " into Go "
        + (field == null ? "value" : "struct field " + field) + " of type common.Hash");
  }

  /**
   * {@code hexutil.Decode} of a Go string; returns the lower-cased hex digits (no prefix), or
   * throws geth's error.
   */
  static String decodeHexBytes(String input) throws ArgException {
    if (input.isEmpty()) {
      throw new ArgException("empty hex string");
    }
    if (!has0xPrefix(input)) {
      throw new ArgException("hex string without 0x prefix");
    }
    final String digits = input.substring(2);
    // Go's hex.Decode reports an invalid byte before an odd length
    for (int i = 0; i < digits.length(); i++) {
      final char c = digits.charAt(i);
      if (c > 'f' || Character.digit(c, 16) < 0) {
        throw new ArgException("invalid hex string");
      }
    }
    if (digits.length() % 2 != 0) {
      throw new ArgException("hex string of odd length");
    }
    return digits.toLowerCase(Locale.ROOT);
  }

  private EthArgs() {}
}
