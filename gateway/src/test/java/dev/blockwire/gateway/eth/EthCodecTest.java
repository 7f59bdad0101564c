package dev.blockwire.gateway.eth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.blockwire.gateway.Utf8Message;
import dev.blockwire.gateway.gojson.GoJson;
import org.junit.jupiter.api.Test;

/** The JSON-RPC framing as geth reads and writes it, without a socket. */
class EthCodecTest {

  static EthCodec.Inbound decode(String text) {
    return EthCodec.decode(text.getBytes(StandardCharsets.UTF_8));
  }

  static EthMessage single(String text) {
    return ((EthCodec.Single) decode(text)).message();
  }

  static String parseError(String text) {
    return ((EthCodec.ParseError) decode(text)).frame();
  }

  @Test
  void shouldReportGoSyntaxErrorsWithGoText() {
    assertThat(parseError("'f")).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"invalid character '\\\\'' looking for beginning of value\"}}");
    assertThat(parseError("x")).contains("\"invalid character 'x' looking for beginning of value\"");
    assertThat(parseError("{\"a\" 1}")).contains("\"invalid character '1' after object key\"");
    assertThat(parseError("{\"a\":1 \"b\":2}")).contains("\"invalid character '\\\"' after object key:value pair\"");
    assertThat(parseError("[1 2]")).contains("\"invalid character '2' after array element\"");
    assertThat(parseError("[1,]")).contains("\"invalid character ']' looking for beginning of value\"");
    assertThat(parseError("{1:2}")).contains("\"invalid character '1' looking for beginning of object key string\"");
    assertThat(parseError("tru!")).contains("\"invalid character '!' in literal true (expecting 'e')\"");
    assertThat(parseError("nulx")).contains("\"invalid character 'x' in literal null (expecting 'l')\"");
    assertThat(parseError("-a")).contains("\"invalid character 'a' in numeric literal\"");
    assertThat(parseError("1.x")).contains("\"invalid character 'x' after decimal point in numeric literal\"");
    assertThat(parseError("1ex")).contains("\"invalid character 'x' in exponent of numeric literal\"");
    assertThat(parseError("\"\\x\"")).contains("\"invalid character 'x' in string escape code\"");
    assertThat(parseError("\"\\u12x4\"")).contains("\"invalid character 'x' in \\\\u hexadecimal character escape\"");
    assertThat(parseError("\"a\nb\"")).contains("\"invalid character '\\\\n' in string literal\"");
    assertThat(parseError("<")).contains("\"invalid character '\\u003c' looking for beginning of value\"");
    assertThat(parseError("é")).contains("\"invalid character 'Ã' looking for beginning of value\"");
    assertThat(parseError("[".repeat(10_001))).contains("\"invalid character '[' exceeded max depth\"");
  }

  @Test
  void shouldTreatATruncatedOrEmptyMessageAsAnEndOfInputNotASyntaxError() {
    assertThat(decode("")).isInstanceOf(EthCodec.Truncated.class);
    assertThat(decode("   ")).isInstanceOf(EthCodec.Truncated.class);
    assertThat(decode("{\"jsonrpc\":\"2.0\"")).isInstanceOf(EthCodec.Truncated.class);
    assertThat(decode("nul")).isInstanceOf(EthCodec.Truncated.class);
    assertThat(decode("\"abc")).isInstanceOf(EthCodec.Truncated.class);
  }

  @Test
  void shouldReadOnlyTheFirstValueAsGorillasReadJsonDoes() {
    final EthMessage message = single("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_chainId\"} garbage");
    assertThat(message.isCall()).isTrue();
    assertThat(message.rawId()).isEqualTo("7");
    assertThat(((EthCodec.Single) decode("12x")).message()).isEqualTo(EthMessage.EMPTY);
  }

  @Test
  void shouldKeepTheRawIdTextByteForByte() {
    for (String id : List.of("1", "\"abc\"", "null", "1.0", "1e3", "-0", "1E+3", "\"a\\u0062c\"", "true",
        "18446744073709551616", "\"<&>\"")) {
      final EthMessage message = single("{\"jsonrpc\":\"2.0\",\"id\": " + id + " ,\"method\":\"eth_chainId\"}");
      assertThat(message.rawId()).isEqualTo(id);
      assertThat(message.isCall()).isTrue();
      assertThat(EthCodec.result(message.rawId(), "\"0x1\"")).isEqualTo(
          "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"0x1\"}");
    }
  }

  @Test
  void shouldClassifyMessagesAsGeth() {
    assertThat(single("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"net_version\"}").isCall()).isTrue();
    assertThat(single("{\"jsonrpc\":\"2.0\",\"method\":\"eth_chainId\"}").isNotification()).isTrue();
    assertThat(single("{\"jsonrpc\":\"2.1\",\"id\":1,\"method\":\"eth_chainId\"}").isCall()).isFalse();
    assertThat(single("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"eth_chainId\"}").hasValidId()).isFalse();
    assertThat(single("{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"eth_chainId\"}").hasValidId()).isFalse();
    assertThat(single("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}").isClientSide()).isTrue();
    assertThat(single("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":null}").isClientSide()).isTrue();
    assertThat(single("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{}}").isClientSide()).isTrue();
    assertThat(single("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscription\"}").isClientSide()).isFalse();
    // Go matches struct fields ignoring case; the last key wins; a value of the wrong type is ignored
    final EthMessage folded = single("{\"JSONRPC\":\"2.0\",\"Id\":1,\"ID\":2,\"Method\":\"eth_chainId\",\"method\":5}");
    assertThat(folded.isCall()).isTrue();
    assertThat(folded.rawId()).isEqualTo("2");
    assertThat(folded.method()).isEqualTo("eth_chainId");
    assertThat(single("{\"jsonrpc\":\"2\\u002e0\",\"id\":1,\"method\":\"eth_chain\\u0049d\"}").method())
        .isEqualTo("eth_chainId");
    assertThat(single("1")).isEqualTo(EthMessage.EMPTY);
    assertThat(single("null")).isEqualTo(EthMessage.EMPTY);
    assertThat(single("\"eth_chainId\"")).isEqualTo(EthMessage.EMPTY);
  }

  @Test
  void shouldSplitBatchesIntoMessagesKeepingJunk() {
    final EthCodec.Batch batch = (EthCodec.Batch) decode(" [ {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}, 55, null ]");
    assertThat(batch.messages()).hasSize(3);
    assertThat(batch.messages().get(0).isCall()).isTrue();
    assertThat(batch.messages().get(1)).isEqualTo(EthMessage.EMPTY);
    assertThat(batch.messages().get(2)).isEqualTo(EthMessage.EMPTY);
    assertThat(((EthCodec.Batch) decode("[]")).messages()).isEmpty();
  }

  @Test
  void shouldWriteErrorsAsGoMarshalsThem() {
    assertThat(EthCodec.error("1", RpcError.methodNotFound("eth_<x>&\u2028"))).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":"
            + "\"the method eth_\\u003cx\\u003e\\u0026\\u2028 does not exist/is not available\"}}");
    assertThat(EthCodec.error(null, RpcError.invalidRequest())).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request\"}}");
    assertThat(EthCodec.errorWithId(null, RpcError.responseTooLarge())).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32003,\"message\":\"response too large\"}}");
    assertThat(RpcError.subscriptionNotFound("eth", "a\"b\u00a0\n").message())
        .isEqualTo("no \"a\\\"b\\u00a0\\n\" subscription in eth namespace");
    assertThat(EthCodec.quoted("tab\there\u0001\u007f")).isEqualTo("\"tab\\there\\u0001\u007f\"");
  }

  @Test
  void shouldWriteNotificationsWithTheSubscriptionPrefix() {
    final String prefix = EthCodec.notificationPrefix("0xabc");
    assertThat(EthCodec.notification(prefix, "false", null)).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"0xabc\",\"result\":false}}");
    assertThat(EthCodec.notification(prefix, "{\"a\":1}", "AQI")).isEqualTo(
        "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"0xabc\",\"result\":{\"a\":1},"
            + "\"cursor\":\"AQI\"}}");
  }

  @Test
  void shouldAssembleNotificationBytesEqualToTheTextRendering() {
    for (String id : List.of("0xabc", "0x" + "f".repeat(32))) {
      final String prefix = EthCodec.notificationPrefix(id);
      for (String result : List.of("false", "{\"a\":1}", "{\"data\":\"é日\uD83D\uDE00\"}", "x".repeat(70_000))) {
        for (String cursor : new String[] {null, "AQI", "Ab-_9z"}) {
          final String text = EthCodec.notification(prefix, result, cursor);
          final Utf8Message bytes = EthCodec.notification(prefix.getBytes(StandardCharsets.UTF_8),
              result.getBytes(StandardCharsets.UTF_8), cursor);
          assertThat(bytes.bytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
          assertThat(bytes.length()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
      }
    }
  }

  @Test
  void shouldRoundTripCursorsAndRefuseOtherText() {
    final EthCursor log = new EthCursor(EthCursor.REMOVED_LOG, 19_000_000L, "0x" + "0f".repeat(32), 312);
    assertThat(EthCursor.parse(log.encode())).isEqualTo(log);
    assertThat(log.encode()).matches("[A-Za-z0-9_-]{62}");
    final EthCursor odd = new EthCursor(EthCursor.HEAD, 5, "not-hex", 0);
    assertThat(EthCursor.parse(odd.encode())).isEqualTo(odd);
    for (String bad : List.of("", "x", "AAAA", "!!", log.encode().substring(0, 10))) {
      assertThat(EthCursor.parse(bad)).as(bad).isNull();
    }
  }

  @Test
  void shouldEncodeSubscriptionIdsAsRpcQuantities() {
    final byte[] id = new byte[16];
    assertThat(SubscriptionIds.encode(id)).isEqualTo("0x0");
    id[15] = 1;
    assertThat(SubscriptionIds.encode(id)).isEqualTo("0x1");
    id[0] = 0x0a;
    assertThat(SubscriptionIds.encode(id)).isEqualTo("0xa000000000000000000000000000001");
    final SubscriptionIds ids = new SubscriptionIds();
    for (int i = 0; i < 200; i++) {
      assertThat(ids.next()).matches("0x[1-9a-f][0-9a-f]{0,31}");
    }
  }

  @Test
  void shouldParsePositionalArgumentsAsGeth() {
    final GoJson.Value none = null;
    assertThat(EthArgs.parse(none, List.of(EthArgs.BLOCK_NUMBER)).error().message())
        .isEqualTo("missing value for required argument 0");
    assertThat(EthArgs.parse(value("{}"), List.of()).error().message()).isEqualTo("non-array args");
    assertThat(EthArgs.parse(value("null"), List.of()).ok()).isTrue();
    assertThat(EthArgs.parse(value("[1]"), List.of()).error().message()).isEqualTo("too many arguments, want at most 0");
    assertThat(EthArgs.parse(value("[\"0x1\"]"), List.of(EthArgs.BLOCK_NUMBER, EthArgs.BOOL)).error().message())
        .isEqualTo("missing value for required argument 1");
    assertThat(EthArgs.parse(value("[\"0x1\",\"x\"]"), List.of(EthArgs.BLOCK_NUMBER, EthArgs.BOOL)).error().message())
        .isEqualTo("invalid argument 1: json: cannot unmarshal string into Go value of type bool");
    assertThat(EthArgs.parse(value("[5]"), List.of(EthArgs.ID)).error().message())
        .isEqualTo("invalid argument 0: json: cannot unmarshal number into Go value of type rpc.ID");
    assertThat(blockNumberError("\"0x010\"")).isEqualTo("hex number with leading zero digits");
    assertThat(blockNumberError("\"0x\"")).isEqualTo("hex string \"0x\"");
    assertThat(blockNumberError("\"\"")).isEqualTo("empty hex string");
    assertThat(blockNumberError("5")).isEqualTo("hex string without 0x prefix");
    assertThat(blockNumberError("\"0xg\"")).isEqualTo("invalid hex string");
    assertThat(blockNumberError("\"0x10000000000000000\"")).isEqualTo("hex number > 64 bits");
    assertThat(blockNumberError("\"0x8000000000000000\"")).isEqualTo("block number larger than int64");
    assertThat(hashError("5")).isEqualTo("json: cannot unmarshal non-string into Go value of type common.Hash");
    assertThat(hashError("\"abc\"")).isEqualTo(
        "json: cannot unmarshal hex string without 0x prefix into Go value of type common.Hash");
    assertThat(hashError("\"0x12\"")).isEqualTo("hex string has length 2, want 64 for common.Hash");
  }

  static GoJson.Value value(String json) {
    final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    final GoJson.Scan scan = GoJson.scan(bytes);
    return GoJson.parse(bytes, scan.start(), scan.end());
  }

  static String blockNumberError(String json) {
    try {
      EthArgs.BLOCK_NUMBER.decode(value(json));
      return null;
    } catch (EthArgs.ArgException e) {
      return e.getMessage();
    }
  }

  static String hashError(String json) {
    try {
      EthArgs.HASH.decode(value(json));
      return null;
    } catch (EthArgs.ArgException e) {
      return e.getMessage();
    }
  }
}
