package dev.blockwire.processor.near;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.blockwire.processor.near.Nep297Result.Invalid;
import dev.blockwire.processor.near.Nep297Result.Valid;

/**
 * The parser keeps an event's text as logged when it is already compact instead of copying it
 * token by token: the results (valid events with their {@code event_json}, and the code and reason
 * of invalid ones) must be exactly those of the copy, for every line.
 */
class Nep297CompactTextTest {

  private static final String MINIMAL = "\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\"";

  private final Nep297Parser keeping = new Nep297Parser();
  private final Nep297Parser copying = new Nep297Parser(false);

  @Test
  void shouldKeepTheRealMainnetLinesAsTheCopyDoes() {
    for (String line : NearTestData.fixtures().values()) {
      assertSameResult(line);
      assertThat(Nep297Parser.isCompactAsWritten(line.substring(Nep297Parser.PREFIX.length()))).as(line).isTrue();
    }
  }

  @Test
  void shouldGiveTheCopysResultForEveryShapeTheParserAccepts() {
    final List<String> data = List.of("", ",\"data\":null", ",\"data\":true", ",\"data\":false", ",\"data\":0",
        ",\"data\":-0", ",\"data\":1e400", ",\"data\":-1.25E-7", ",\"data\":123456789012345678901234567890",
        ",\"data\":\"text\"", ",\"data\":[]", ",\"data\":{}", ",\"data\":[[],[{}],{\"a\":[1,2,{\"b\":null}]}]",
        ",\"data\":[{\"owner_id\":\"bob.near\",\"token_ids\":[\"1\",\"2\"],\"memo\":\"日本語 ✓ 😀 äöü\"}]",
        ",\"data\":{\"msg\":\"{\\\"receiver_id\\\":\\\"x\\\",\\\"n\\\":1}\"}",
        ",\"data\":\"a\\\\b\\\"c\\bd\\te\\nf\\fg\\rh\"", ",\"data\":\"\\u0000\\u001F\\u007f\\u0001\"",
        ",\"data\":\"\\u001f\\u00e9\\/\\u00E9\\uD83D\\uDE00\"", ",\"data\":\"\u007f\u0080\u2028\uFEFF\"",
        ",\"é\":1,\"data\":1", ",\"data\":{\"k\\u0001\":\"\\u0002\"}");
    final List<String> lines = new ArrayList<>();
    for (String tail : data) {
      lines.add("EVENT_JSON:{" + MINIMAL + tail + "}");
      lines.add("  EVENT_JSON: {" + MINIMAL + tail + "}  ");
      lines.add("EVENT_JSON:{ " + MINIMAL.replace(",", " ,\n\t") + tail.replace(":", " : ") + " }");
      lines.add("EVENT_JSON:{" + tail.replaceFirst("^,", "") + (tail.isEmpty() ? "" : ",") + MINIMAL + "}");
    }
    for (String line : lines) {
      assertSameResult(line);
    }
  }

  @Test
  void shouldGiveTheCopysResultForInvalidLines() {
    final String[] lines = {
      "EVENT_JSON:", "EVENT_JSON:{", "EVENT_JSON:{}", "EVENT_JSON:[]", "EVENT_JSON:\"x\"", "EVENT_JSON:null",
      "EVENT_JSON:{" + MINIMAL + "}x", "EVENT_JSON:{" + MINIMAL + "}{}", "EVENT_JSON:{" + MINIMAL + "}EVENT_JSON:{}",
      "EVENT_JSON:{" + MINIMAL + ",\"standard\":\"x\"}", "EVENT_JSON:{" + MINIMAL + ",\"data\":{\"a\":1,\"a\":2}}",
      "EVENT_JSON:{\"standard\":1,\"version\":\"1\",\"event\":\"e\"}",
      "EVENT_JSON:{\"standard\":\"\",\"version\":\"1\",\"event\":\"e\"}",
      "EVENT_JSON:{\"version\":\"1\",\"event\":\"e\"}", "EVENT_JSON:{" + MINIMAL + ",\"data\":\"\\uD800\"}",
      "EVENT_JSON:{" + MINIMAL + ",\"data\":\"\uD800\"}", "EVENT_JSON:{" + MINIMAL + ",\"data\":\"\\x\"}",
      "EVENT_JSON:{" + MINIMAL + ",\"data\":\"a\u0001b\"}", "EVENT_JSON:{" + MINIMAL + ",\"data\":01}",
      "EVENT_JSON:{" + MINIMAL + ",\"data\":NaN}", "EVENT_JSON:{" + MINIMAL + ",\"data\":'x'}",
      "EVENT_JSON:{" + MINIMAL + ",\"data\":[1,]}", "EVENT_JSON:{" + MINIMAL + ",}", "EVENT_JSON:{" + MINIMAL + "]",
      "EVENT_JSON:{" + MINIMAL + ",\"data\":1" + "0".repeat(1_000) + "}",
      "EVENT_JSON:{" + MINIMAL + ",\"data\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}",
      "EVENT_JSON:\uFEFF{" + MINIMAL + "}", "EVENT_JSON:{" + MINIMAL + "/* c */}",
      NearTestData.eventLineOfBytes(Nep297Parser.MAX_LOG_BYTES + 1),
    };
    for (String line : lines) {
      assertThat(keeping.parse(line)).as(line).isInstanceOf(Invalid.class);
      assertSameResult(line);
    }
  }

  /** Seeded random objects, each written compactly and in random spellings (whitespace, escapes). */
  @Test
  void shouldGiveTheCopysResultForRandomObjectsInAnySpelling() {
    final Random random = new Random(20261123L);
    int valid = 0;
    int kept = 0;
    for (int i = 0; i < 4_000; i++) {
      final boolean plain = random.nextBoolean();
      final StringBuilder json = new StringBuilder("{");
      json.append(MINIMAL);
      final int fields = random.nextInt(4);
      for (int f = 0; f < fields; f++) {
        json.append(',');
        writeString(json, "k" + f + randomText(random), random, plain);
        json.append(':');
        writeValue(json, random, plain, 0);
      }
      json.append('}');
      String text = json.toString();
      if (!plain && random.nextInt(3) == 0) {
        text = text.replace(",", random.nextBoolean() ? ", " : "\n,\t").replace("{", "{ ");
      }
      final String line = "EVENT_JSON:" + text;
      assertSameResult(line);
      if (copying.parse(line) instanceof Valid) {
        valid++;
      }
      if (Nep297Parser.isCompactAsWritten(text)) {
        kept++;
      }
    }
    assertThat(valid).isGreaterThan(3_000);
    assertThat(kept).isBetween(1_000, 3_900);
  }

  private void assertSameResult(String line) {
    assertThat(keeping.parse(line)).as(line).isEqualTo(copying.parse(line));
  }

  private static void writeValue(StringBuilder out, Random random, boolean plain, int depth) {
    switch (random.nextInt(depth > 3 ? 5 : 7)) {
      case 0 -> out.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
      case 1 -> out.append(List.of("0", "-1", "12345678901234567890123", "1.5e10", "-2.0E-3", "7e+2")
          .get(random.nextInt(6)));
      case 2, 3, 4 -> writeString(out, randomText(random), random, plain);
      case 5 -> {
        out.append('[');
        for (int i = random.nextInt(3); i > 0; i--) {
          writeValue(out, random, plain, depth + 1);
          out.append(i > 1 ? "," : "");
        }
        out.append(']');
      }
      default -> {
        out.append('{');
        final int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          writeString(out, "f" + i, random, plain);
          out.append(':');
          writeValue(out, random, plain, depth + 1);
          out.append(i < n - 1 ? "," : "");
        }
        out.append('}');
      }
    }
  }

  private static String randomText(Random random) {
    final String alphabet = "ab Z09\"\\/\b\t\n\f\r\u0000\u0001\u001f\u007féø€日😀\u2028";
    final StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      final int at = random.nextInt(alphabet.length());
      text.append(Character.isHighSurrogate(alphabet.charAt(at)) || Character.isLowSurrogate(alphabet.charAt(at))
          ? "😀" : String.valueOf(alphabet.charAt(at)));
    }
    return text.toString();
  }

  /** A JSON string; unless {@code plain}, characters are escaped in any legal way at random. */
  private static void writeString(StringBuilder out, String text, Random random, boolean plain) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      final boolean mustEscape = c == '"' || c == '\\' || c < 0x20;
      if (!mustEscape && (plain || random.nextInt(4) != 0)) {
        out.append(c);
      } else if (c == '"' || c == '\\') {
        out.append(plain || random.nextBoolean() ? "\\" + c : String.format("\\u%04x", (int) c));
      } else if (c == '/' ) {
        out.append("\\/");
      } else {
        final String shortForm = switch (c) {
          case '\b' -> "\\b";
          case '\t' -> "\\t";
          case '\n' -> "\\n";
          case '\f' -> "\\f";
          case '\r' -> "\\r";
          default -> null;
        };
        if (shortForm != null && (plain || random.nextBoolean())) {
          out.append(shortForm);
        } else {
          out.append(String.format(plain || random.nextBoolean() ? "\\u%04X" : "\\u%04x", (int) c));
        }
      }
    }
    out.append('"');
  }
}
