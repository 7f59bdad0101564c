package dev.blockwire.gateway.near;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;

import dev.blockwire.gateway.Json;
import org.junit.jupiter.api.Test;

/** fetch_past_events as events.near.stream computes it: min(max(parseInt(v) || 100, 0), 1000). */
class PastCountTest {

  static OptionalInt of(String json) throws Exception {
    return PastCount.of(Json.MAPPER.readTree(json));
  }

  @Test
  void shouldSendNoPastMessageForFalsyValues() throws Exception {
    assertThat(PastCount.of(null)).isEmpty();
    assertThat(of("0")).isEmpty();
    assertThat(of("0.0")).isEmpty();
    assertThat(of("\"\"")).isEmpty();
    assertThat(of("null")).isEmpty();
    assertThat(of("false")).isEmpty();
  }

  @Test
  void shouldParseNumbersAndNumericStringsAsParseIntDoes() throws Exception {
    assertThat(of("20")).hasValue(20);
    assertThat(of("20.9")).hasValue(20);
    assertThat(of("\"20\"")).hasValue(20);
    assertThat(of("\"  42abc\"")).hasValue(42);
    assertThat(of("\"0x10\"")).hasValue(16);
    assertThat(of("[5]")).hasValue(5);
  }

  @Test
  void shouldDefaultToOneHundredWhenNotNumeric() throws Exception {
    assertThat(of("true")).hasValue(100);
    assertThat(of("\"abc\"")).hasValue(100);
    assertThat(of("{}")).hasValue(100);
    assertThat(of("[]")).hasValue(100);
    assertThat(of("\"0\"")).hasValue(100); // "0" is truthy, parseInt gives 0, 0 || 100
    assertThat(of("0.5")).hasValue(100);
  }

  @Test
  void shouldClampToZeroAndOneThousand() throws Exception {
    assertThat(of("-5")).hasValue(0);
    assertThat(of("5000")).hasValue(1000);
    assertThat(of("1e21")).hasValue(1); // String(1e21) is "1e+21"
  }
}
