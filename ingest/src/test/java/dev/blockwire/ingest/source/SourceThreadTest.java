package dev.blockwire.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SourceThreadTest {

  private final SourceThread lifecycle = new SourceThread("test source", LoggerFactory.getLogger(SourceThreadTest.class));

  @Test
  void shouldStartOnceAndStopWhenSignalled() throws InterruptedException {
    final CountDownLatch stop = new CountDownLatch(1);
    final AtomicInteger runs = new AtomicInteger();
    final Runnable body = () -> {
      runs.incrementAndGet();
      try {
        stop.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    assertThat(lifecycle.awaitStopped(Duration.ofMillis(1))).isTrue(); // never started
    assertThat(lifecycle.start("test-source", body)).isTrue();
    assertThat(lifecycle.start("test-source", body)).isFalse();
    assertThat(lifecycle.useCallerThread()).isFalse();
    assertThat(lifecycle.isRunning()).isTrue();
    assertThat(lifecycle.awaitStopped(Duration.ofMillis(50))).isFalse();

    assertThat(lifecycle.close(stop::countDown)).isTrue();
    assertThat(lifecycle.isRunning()).isFalse();
    assertThat(lifecycle.close(stop::countDown)).isFalse();
    assertThat(lifecycle.start("test-source", body)).isFalse();
    assertThat(runs).hasValue(1);
  }

  @Test
  void shouldInterruptAThreadThatIgnoresTheStopSignal() {
    final AtomicBoolean interrupted = new AtomicBoolean();
    final CountDownLatch running = new CountDownLatch(1);
    assertThat(lifecycle.start("test-source", () -> {
      running.countDown();
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    })).isTrue();
    final long started = System.nanoTime();
    assertThat(lifecycle.close(() -> { })).isTrue();
    assertThat(interrupted).isTrue();
    assertThat(lifecycle.isRunning()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SourceThread.GRACE.plus(SourceThread.JOIN_TIMEOUT));
  }

  @Test
  void shouldRefuseTheCallerThreadAfterClose() {
    assertThat(lifecycle.useCallerThread()).isTrue();
    assertThat(lifecycle.useCallerThread()).isTrue();
    assertThat(lifecycle.start("test-source", () -> { })).isFalse();
    assertThat(lifecycle.close(() -> { })).isTrue();
    assertThat(lifecycle.useCallerThread()).isFalse();
  }

  @Test
  void shouldFindAnInterruptionInTheCauseChain() {
    assertThat(SourceThread.isInterruption(new RuntimeException(new InterruptedIOException()))).isTrue();
    assertThat(SourceThread.isInterruption(new InterruptException("stop"))).isTrue();
    assertThat(SourceThread.isInterruption(new IllegalStateException(new RuntimeException()))).isFalse();
  }
}
