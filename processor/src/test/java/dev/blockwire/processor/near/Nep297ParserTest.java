package dev.blockwire.processor.near;

import static dev.blockwire.processor.near.NearTestData.eventLineOfBytes;
import static dev.blockwire.processor.near.NearTestData.fixture;
import static dev.blockwire.processor.near.NearTestData.fixtureJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.blockwire.processor.near.Nep297Result.Code;
import dev.blockwire.processor.near.Nep297Result.Invalid;
import dev.blockwire.processor.near.Nep297Result.NotAnEvent;
import dev.blockwire.processor.near.Nep297Result.Valid;

class Nep297ParserTest {

  private static final String MINIMAL = "{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\"}";

  private final Nep297Parser parser = new Nep297Parser();

  // --- real mainnet lines (spec §6) ---

  @Test
  void shouldParseEveryRealMainnetLineAndKeepItsJsonByteForByte() {
    for (Map.Entry<String, String> fixture : NearTestData.fixtures().entrySet()) {
      final Nep297Result result = parser.parse(fixture.getValue());
      assertThat(result).as(fixture.getKey()).isInstanceOf(Valid.class);
      assertThat(((Valid) result).eventJson()).as(fixture.getKey())
          .isEqualTo(fixture.getValue().substring(Nep297Parser.PREFIX.length()));
    }
  }

  @Test
  void shouldReturnStandardVersionAndEventOfNftMint() {
    assertThat(parser.parse(fixture("F1_NFT_MINT")))
        .isEqualTo(new Valid("nep171", "1.2.0", "nft_mint", fixtureJson("F1_NFT_MINT")));
  }

  @Test
  void shouldAcceptNonNepStandardWithPreReleaseVersion() {
    assertThat(parser.parse(fixture("F4_DIP4_MT_WITHDRAW")))
        .isEqualTo(new Valid("dip4", "0.3.0", "mt_withdraw", fixtureJson("F4_DIP4_MT_WITHDRAW")));
  }

  @Test
  void shouldKeepEscapedJsonInsideStringsValid() throws Exception {
    final Valid valid = (Valid) parser.parse(fixture("F4_DIP4_MT_WITHDRAW"));
    final String msg = new ObjectMapper().readTree(valid.eventJson()).at("/data/0/msg").asText();
    assertThat(msg).isEqualTo(
        "{\"receiver_id\":\"2EXw7ycP6tb4Yyqm6WQxTF1zsLwR\",\"amount_native\":\"13000000000000\",\"block_number\":95193999}");
  }

  // --- not an event ---

  @Test
  void shouldSkipOrdinaryLogs() {
    assertThat(parser.parse("Transfer 100 from alice.near to bob.near")).isSameAs(NotAnEvent.INSTANCE);
    assertThat(parser.parse("")).isSameAs(NotAnEvent.INSTANCE);
    assertThat(parser.parse("   ")).isSameAs(NotAnEvent.INSTANCE);
    assertThat(parser.parse(null)).isSameAs(NotAnEvent.INSTANCE);
  }

  @Test
  void shouldMatchThePrefixCaseSensitively() {
    assertThat(parser.parse("event_json:" + MINIMAL)).isSameAs(NotAnEvent.INSTANCE);
    assertThat(parser.parse("EVENT_JSON :" + MINIMAL)).isSameAs(NotAnEvent.INSTANCE);
    assertThat(parser.parse("LOG EVENT_JSON:" + MINIMAL)).isSameAs(NotAnEvent.INSTANCE);
  }

  @Test
  void shouldNotCheckTheSizeOfOrdinaryLogs() {
    assertThat(parser.parse("x".repeat(20_000))).isSameAs(NotAnEvent.INSTANCE);
  }

  // --- whitespace ---

  @Test
  void shouldTolerateSpacesAroundTheLineAndAfterThePrefix() {
    final Valid expected = new Valid("nep171", "1.0.0", "nft_mint", MINIMAL);
    assertThat(parser.parse("  EVENT_JSON:" + MINIMAL + "  ")).isEqualTo(expected);
    assertThat(parser.parse("EVENT_JSON:   " + MINIMAL)).isEqualTo(expected);
    assertThat(parser.parse("\t\n EVENT_JSON: \n" + MINIMAL + "\r\n")).isEqualTo(expected);
  }

  @Test
  void shouldWriteTheObjectCompactly() {
    final Valid valid = (Valid) parser.parse(
        "EVENT_JSON:{ \"standard\" : \"nep171\",\n \"version\": \"1.0.0\", \"event\":\"nft_mint\", \"data\": [ 1, { \"a\" : null } ] }");
    assertThat(valid.eventJson())
        .isEqualTo("{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\",\"data\":[1,{\"a\":null}]}");
  }

  @Test
  void shouldKeepTheContractsKeyOrder() {
    final String json = "{\"data\":{\"z\":1,\"a\":2},\"event\":\"e\",\"version\":\"1\",\"standard\":\"s\"}";
    assertThat(parser.parse("EVENT_JSON:" + json)).isEqualTo(new Valid("s", "1", "e", json));
  }

  // --- invalid JSON ---

  @Test
  void shouldRejectInvalidJson() {
    assertThat(parser.parse("EVENT_JSON:invalid json")).isEqualTo(new Invalid(Code.INVALID_JSON,
        "the text after EVENT_JSON: is not valid JSON (column 1 of the JSON): Unrecognized token 'invalid': was"
            + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"));
  }

  @Test
  void shouldRejectAnEmptyEvent() {
    assertThat(parser.parse("EVENT_JSON:  ")).isEqualTo(new Invalid(Code.INVALID_JSON,
        "there is no JSON after EVENT_JSON:"));
  }

  @Test
  void shouldRejectATruncatedObject() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"nep171\",\"version\":\"1.0.0\""))
        .isEqualTo(new Invalid(Code.INVALID_JSON, "the text after EVENT_JSON: is not valid JSON (column 39 of the"
            + " JSON): Unexpected end-of-input: expected close marker for Object (start marker at [line: 1, column: 1])"));
  }

  @Test
  void shouldRejectStrayTextAfterTheObject() {
    assertThat(parser.parse("EVENT_JSON:" + MINIMAL + " trailing")).isEqualTo(new Invalid(Code.INVALID_JSON,
        "text that is not JSON follows the object (column 60 of the JSON): Unrecognized token 'trailing': was"
            + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"));
  }

  @Test
  void shouldRejectNonStandardJson() {
    assertThat(parser.parse("EVENT_JSON:{'standard':'nep171'}")).extracting(r -> ((Invalid) r).code())
        .isEqualTo(Code.INVALID_JSON);
    assertThat(parser.parse("EVENT_JSON:{\"standard\":NaN}")).extracting(r -> ((Invalid) r).code())
        .isEqualTo(Code.INVALID_JSON);
    assertThat(parser.parse("EVENT_JSON:{/* c */\"standard\":\"s\"}")).extracting(r -> ((Invalid) r).code())
        .isEqualTo(Code.INVALID_JSON);
  }

  @Test
  void shouldRejectNestingDeeperThanTheLimit() {
    final int depth = Nep297Parser.MAX_NESTING_DEPTH + 1;
    final String json = "{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":"
        + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    final Nep297Result result = parser.parse("EVENT_JSON:" + json);
    assertThat(result).isInstanceOf(Invalid.class);
    assertThat(((Invalid) result).code()).isEqualTo(Code.INVALID_JSON);
    assertThat(((Invalid) result).reason()).startsWith("the JSON after EVENT_JSON: exceeds a parser limit: ")
        .contains("1000");
  }

  @Test
  void shouldAcceptNestingAtTheLimit() {
    final int depth = Nep297Parser.MAX_NESTING_DEPTH;
    final String json = "{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":"
        + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    assertThat(parser.parse("EVENT_JSON:" + json)).isEqualTo(new Valid("s", "1", "e", json));
  }

  @Test
  void shouldRejectAnUnpairedSurrogateEscape() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":\"\\ud800x\"}"))
        .isEqualTo(new Invalid(Code.INVALID_JSON,
            "a string holds an unpaired UTF-16 surrogate (\\ud800), which has no UTF-8 form"));
  }

  // --- one value, an object ---

  @Test
  void shouldRejectTwoObjectsInOneLine() {
    assertThat(parser.parse("EVENT_JSON:" + MINIMAL + MINIMAL)).isEqualTo(new Invalid(Code.MULTIPLE_VALUES,
        "more than one JSON value follows EVENT_JSON:; NEP-297 allows one event per line"));
    assertThat(parser.parse("EVENT_JSON:" + MINIMAL + " 1")).isEqualTo(new Invalid(Code.MULTIPLE_VALUES,
        "more than one JSON value follows EVENT_JSON:; NEP-297 allows one event per line"));
  }

  @Test
  void shouldRejectTwoEventLinesInOneLog() {
    assertThat(parser.parse("EVENT_JSON:" + MINIMAL + "\nEVENT_JSON:" + MINIMAL)).isEqualTo(new Invalid(
        Code.MULTIPLE_VALUES,
        "a second EVENT_JSON: event follows the first in the same log line; NEP-297 allows one event per line"));
  }

  @Test
  void shouldRejectJsonThatIsNotAnObject() {
    assertThat(parser.parse("EVENT_JSON:[" + MINIMAL + "]")).isEqualTo(new Invalid(Code.NOT_AN_OBJECT,
        "the JSON after EVENT_JSON: is an array, not an object"));
    assertThat(parser.parse("EVENT_JSON:\"nep171\"")).isEqualTo(new Invalid(Code.NOT_AN_OBJECT,
        "the JSON after EVENT_JSON: is a string, not an object"));
    assertThat(parser.parse("EVENT_JSON:42")).isEqualTo(new Invalid(Code.NOT_AN_OBJECT,
        "the JSON after EVENT_JSON: is a number, not an object"));
    assertThat(parser.parse("EVENT_JSON:true")).isEqualTo(new Invalid(Code.NOT_AN_OBJECT,
        "the JSON after EVENT_JSON: is a boolean, not an object"));
    assertThat(parser.parse("EVENT_JSON:null")).isEqualTo(new Invalid(Code.NOT_AN_OBJECT,
        "the JSON after EVENT_JSON: is null, not an object"));
  }

  // --- required fields ---

  @Test
  void shouldRejectAMissingStandard() {
    assertThat(parser.parse("EVENT_JSON:{\"version\":\"1.0.0\",\"event\":\"nft_mint\"}"))
        .isEqualTo(new Invalid(Code.MISSING_FIELD, "\"standard\" is missing"));
  }

  @Test
  void shouldRejectAMissingVersion() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"nep171\",\"event\":\"nft_mint\",\"data\":[]}"))
        .isEqualTo(new Invalid(Code.MISSING_FIELD, "\"version\" is missing"));
  }

  @Test
  void shouldRejectAMissingEvent() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"nep171\",\"version\":\"1.0.0\"}"))
        .isEqualTo(new Invalid(Code.MISSING_FIELD, "\"event\" is missing"));
  }

  @Test
  void shouldOnlyCountTopLevelFields() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"nep171\",\"event\":\"nft_mint\",\"data\":{\"version\":\"1.0.0\"}}"))
        .isEqualTo(new Invalid(Code.MISSING_FIELD, "\"version\" is missing"));
  }

  @Test
  void shouldRejectANonStringField() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"nep171\",\"version\":1,\"event\":\"nft_mint\"}"))
        .isEqualTo(new Invalid(Code.WRONG_TYPE, "\"version\" must be a string, but it is a number"));
    assertThat(parser.parse("EVENT_JSON:{\"standard\":null,\"version\":\"1\",\"event\":\"e\"}"))
        .isEqualTo(new Invalid(Code.WRONG_TYPE, "\"standard\" must be a string, but it is null"));
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"s\",\"version\":\"1\",\"event\":{\"name\":\"e\"}}"))
        .isEqualTo(new Invalid(Code.WRONG_TYPE, "\"event\" must be a string, but it is an object"));
    assertThat(parser.parse("EVENT_JSON:{\"standard\":[\"s\"],\"version\":\"1\",\"event\":\"e\"}"))
        .isEqualTo(new Invalid(Code.WRONG_TYPE, "\"standard\" must be a string, but it is an array"));
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"s\",\"version\":true,\"event\":\"e\"}"))
        .isEqualTo(new Invalid(Code.WRONG_TYPE, "\"version\" must be a string, but it is a boolean"));
  }

  @Test
  void shouldRejectAnEmptyStringField() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"\"}"))
        .isEqualTo(new Invalid(Code.EMPTY_FIELD, "\"event\" is an empty string"));
  }

  @Test
  void shouldReportTheFirstBrokenFieldInStandardVersionEventOrder() {
    assertThat(parser.parse("EVENT_JSON:{\"event\":\"\",\"version\":2}"))
        .isEqualTo(new Invalid(Code.MISSING_FIELD, "\"standard\" is missing"));
  }

  @Test
  void shouldRejectADuplicateKey() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"nep171\",\"standard\":\"nep141\",\"version\":\"1\",\"event\":\"e\"}"))
        .isEqualTo(new Invalid(Code.DUPLICATE_KEY,
            "the key \"standard\" appears twice in one object (column 32 of the JSON)"));
  }

  @Test
  void shouldRejectADuplicateKeyInsideData() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":[{\"a\":1,\"a\":2}]}"))
        .isEqualTo(new Invalid(Code.DUPLICATE_KEY, "the key \"a\" appears twice in one object (column 61 of the JSON)"));
  }

  @Test
  void shouldAllowTheSameKeyInDifferentObjects() {
    final String json = "{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":[{\"a\":1},{\"a\":2}]}";
    assertThat(parser.parse("EVENT_JSON:" + json)).isEqualTo(new Valid("s", "1", "e", json));
  }

  // --- data ---

  @Test
  void shouldAcceptAnEventWithoutData() {
    assertThat(parser.parse("EVENT_JSON:" + MINIMAL)).isEqualTo(new Valid("nep171", "1.0.0", "nft_mint", MINIMAL));
  }

  @Test
  void shouldAcceptDataOfAnyType() {
    for (String data : List.of("{\"owner_id\":\"bob.near\"}", "[]", "\"x\"", "7", "null", "false")) {
      final String json = "{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":" + data + "}";
      assertThat(parser.parse("EVENT_JSON:" + json)).as(data).isEqualTo(new Valid("s", "1", "e", json));
    }
  }

  // --- precision and text ---

  @Test
  void shouldKeepNumberLiteralsExactlyAsWritten() {
    final String json = "{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":{\"huge\":1e400,"
        + "\"big\":123456789012345678901234567890,\"neg\":-0,\"scale\":1.50,\"exp\":1E5,\"tiny\":4.9e-324,"
        + "\"frac\":0.1000000000000000055511151231257827}}";
    assertThat(parser.parse("EVENT_JSON:" + json)).isEqualTo(new Valid("s", "1", "e", json));
  }

  @Test
  void shouldKeepAThousandDigitNumber() {
    final String json = "{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":[" + "9".repeat(1000)
        + ",-0." + "1".repeat(997) + "]}";
    assertThat(parser.parse("EVENT_JSON:" + json)).isEqualTo(new Valid("s", "1", "e", json));
  }

  @Test
  void shouldRejectANumberLongerThanConsumersCanRead() {
    final Nep297Result result = parser.parse(
        "EVENT_JSON:{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":" + "9".repeat(1001) + "}");
    assertThat(result).isInstanceOf(Invalid.class);
    assertThat(((Invalid) result).code()).isEqualTo(Code.INVALID_JSON);
    assertThat(((Invalid) result).reason()).startsWith("the JSON after EVENT_JSON: exceeds a parser limit: ")
        .contains("1001").contains("1000");
  }

  @Test
  void shouldKeepUnicodeText() {
    final String json = "{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\","
        + "\"data\":[{\"owner_id\":\"ñandú.near\",\"memo\":\"日本語 🎉 Ünïcödé\",\"clé\":\"\u00a0\"}]}";
    assertThat(parser.parse("EVENT_JSON:" + json)).isEqualTo(new Valid("nep171", "1.0.0", "nft_mint", json));
  }

  @Test
  void shouldDecodeUnicodeEscapesAndKeepControlCharactersEscaped() {
    final Valid valid = (Valid) parser.parse(
        "EVENT_JSON:{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":\"caf\\u00e9 \\ud83c\\udf89 \\\"q\\\" \\\\ \\/ \\n\\t\\u0001\"}");
    assertThat(valid.eventJson()).isEqualTo(
        "{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\",\"data\":\"café 🎉 \\\"q\\\" \\\\ / \\n\\t\\u0001\"}");
  }

  @Test
  void shouldReturnUnicodeInStandardVersionAndEvent() {
    assertThat(parser.parse("EVENT_JSON:{\"standard\":\"n\\u00e9p\",\"version\":\"1\",\"event\":\"mînt\"}"))
        .isEqualTo(new Valid("nép", "1", "mînt", "{\"standard\":\"nép\",\"version\":\"1\",\"event\":\"mînt\"}"));
  }

  // --- size ---

  @Test
  void shouldAcceptALineOfExactly16384Bytes() {
    final String line = eventLineOfBytes(16_384);
    assertThat(line.length()).isLessThan(16_384); // the limit is in bytes, not chars
    assertThat(parser.parse(line)).isEqualTo(
        new Valid("nep171", "1.0.0", "nft_mint", line.substring(Nep297Parser.PREFIX.length())));
  }

  @Test
  void shouldRejectALineOf16385Bytes() {
    assertThat(parser.parse(eventLineOfBytes(16_385))).isEqualTo(new Invalid(Code.LOG_TOO_LARGE,
        "the log line is 16385 bytes of UTF-8, more than the 16384 bytes NEAR allows"));
  }

  @Test
  void shouldCountSurroundingSpacesInTheLineSize() {
    assertThat(parser.parse(" " + eventLineOfBytes(16_384))).isEqualTo(new Invalid(Code.LOG_TOO_LARGE,
        "the log line is 16385 bytes of UTF-8, more than the 16384 bytes NEAR allows"));
  }

  @Test
  void shouldMeasureUtf8LikeTheJdk() {
    for (String text : List.of("", "abc", "é", "日本🎉", "é".repeat(6000), "日本".repeat(3000), "🎉".repeat(3000),
        "a\ud800b".repeat(3000), "\udc00".repeat(6000))) {
      assertThat(Nep297Parser.utf8Length(text)).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
  }

  // --- thread safety ---

  @Test
  void shouldParseConcurrentlyFromOneInstance() throws Exception {
    final ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      final List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 2_000; i++) {
            for (Map.Entry<String, String> fixture : NearTestData.fixtures().entrySet()) {
              final Valid valid = (Valid) parser.parse(fixture.getValue());
              if (!valid.eventJson().equals(fixture.getValue().substring(11))) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
