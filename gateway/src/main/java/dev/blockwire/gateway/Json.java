package dev.blockwire.gateway;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The gateway's one JSON mapper and the small text helpers its codecs share. Numbers are read
 * exactly (BigDecimal/BigInteger) so values the client or a contract wrote are never rounded.
 */
public final class Json {

  /** Configured once; never reconfigured after class initialisation. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION);

  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

  /** Appends {@code value} as a quoted, escaped JSON string. */
  public static StringBuilder appendQuoted(StringBuilder out, String value) {
    out.append('"');
    ENCODER.quoteAsString(value, out);
    return out.append('"');
  }

  /** Appends {@code value} as a JSON string, or {@code null}. */
  public static StringBuilder appendQuotedOrNull(StringBuilder out, String value) {
    return value == null ? out.append("null") : appendQuoted(out, value);
  }

  /** Compact JSON text of a tree, numbers exactly as parsed. */
  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /**
   * JavaScript's {@code Number.prototype.toString()} for a finite double: the shortest digits
   * that read back as the same double, in plain notation from 1e-6 up to 1e21 (as
   * events.near.stream prints {@code blockTimestampMs}). JDK 17's Double.toString is not always
   * the shortest, hence the search.
   */
  public static String jsNumber(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    if (value == 0) {
      return "0";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    final BigDecimal exact = new BigDecimal(value);
    BigDecimal shortest = exact;
    for (int precision = 1; precision <= 17; precision++) {
      final BigDecimal candidate = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == value) {
        shortest = candidate;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    final int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent >= -6 && exponent < 21) {
      return shortest.toPlainString();
    }
    // Exponent form as JS writes it: d.ddde+x / d.ddde-x
    final String digits = shortest.unscaledValue().abs().toString();
    final StringBuilder out = new StringBuilder();
    if (shortest.signum() < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    return out.append('e').append(exponent > 0 ? "+" : "-").append(Math.abs(exponent)).toString();
  }

  private Json() {}
}
