package dev.blockwire.bench.suite;

import java.util.concurrent.locks.LockSupport;

import org.apache.avro.specific.SpecificRecord;

import dev.blockwire.ingest.load.SyntheticChain;
import dev.blockwire.schemas.AvroSerde;

/**
 * A synthetic chain whose rate can change while a {@link dev.blockwire.ingest.load.LoadGenerator}
 * writes it: {@link #next()} waits for the block's turn at the current rate (the schedule restarts
 * after a stall rather than bursting), so the generator, paced faster than any rate asked for,
 * writes each block as soon as it is returned and stamps it then. One chain keeps its heights and
 * hashes going across rate changes, which a new generator per rate would not.
 */
final class PacedChain<B extends SpecificRecord> implements SyntheticChain<B> {

  private final SyntheticChain<B> chain;
  private final double baseRate;
  private volatile double rate;
  private long nextEmit = System.nanoTime();

  /** @param blocksPerSecond the base rate, {@code > 0} */
  PacedChain(SyntheticChain<B> chain, double blocksPerSecond) {
    this.chain = chain;
    this.baseRate = blocksPerSecond;
    this.rate = blocksPerSecond;
  }

  /** Writes at {@code multiplier} times the base rate from the next block on; 0 pauses. */
  void scale(double multiplier) {
    rate = baseRate * multiplier;
  }

  double rate() {
    return rate;
  }

  @Override
  public B next() {
    while (true) {
      final double r = rate;
      if (r <= 0) { // paused
        LockSupport.parkNanos(50_000_000L);
        nextEmit = System.nanoTime();
        continue;
      }
      final long now = System.nanoTime();
      final long period = (long) (1e9 / r);
      if (nextEmit - now > period) {
        nextEmit = now + period; // the rate went up while waiting
      }
      final long wait = nextEmit - now;
      if (wait <= 0) {
        nextEmit = Math.max(nextEmit + period, now);
        break;
      }
      LockSupport.parkNanos(Math.min(wait, 50_000_000L));
    }
    return chain.next();
  }

  @Override
  public String network() {
    return chain.network();
  }

  @Override
  public String topic() {
    return chain.topic();
  }

  @Override
  public AvroSerde<B> serde() {
    return chain.serde();
  }

  @Override
  public void stampTime(B block, long epochNanos) {
    chain.stampTime(block, epochNanos);
  }

  @Override
  public long height(B block) {
    return chain.height(block);
  }

  @Override
  public String hash(B block) {
    return chain.hash(block);
  }

  @Override
  public int eventCount(B block) {
    return chain.eventCount(block);
  }
}
