package dev.blockwire.ingest.source;

import java.time.Duration;
import java.util.Objects;

/** Exponential retry waits: {@code initial}, doubling up to {@code max}; back to {@code initial} on reset. */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private Duration current;

  public Backoff(Duration initial, Duration max) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    this.current = initial;
  }

  /** The wait the next retry takes (without moving on). */
  public Duration current() {
    return current;
  }

  /** The wait for this retry; the next one waits twice as long, up to {@code max}. */
  public Duration next() {
    final Duration wait = current;
    final Duration doubled = current.multipliedBy(2);
    current = doubled.compareTo(max) > 0 ? max : doubled;
    return wait;
  }

  /** After a success: the next retry waits {@code initial} again. */
  public void reset() {
    current = initial;
  }
}
