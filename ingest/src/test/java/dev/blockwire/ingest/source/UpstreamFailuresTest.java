package dev.blockwire.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class UpstreamFailuresTest {

  static final class TestDownException extends SourceDownException {
    private static final long serialVersionUID = 1L;

    TestDownException(Duration down, Throwable lastError) {
      super("test upstream u", "failing", down, lastError);
    }
  }

  @Test
  void shouldDoubleTheBackoffUpToItsMaximumAndResetIt() {
    final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(300));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.current()).isEqualTo(Duration.ofMillis(300));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(300));
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(300));
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void shouldReportAnUpstreamFailingLongerThanTheIntervalUntilItAnswers() {
    final UpstreamFailures<TestDownException> failures = new UpstreamFailures<>(Duration.ofMillis(10),
        Duration.ofMillis(40), Duration.ZERO, TestDownException::new);
    assertThat(failures.answered()).isEmpty();
    assertThat(failures.failing()).isFalse();

    final UpstreamFailures.Failure<TestDownException> first = failures.failed(new IOException("refused"));
    assertThat(first.first()).isTrue();
    assertThat(first.newReport()).isEmpty();
    assertThat(failures.failing()).isTrue();
    assertThat(failures.report()).isEmpty();
    failures.backoff().next();

    final UpstreamFailures.Failure<TestDownException> second = failures.failed(new IOException("still refused"));
    assertThat(second.first()).isFalse();
    assertThat(second.newReport()).isPresent();
    assertThat(failures.report()).containsSame(second.newReport().get());
    assertThat(second.newReport().get().getMessage())
        .startsWith("test upstream u failing for ")
        .endsWith(" s (last error: java.io.IOException: still refused); retrying, no block is skipped");
    assertThat(second.newReport().get().down()).isEqualTo(second.failing());

    final UpstreamFailures.Recovery recovery = failures.answered().orElseThrow();
    assertThat(recovery.wasReported()).isTrue();
    assertThat(failures.report()).isEmpty();
    assertThat(failures.failing()).isFalse();
    assertThat(failures.backoff().current()).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void shouldNotReportBeforeTheIntervalHasPassed() {
    final UpstreamFailures<TestDownException> failures = new UpstreamFailures<>(Duration.ofMillis(10),
        Duration.ofMillis(40), Duration.ofHours(1), TestDownException::new);
    failures.failed(new IOException("refused"));
    assertThat(failures.failed(new IOException("refused")).newReport()).isEmpty();
    assertThat(failures.report()).isEmpty();
    assertThat(failures.answered().orElseThrow().wasReported()).isFalse();
  }
}
