package dev.blockwire.ingest.load;

import org.apache.avro.specific.SpecificRecord;

import dev.blockwire.schemas.AvroSerde;

/**
 * One network's synthetic chain as a {@link LoadGenerator} writes it: an endless sequence of raw
 * blocks in write order (for a chain with reorgs, orphaned branches included, as a node-following
 * source writes them). NEAR ({@link NearLoadChain}), Ethereum ({@link EthLoadChain}) and Flow
 * ({@link FlowLoadChain}) plug in here; another chain adds an implementation and a {@link LoadChains} entry, and pacing, stamping
 * and writing are shared.
 *
 * <p>Deterministic: the blocks {@link #next()} returns are a function of the {@link LoadProfile}
 * (seed included), with block times on a synthetic clock. The generator then stamps each block
 * with the wall clock at emission ({@link #stampTime}), so latency can be measured from it.
 *
 * <p>Not thread-safe: one writer owns it.
 *
 * @param <B> the raw block record
 */
public interface SyntheticChain<B extends SpecificRecord> {

  /** The network written in every key and block. */
  String network();

  /** The raw topic a source of this chain writes (e.g. {@code near.blocks.raw}). */
  String topic();

  /** The serde of the block records. */
  AvroSerde<B> serde();

  /** The next block in write order: a new record, never shared. */
  B next();

  /**
   * Sets a block's time to {@code epochNanos} (rounded to the chain's resolution) everywhere the
   * block carries it; called once per block, before it is written.
   */
  void stampTime(B block, long epochNanos);

  /** The block's height (number). */
  long height(B block);

  /** The block's hash. */
  String hash(B block);

  /** The events the block carries: NEP-297 event lines (valid or not) for NEAR, logs for Ethereum, events for Flow. */
  int eventCount(B block);
}
