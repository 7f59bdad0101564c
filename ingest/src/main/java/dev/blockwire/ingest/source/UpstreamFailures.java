package dev.blockwire.ingest.source;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * The bookkeeping of a source whose upstream fails: since when it fails, the retry backoff, and a
 * {@link SourceDownException} once it has failed for {@code reportEvery}, renewed every such interval
 * and cleared when it answers. The source logs what each call returns, in its own words.
 *
 * <p>Used by the source thread only, except {@link #report()}, which any thread may read.
 *
 * @param <E> the source's down report
 */
public final class UpstreamFailures<E extends SourceDownException> {

  /** What {@link #failed} found: the first failure of a run, or a later one (with a new report, if due). */
  public record Failure<E>(boolean first, Duration failing, Optional<E> newReport) {
  }

  /** What {@link #answered} found after failures: how long they lasted, and whether they had been reported. */
  public record Recovery(Duration failing, boolean wasReported) {
  }

  private final Duration reportEvery;
  private final BiFunction<Duration, IOException, E> report;
  private final Backoff backoff;
  private final AtomicReference<E> current = new AtomicReference<>();
  private long failingSinceNanos = -1;
  private long lastReportNanos;

  /**
   * @param report makes the down report from how long the upstream has failed and its last error
   */
  public UpstreamFailures(Duration retryInitial, Duration retryMax, Duration reportEvery,
      BiFunction<Duration, IOException, E> report) {
    this.backoff = new Backoff(retryInitial, retryMax);
    this.reportEvery = Objects.requireNonNull(reportEvery, "reportEvery");
    this.report = Objects.requireNonNull(report, "report");
  }

  /** The down report in force, if the upstream is failing for long. */
  public Optional<E> report() {
    return Optional.ofNullable(current.get());
  }

  /** True between a failure and the next answer. */
  public boolean failing() {
    return failingSinceNanos >= 0;
  }

  /** The retry backoff: {@code next()} for the wait after a failure; reset when the upstream answers. */
  public Backoff backoff() {
    return backoff;
  }

  /** The upstream answered: clears the report and the backoff; how long it had failed, if it had. */
  public Optional<Recovery> answered() {
    Optional<Recovery> recovery = Optional.empty();
    if (failingSinceNanos >= 0) {
      final Duration failing = Duration.ofNanos(System.nanoTime() - failingSinceNanos);
      recovery = Optional.of(new Recovery(failing, current.getAndSet(null) != null));
    }
    failingSinceNanos = -1;
    backoff.reset();
    return recovery;
  }

  /** The upstream failed with {@code error}: a new report when it has failed for long and none is recent. */
  public Failure<E> failed(IOException error) {
    final long now = System.nanoTime();
    if (failingSinceNanos < 0) {
      failingSinceNanos = now;
      lastReportNanos = now;
      return new Failure<>(true, Duration.ZERO, Optional.empty());
    }
    final Duration failing = Duration.ofNanos(now - failingSinceNanos);
    if (failing.compareTo(reportEvery) >= 0
        && (current.get() == null || now - lastReportNanos >= reportEvery.toNanos())) {
      lastReportNanos = now;
      final E made = report.apply(failing, error);
      current.set(made);
      return new Failure<>(false, failing, Optional.of(made));
    }
    return new Failure<>(false, failing, Optional.empty());
  }
}
