package dev.blockwire.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.blockwire.config.Setting;

class SourceSettingsTest {

  private static final Setting<OptionalLong> START = SourceSettings.optionalHeight("x.start-height", "start");
  private static final Setting<OptionalLong> END = SourceSettings.optionalHeight("x.end-height", "end");
  private static final Setting<Long> INITIAL = Setting.longInteger("x.retry-initial-ms", 1, 1, 10, "initial");
  private static final Setting<Long> MAX = Setting.longInteger("x.retry-max-ms", 1, 1, 10, "max");

  @Test
  void shouldParseAnOptionalHeight() {
    assertThat(START.parser().apply(" ")).isEmpty();
    assertThat(START.parser().apply(" 42 ")).hasValue(42);
    assertThatThrownBy(() -> START.parser().apply("0x10")).hasMessage("not a block height: \"0x10\"");
    assertThatThrownBy(() -> START.parser().apply("-1")).hasMessage("a block height is >= 0: -1");
  }

  @Test
  void shouldAcceptOnlyTheGivenSchemesWithAHost() {
    assertThat(SourceSettings.url(" https://node:8080/v1 ", List.of("http", "https"), "http(s)://HOST"))
        .isEqualTo(URI.create("https://node:8080/v1"));
    assertThatThrownBy(() -> SourceSettings.url("ws://node", List.of("http", "https"), "http(s)://HOST"))
        .hasMessage("expected http(s)://HOST but found \"ws://node\"");
    assertThatThrownBy(() -> SourceSettings.url("http:///nohost", List.of("http"), "http://HOST"))
        .hasMessage("expected http://HOST but found \"http:///nohost\"");
    assertThatThrownBy(() -> SourceSettings.url("http://a b", List.of("http"), "http://HOST"))
        .hasMessage("not a URL: \"http://a b\"");
  }

  @Test
  void shouldCollectEveryProblemBeforeThrowing() {
    final List<String> problems = new ArrayList<>();
    SourceSettings.requireText(" ", "topic", problems);
    SourceSettings.requirePositive(Duration.ZERO, "pollInterval", problems);
    SourceSettings.requireOrdered(OptionalLong.of(20), OptionalLong.of(10), START, END, problems);
    SourceSettings.requireOrdered(OptionalLong.empty(), OptionalLong.of(10), START, END, problems);
    SourceSettings.requireRetryRange(Duration.ofMillis(500), Duration.ofMillis(100), INITIAL, MAX, problems);
    SourceSettings.requireRetryRange(Duration.ofMillis(100), Duration.ofMillis(100), INITIAL, MAX, problems);
    assertThat(problems).containsExactly("topic must not be blank", "pollInterval must be positive: PT0S",
        "x.end-height 10 is below x.start-height 20", "x.retry-max-ms 100 is below x.retry-initial-ms 500");
    assertThatThrownBy(() -> SourceSettings.throwIfAny(problems, "test configuration"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid test configuration:\n  topic must not be blank\n  pollInterval must be positive: PT0S\n"
            + "  x.end-height 10 is below x.start-height 20\n  x.retry-max-ms 100 is below x.retry-initial-ms 500");
    SourceSettings.throwIfAny(List.of(), "test configuration"); // nothing to report
  }
}
