package dev.blockwire.processor.near;

import java.io.IOException;
import java.io.StringWriter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import dev.blockwire.processor.near.Nep297Result.Code;
import dev.blockwire.processor.near.Nep297Result.Invalid;
import dev.blockwire.processor.near.Nep297Result.NotAnEvent;
import dev.blockwire.processor.near.Nep297Result.Valid;

/**
 * Parses one NEAR log line as a NEP-297 event ({@code EVENT_JSON:{...}}), with our validation
 * rules (spec near-events.md, items 13-15):
 *
 * <ol>
 *   <li>The whole line is stripped, then must start with {@code EVENT_JSON:} (case-sensitive);
 *       otherwise it is an ordinary log ({@link NotAnEvent}).
 *   <li>The line is at most {@value #MAX_LOG_BYTES} bytes of UTF-8 (NEAR's own log limit).
 *   <li>The text after the prefix, stripped, is exactly one JSON value, and it is an object with
 *       no repeated key at any depth.
 *   <li>{@code standard}, {@code version} and {@code event} are present, strings, and not empty;
 *       {@code data} is optional and may be of any type.
 * </ol>
 *
 * <p>The object is re-serialized compactly by a streaming token copy: key order, number literals
 * (such as {@code 1e400} or 30-digit integers) and non-ASCII text stay as the contract wrote them;
 * nothing goes through a {@code double}. Only the whitespace and the spelling of string escapes may
 * change ({@code "\u00e9"} becomes {@code "é"}). Nearly every contract logs its event in exactly
 * that form already (compact, escapes as Jackson writes them): such text is kept as it is, after the
 * validating parse, instead of being copied ({@link #isCompactAsWritten}); the result is the same.
 *
 * <p>Thread-safe and stateless: one JSON factory, configured once, is shared by every call.
 */
public final class Nep297Parser {

  /** The case-sensitive prefix of an event log line. */
  public static final String PREFIX = "EVENT_JSON:";
  /** NEAR's {@code max_total_log_length}: no valid log line is longer, in bytes of UTF-8. */
  public static final int MAX_LOG_BYTES = 16_384;
  /**
   * Deeper JSON is refused. This and {@link #MAX_NUMBER_LENGTH} are Jackson's default
   * {@code StreamReadConstraints}, so every accepted {@code event_json} parses in any consumer
   * that uses a default-configured Jackson (the gateway does).
   */
  public static final int MAX_NESTING_DEPTH = 1_000;
  /** Longer number literals (in characters) are refused; see {@link #MAX_NESTING_DEPTH}. */
  public static final int MAX_NUMBER_LENGTH = 1_000;

  private static final String[] REQUIRED_FIELDS = {"standard", "version", "event"};
  private static final String DUPLICATE_MESSAGE_PREFIX = "Duplicate field '";

  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      // Field names come from untrusted contracts: canonicalize per parse, never String.intern().
      .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNumberLength(MAX_NUMBER_LENGTH)
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .build())
      .build();

  private final boolean keepCompactText;

  public Nep297Parser() {
    this(true);
  }

  /**
   * @param keepCompactText false copies every object token by token, even one already in its
   *     compact form (the reference the tests compare the kept text with)
   */
  Nep297Parser(boolean keepCompactText) {
    this.keepCompactText = keepCompactText;
  }

  /**
   * Classifies one log line.
   *
   * @param line a log line as the receipt wrote it; null is treated as an ordinary (empty) log
   * @return never null; never throws for any input
   */
  public Nep297Result parse(String line) {
    if (line == null) {
      return NotAnEvent.INSTANCE;
    }
    final String stripped = line.strip();
    if (!stripped.startsWith(PREFIX)) {
      return NotAnEvent.INSTANCE;
    }
    // At most 3 bytes per char: short lines (nearly all) need no count.
    if ((long) line.length() * 3 > MAX_LOG_BYTES) {
      final long bytes = utf8Length(line);
      if (bytes > MAX_LOG_BYTES) {
        return invalid(Code.LOG_TOO_LARGE, "the log line is " + bytes
            + " bytes of UTF-8, more than the " + MAX_LOG_BYTES + " bytes NEAR allows");
      }
    }
    final String json = stripped.substring(PREFIX.length()).strip();
    if (json.isEmpty()) {
      return invalid(Code.INVALID_JSON, "there is no JSON after " + PREFIX);
    }
    final boolean keep = keepCompactText && isCompactAsWritten(json);
    try (JsonParser parser = JSON.createParser(json)) {
      final Nep297Result result = parseObject(parser, json, keep);
      if (keep && result instanceof Valid && parser.currentLocation().getCharOffset() != json.length()) {
        return new Nep297Parser(false).parse(line); // not reached: a valid object spans the stripped text
      }
      return result;
    } catch (StreamConstraintsException e) {
      return invalid(Code.INVALID_JSON, "the JSON after " + PREFIX + " exceeds a parser limit: "
          + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      return fromParseError(e);
    } catch (IOException | RuntimeException e) {
      // Parsing a String does no I/O; a RuntimeException would be a Jackson bug on odd input.
      return invalid(Code.INVALID_JSON, "the JSON after " + PREFIX + " could not be read: " + e);
    }
  }

  /** @param keep true when {@code json} is already compact: validate only, and keep the text */
  private static Nep297Result parseObject(JsonParser parser, String json, boolean keep) throws IOException {
    final JsonToken first = parser.nextToken();
    if (first != JsonToken.START_OBJECT) {
      return invalid(Code.NOT_AN_OBJECT,
          "the JSON after " + PREFIX + " is " + describe(first) + ", not an object");
    }
    final RequiredFields required = new RequiredFields();
    final String eventJson;
    if (keep) {
      copyObject(parser, null, required);
      eventJson = json;
    } else {
      final StringWriter out = new StringWriter(json.length());
      try (JsonGenerator generator = JSON.createGenerator(out)) {
        copyObject(parser, generator, required);
      }
      eventJson = out.toString();
    }
    final Invalid trailing = checkNothingFollows(parser, json);
    if (trailing != null) {
      return trailing;
    }
    final Invalid missing = required.check();
    if (missing != null) {
      return missing;
    }
    final int surrogate = firstUnpairedSurrogate(eventJson);
    if (surrogate >= 0) {
      return invalid(Code.INVALID_JSON, "a string holds an unpaired UTF-16 surrogate ("
          + String.format("\\u%04x", (int) eventJson.charAt(surrogate)) + "), which has no UTF-8 form");
    }
    return new Valid(required.value(0), required.value(1), required.value(2), eventJson);
  }

  /**
   * Reads the object whose START_OBJECT was just read to its end, noting the top-level required
   * fields, and copies its tokens to {@code generator} unless it is null.
   */
  private static void copyObject(JsonParser parser, JsonGenerator generator, RequiredFields required)
      throws IOException {
    if (generator != null) {
      generator.writeStartObject();
    }
    int depth = 1;
    int pendingField = -1;
    while (depth > 0) {
      final JsonToken token = parser.nextToken();
      if (token == null) {
        throw new IOException("end of input inside the object"); // Jackson reports this first
      }
      if (pendingField >= 0) {
        required.note(pendingField, token, parser);
        pendingField = -1;
      }
      switch (token) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        case FIELD_NAME -> {
          if (depth == 1) {
            pendingField = RequiredFields.indexOf(parser.currentName());
          }
        }
        default -> { }
      }
      if (generator != null) {
        copyToken(parser, token, generator);
      }
    }
  }

  private static void copyToken(JsonParser parser, JsonToken token, JsonGenerator generator) throws IOException {
    switch (token) {
      case START_OBJECT -> generator.writeStartObject();
      case START_ARRAY -> generator.writeStartArray();
      case END_OBJECT -> generator.writeEndObject();
      case END_ARRAY -> generator.writeEndArray();
      case FIELD_NAME -> generator.writeFieldName(parser.currentName());
      case VALUE_STRING ->
          generator.writeString(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
      // The literal as written: never parsed into a double, BigDecimal or BigInteger.
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
      case VALUE_TRUE -> generator.writeBoolean(true);
      case VALUE_FALSE -> generator.writeBoolean(false);
      case VALUE_NULL -> generator.writeNull();
      default -> generator.copyCurrentEvent(parser);
    }
  }

  /**
   * Whether the token copy of {@code json}, if it is one valid JSON value, would be {@code json}
   * itself: no whitespace (or any other character but JSON's own) outside strings, and every string
   * escape spelled as Jackson writes it: {@code \" \\ \b \t \n \f \r}, and <code>&#92;u00XX</code>
   * (upper-case hex) for the other control characters. Raw text in strings, non-ASCII included, is
   * written as read. Says nothing about validity: the parse decides that.
   */
  static boolean isCompactAsWritten(String json) {
    final int length = json.length();
    boolean inString = false;
    for (int i = 0; i < length; i++) {
      final char c = json.charAt(i);
      if (!inString) {
        if (c == '"') {
          inString = true;
        } else if (c <= ' ' || c >= 0x7f) {
          return false;
        }
      } else if (c == '"') {
        inString = false;
      } else if (c == '\\') {
        if (i + 1 >= length) {
          return false;
        }
        final char escaped = json.charAt(++i);
        switch (escaped) {
          case '"', '\\', 'b', 't', 'n', 'f', 'r' -> { }
          case 'u' -> {
            if (i + 4 >= length || json.charAt(i + 1) != '0' || json.charAt(i + 2) != '0') {
              return false;
            }
            final char high = json.charAt(i + 3);
            final int low = upperHexDigit(json.charAt(i + 4));
            if ((high != '0' && high != '1') || low < 0) {
              return false;
            }
            final int value = (high - '0') * 16 + low;
            if (value == '\b' || value == '\t' || value == '\n' || value == '\f' || value == '\r') {
              return false; // Jackson writes these short
            }
            i += 4;
          }
          default -> {
            return false; // such as \/ or an escaped é: Jackson writes them otherwise
          }
        }
      } else if (c < ' ') {
        return false; // not valid JSON; the parse will say so
      }
    }
    return !inString;
  }

  private static int upperHexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Anything after the object: a second value (or a second event line) or stray text. */
  private static Invalid checkNothingFollows(JsonParser parser, String json) throws IOException {
    final long end = parser.currentLocation().getCharOffset();
    if (end < 0 || end >= json.length()) {
      return null;
    }
    final String rest = json.substring((int) end).strip();
    if (rest.isEmpty()) {
      return null;
    }
    if (rest.startsWith(PREFIX)) {
      return invalid(Code.MULTIPLE_VALUES, "a second " + PREFIX
          + " event follows the first in the same log line; NEP-297 allows one event per line");
    }
    try {
      if (parser.nextToken() != null) {
        return invalid(Code.MULTIPLE_VALUES, "more than one JSON value follows " + PREFIX
            + "; NEP-297 allows one event per line");
      }
      return null;
    } catch (StreamConstraintsException e) {
      return invalid(Code.MULTIPLE_VALUES, "more than one JSON value follows " + PREFIX
          + "; NEP-297 allows one event per line");
    } catch (JsonProcessingException e) {
      return invalid(Code.INVALID_JSON, "text that is not JSON follows the object"
          + at(e.getLocation()) + ": " + cleanMessage(e));
    }
  }

  private static Invalid fromParseError(JsonProcessingException e) {
    final String message = e.getOriginalMessage();
    if (message != null && message.startsWith(DUPLICATE_MESSAGE_PREFIX) && message.endsWith("'")) {
      final String key = message.substring(DUPLICATE_MESSAGE_PREFIX.length(), message.length() - 1);
      return invalid(Code.DUPLICATE_KEY, "the key " + quote(key) + " appears twice in one object"
          + at(e.getLocation()));
    }
    return invalid(Code.INVALID_JSON, "the text after " + PREFIX + " is not valid JSON"
        + at(e.getLocation()) + ": " + cleanMessage(e));
  }

  /** Jackson's message without the "[Source: REDACTED ...; " noise of nested locations. */
  private static String cleanMessage(JsonProcessingException e) {
    final String message = e.getOriginalMessage();
    return message == null ? e.getClass().getSimpleName() : message.replaceAll("\\[Source: [^;\\]]*; ", "[");
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getColumnNr() < 1) {
      return "";
    }
    return location.getLineNr() > 1
        ? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + " of the JSON)"
        : " (column " + location.getColumnNr() + " of the JSON)";
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "empty";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }

  private static String quote(String text) {
    return '"' + text + '"';
  }

  private static Invalid invalid(Code code, String reason) {
    return new Invalid(code, reason);
  }

  /** Bytes of {@code text} in UTF-8, as {@code getBytes(UTF_8)} would produce, without copying. */
  static long utf8Length(String text) {
    final int length = text.length();
    long bytes = length;
    for (int i = 0; i < length; i++) {
      final char c = text.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 2; // a pair is 4 bytes for 2 chars
        i++;
      } else if (!Character.isSurrogate(c)) {
        bytes += 2;
      } // an unpaired surrogate is encoded as '?': 1 byte
    }
    return bytes;
  }

  private static int firstUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else {
        return i;
      }
    }
    return -1;
  }

  /** The top-level {@code standard}, {@code version}, {@code event} as seen during the copy. */
  private static final class RequiredFields {
    private final String[] values = new String[REQUIRED_FIELDS.length];
    private final String[] wrongTypes = new String[REQUIRED_FIELDS.length];

    static int indexOf(String name) {
      for (int i = 0; i < REQUIRED_FIELDS.length; i++) {
        if (REQUIRED_FIELDS[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }

    void note(int field, JsonToken valueToken, JsonParser parser) throws IOException {
      if (valueToken == JsonToken.VALUE_STRING) {
        values[field] = parser.getText();
      } else {
        wrongTypes[field] = describe(valueToken);
      }
    }

    String value(int field) {
      return values[field];
    }

    Invalid check() {
      for (int i = 0; i < REQUIRED_FIELDS.length; i++) {
        final String name = quote(REQUIRED_FIELDS[i]);
        if (wrongTypes[i] != null) {
          return invalid(Code.WRONG_TYPE, name + " must be a string, but it is " + wrongTypes[i]);
        }
        if (values[i] == null) {
          return invalid(Code.MISSING_FIELD, name + " is missing");
        }
        if (values[i].isEmpty()) {
          return invalid(Code.EMPTY_FIELD, name + " is an empty string");
        }
      }
      return null;
    }
  }
}
