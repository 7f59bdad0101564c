package dev.blockwire.processor;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ThreadReplacementPolicyTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ThreadReplacementPolicy policy = new ThreadReplacementPolicy(2, Duration.ofMinutes(1), now::get);
  private final RuntimeException failure = new RuntimeException("thread died (expected by this test)");

  @Test
  void shouldReplaceDeadThreadsUpToTheLimit() {
    assertThat(policy.handle(failure)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(failure)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(failure)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldForgetFailuresOlderThanTheWindow() {
    assertThat(policy.handle(failure)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.handle(failure)).isEqualTo(REPLACE_THREAD);
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    assertThat(policy.handle(failure)).isEqualTo(REPLACE_THREAD);
  }
}
