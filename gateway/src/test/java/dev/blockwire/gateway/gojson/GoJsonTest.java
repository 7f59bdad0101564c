package dev.blockwire.gateway.gojson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.Json;
import org.junit.jupiter.api.Test;

/** Go's encoding/json as both Go-served dialects (geth, flow-go) need it, without a socket. */
class GoJsonTest {

  @Test
  void shouldReportGoSyntaxErrorTextsNamingTheOffendingByte() {
    assertThat(GoJson.syntaxError("'f")).isEqualTo("invalid character '\\'' looking for beginning of value");
    assertThat(GoJson.syntaxError("x")).isEqualTo("invalid character 'x' looking for beginning of value");
    assertThat(GoJson.syntaxError("{\"a\" 1}")).isEqualTo("invalid character '1' after object key");
    assertThat(GoJson.syntaxError("{\"a\":1 \"b\":2}")).isEqualTo("invalid character '\"' after object key:value pair");
    assertThat(GoJson.syntaxError("[1 2]")).isEqualTo("invalid character '2' after array element");
    assertThat(GoJson.syntaxError("[1,]")).isEqualTo("invalid character ']' looking for beginning of value");
    assertThat(GoJson.syntaxError("{1:2}")).isEqualTo("invalid character '1' looking for beginning of object key string");
    assertThat(GoJson.syntaxError("tru!")).isEqualTo("invalid character '!' in literal true (expecting 'e')");
    assertThat(GoJson.syntaxError("nulx")).isEqualTo("invalid character 'x' in literal null (expecting 'l')");
    assertThat(GoJson.syntaxError("no")).isEqualTo("invalid character 'o' in literal null (expecting 'u')");
    assertThat(GoJson.syntaxError("fals?")).isEqualTo("invalid character '?' in literal false (expecting 'e')");
    assertThat(GoJson.syntaxError("-a")).isEqualTo("invalid character 'a' in numeric literal");
    assertThat(GoJson.syntaxError("1.x")).isEqualTo("invalid character 'x' after decimal point in numeric literal");
    assertThat(GoJson.syntaxError("1ex")).isEqualTo("invalid character 'x' in exponent of numeric literal");
    assertThat(GoJson.syntaxError("\"\\x\"")).isEqualTo("invalid character 'x' in string escape code");
    assertThat(GoJson.syntaxError("\"\\u12x4\"")).isEqualTo("invalid character 'x' in \\u hexadecimal character escape");
    assertThat(GoJson.syntaxError("\"a\nb\"")).isEqualTo("invalid character '\\n' in string literal");
    assertThat(GoJson.syntaxError("\"a\u0001b\"")).isEqualTo("invalid character '\\x01' in string literal");
    assertThat(GoJson.syntaxError("<")).isEqualTo("invalid character '<' looking for beginning of value");
    // Go reads bytes: the first byte of "é" (0xC3) is named as the rune U+00C3
    assertThat(GoJson.syntaxError("é")).isEqualTo("invalid character 'Ã' looking for beginning of value");
    assertThat(GoJson.syntaxError("[".repeat(10_001))).isEqualTo("invalid character '[' exceeded max depth");
    assertThat(GoJson.syntaxError("[".repeat(10_000))).isEqualTo("unexpected EOF");
  }

  @Test
  void shouldTellAnEmptyMessageFromATruncatedOne() {
    assertThat(GoJson.syntaxError("")).isEqualTo("EOF");
    assertThat(GoJson.syntaxError(" \t\r\n")).isEqualTo("EOF");
    for (String truncated : List.of("{\"jsonrpc\":\"2.0\"", "nul", "\"abc", "-", "1.", "1e", "[1,", " {")) {
      assertThat(GoJson.syntaxError(truncated)).as(truncated).isEqualTo("unexpected EOF");
      final GoJson.Scan scan = GoJson.scan(truncated.getBytes(StandardCharsets.UTF_8));
      assertThat(scan.unexpectedEof()).as(truncated).isTrue();
      assertThat(scan.syntaxError()).as(truncated).isNull();
      assertThat(scan.ok()).as(truncated).isFalse();
    }
    assertThat(GoJson.scan(new byte[0]).unexpectedEof()).isTrue();
  }

  @Test
  void shouldReadOnlyTheFirstValueAsADecoderDoes() {
    assertThat(GoJson.syntaxError("{\"a\":1} garbage")).isNull();
    assertThat(GoJson.syntaxError("12x")).isNull();
    assertThat(GoJson.syntaxError("  42  ")).isNull();
    final byte[] bytes = "  {\"a\":[1, \"x\"]} trailing".getBytes(StandardCharsets.UTF_8);
    final GoJson.Scan scan = GoJson.scan(bytes);
    assertThat(scan.ok()).isTrue();
    assertThat(new String(bytes, scan.start(), scan.end() - scan.start(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":[1, \"x\"]}");
    final byte[] number = "12x".getBytes(StandardCharsets.UTF_8);
    final GoJson.Scan numberScan = GoJson.scan(number);
    assertThat(GoJson.parse(number, numberScan.start(), numberScan.end()).raw()).isEqualTo("12");
  }

  @Test
  void shouldParseValuesKeepingRawSpansAndEveryKey() {
    final GoJson.Value object = value("{\"Id\":1,\"ID\": 2.50 ,\"s\":\"a\\u0062\\n\",\"arr\":[true,false,null,{}],\"n\":null}");
    assertThat(object.kind).isEqualTo(GoJson.Kind.OBJECT);
    assertThat(object.keys).containsExactly("Id", "ID", "s", "arr", "n");
    assertThat(object.field("id").raw()).isEqualTo("2.50"); // ignoring case, the last key wins
    assertThat(object.field("missing")).isNull();
    final GoJson.Value string = object.field("s");
    assertThat(string.text).isEqualTo("ab\n");
    assertThat(string.raw()).isEqualTo("\"a\\u0062\\n\"");
    assertThat(string.rawStringContent()).isEqualTo("a\\u0062\\n");
    final GoJson.Value array = object.field("arr");
    assertThat(array.items).extracting(v -> v.kind)
        .containsExactly(GoJson.Kind.TRUE, GoJson.Kind.FALSE, GoJson.Kind.NULL, GoJson.Kind.OBJECT);
    assertThat(array.items).extracting(GoJson.Value::goTypeName).containsExactly("bool", "bool", "null", "object");
    assertThat(array.items.get(2).isNull()).isTrue();
    final GoJson.Value shorter = array.withoutLast();
    assertThat(shorter.items).hasSize(3);
    assertThat(array.items).hasSize(4);
    assertThat(shorter.raw()).isEqualTo(array.raw());
    assertThat(value("[" .repeat(10_000) + "]".repeat(10_000)).kind).isEqualTo(GoJson.Kind.ARRAY);
  }

  @Test
  void shouldDecodeStringsAsGoDoesReplacingInvalidUtf8() {
    final byte[] bytes = {'"', 'a', (byte) 0xff, 'b', (byte) 0xc3, (byte) 0xa9, '\\', 'u', 'd', '8', '3', 'd', '"'};
    assertThat(GoJson.unquote(bytes, 0, bytes.length)).isEqualTo("a\uFFFDbé\uFFFD");
    final byte[] pair = "\"\\ud83d\\ude00\"".getBytes(StandardCharsets.UTF_8);
    assertThat(GoJson.unquote(pair, 0, pair.length)).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void shouldMarshalStringsAsGoWithHtmlEscaping() {
    assertThat(GoJson.marshal("eth_<x>&\u2028\u2029")).isEqualTo("\"eth_\\u003cx\\u003e\\u0026\\u2028\\u2029\"");
    assertThat(GoJson.marshal("q\"b\\s/")).isEqualTo("\"q\\\"b\\\\s/\"");
    assertThat(GoJson.marshal("tab\there\u0001\u007f")).isEqualTo("\"tab\\there\\u0001\u007f\"");
    assertThat(GoJson.marshal("\b\f\n\r\u001f")).isEqualTo("\"\\b\\f\\n\\r\\u001f\""); // Go 1.22+
    assertThat(GoJson.marshal("é\uD83D\uDE00")).isEqualTo("\"é\uD83D\uDE00\"");
    assertThat(GoJson.marshal("a\uD83Db\uDE00c\uD83D")).isEqualTo("\"a\\ufffdb\\ufffdc\\ufffd\"");
    assertThat(GoJson.marshal("\uD83D\uD83D\uDE00\uDE00")).isEqualTo("\"\\ufffd\uD83D\uDE00\\ufffd\"");
    final StringBuilder out = new StringBuilder("x:");
    assertThat(GoJson.appendMarshalled(out, "<")).isSameAs(out);
    assertThat(out.toString()).isEqualTo("x:\"\\u003c\"");
  }

  @Test
  void shouldRemarshalADecodedAnyWithSortedKeysAndFloat64Numbers() throws Exception {
    final JsonNode node = Json.MAPPER.readTree(
        "{\"b\":1,\"a\":[true,null,\"<\"],\"\u00e9\":1.50,\"A\":100000000000000000000000,\"z\":{\"y\":-0.0000001,\"x\":{}}}");
    assertThat(GoJson.marshalAny(new StringBuilder(), node).toString())
        .isEqualTo("{\"A\":1e+23,\"a\":[true,null,\"\\u003c\"],\"b\":1,\"z\":{\"x\":{},\"y\":-1e-7},\"\u00e9\":1.5}");
    assertThat(GoJson.marshalAny(new StringBuilder(), null).toString()).isEqualTo("null");
    assertThat(GoJson.keys(node)).containsExactly("b", "a", "\u00e9", "A", "z");
  }

  @Test
  void shouldSortMapKeysByUtf8BytesNotUtf16() {
    assertThat("\uFFFF".compareTo("\uD83D\uDE00")).isPositive();
    assertThat(GoJson.compareUtf8("\uFFFF", "\uD83D\uDE00")).isNegative();
    assertThat(GoJson.compareUtf8("a", "b")).isNegative();
    assertThat(GoJson.compareUtf8("B", "a")).isNegative();
    assertThat(GoJson.compareUtf8("same", "same")).isZero();
  }

  @Test
  void shouldQuoteAsGoStrconvQuote() {
    assertThat(GoJson.goQuote("a\"b\u00a0\n")).isEqualTo("\"a\\\"b\\u00a0\\n\"");
    assertThat(GoJson.goQuote("\u0007\b\f\r\t\u000b\\")).isEqualTo("\"\\a\\b\\f\\r\\t\\v\\\\\"");
    assertThat(GoJson.goQuote("\u0001\u007f")).isEqualTo("\"\\x01\\x7f\"");
    assertThat(GoJson.goQuote("é <&> \uD83D\uDE00")).isEqualTo("\"é <&> \uD83D\uDE00\"");
    assertThat(GoJson.goQuote("\u200b\uDB40\uDC01")).isEqualTo("\"\\u200b\\U000e0001\"");
    assertThat(GoJson.goQuote("\uD83D")).isEqualTo("\"\uFFFD\"");
    assertThat(GoJson.quoteChar('\'')).isEqualTo("'\\''");
    assertThat(GoJson.quoteChar('"')).isEqualTo("'\"'");
    assertThat(GoJson.quoteChar('\n')).isEqualTo("'\\n'");
    assertThat(GoJson.quoteChar(0xC3)).isEqualTo("'Ã'");
    assertThat(GoJson.quoteChar(0x80)).isEqualTo("'\\u0080'");
  }

  @Test
  void shouldNameGoTypesOfDecodedValues() throws Exception {
    final JsonNode node = Json.MAPPER.readTree("{\"s\":\"x\",\"n\":1.5,\"b\":true,\"a\":[],\"o\":{},\"z\":null}");
    assertThat(List.of("s", "n", "b", "a", "o", "z")).extracting(k -> GoJson.goType(node.get(k)))
        .containsExactly("string", "float64", "bool", "[]interface {}", "map[string]interface {}", "<nil>");
    assertThat(List.of("s", "n", "b", "a", "o")).extracting(k -> GoJson.goKind(node.get(k)))
        .containsExactly("string", "number", "bool", "array", "object");
    assertThat(GoJson.goType(null)).isEqualTo("<nil>");
  }

  @Test
  void shouldMeasureStringsInUtf8BytesAsGoLen() {
    assertThat(GoJson.goLength("")).isZero();
    assertThat(GoJson.goLength("a\u00e9\u20ac\uD83D\uDE00")).isEqualTo(1 + 2 + 3 + 4);
    assertThat(GoJson.goLength("\uD83D")).isEqualTo(3);
  }

  private static GoJson.Value value(String json) {
    final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    final GoJson.Scan scan = GoJson.scan(bytes);
    assertThat(scan.ok()).as(json).isTrue();
    return GoJson.parse(bytes, scan.start(), scan.end());
  }
}
