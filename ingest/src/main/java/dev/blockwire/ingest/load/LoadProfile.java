package dev.blockwire.ingest.load;

import java.util.ArrayList;
import java.util.List;

/**
 * What a synthetic chain looks like and how fast it is written.
 *
 * @param network network name written in keys and blocks (e.g. {@code near-mainnet}); never blank
 * @param blocksPerSecond blocks written per second; {@code 0} writes as fast as possible
 * @param eventsPerBlock mean events per block: NEP-297 event lines for NEAR, logs for Ethereum, events of a
 *     sealed block for Flow; {@code >= 0}
 * @param reorgEvery canonical blocks between two reorgs; {@code 0} never reorganises (NEAR blocks are
 *     final, as are Flow's finalized blocks: NEAR and Flow accept only 0)
 * @param reorgDepth blocks each reorg replaces, {@code >= 1} when {@code reorgEvery > 0}; below
 *     {@code reorgEvery}, so every reorg forks off a block written since the previous one (the
 *     processor resolves reorgs up to its window depth, 128 by default)
 * @param seed everything but the block times is a function of the seed and the other fields
 * @param blocks block records to write, orphaned ones included; {@code 0} writes until stopped
 */
public record LoadProfile(String network, double blocksPerSecond, int eventsPerBlock, int reorgEvery,
    int reorgDepth, long seed, long blocks) {

  public LoadProfile {
    final List<String> problems = problems(network, blocksPerSecond, eventsPerBlock, reorgEvery, reorgDepth, blocks);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid load profile: " + String.join("; ", problems));
    }
  }

  /** A NEAR profile: no reorgs. */
  public static LoadProfile near(double blocksPerSecond, int eventsPerBlock, long seed, long blocks) {
    return new LoadProfile("near-mainnet", blocksPerSecond, eventsPerBlock, 0, 0, seed, blocks);
  }

  /** A Flow profile: no reorgs (finalized blocks are final). */
  public static LoadProfile flow(double blocksPerSecond, int eventsPerBlock, long seed, long blocks) {
    return new LoadProfile("flow-mainnet", blocksPerSecond, eventsPerBlock, 0, 0, seed, blocks);
  }

  /** An Ethereum profile. */
  public static LoadProfile eth(double blocksPerSecond, int eventsPerBlock, int reorgEvery, int reorgDepth, long seed,
      long blocks) {
    return new LoadProfile("eth-mainnet", blocksPerSecond, eventsPerBlock, reorgEvery, reorgDepth, seed, blocks);
  }

  public LoadProfile withNetwork(String name) {
    return new LoadProfile(name, blocksPerSecond, eventsPerBlock, reorgEvery, reorgDepth, seed, blocks);
  }

  public LoadProfile withBlocks(long count) {
    return new LoadProfile(network, blocksPerSecond, eventsPerBlock, reorgEvery, reorgDepth, seed, count);
  }

  public LoadProfile withBlocksPerSecond(double rate) {
    return new LoadProfile(network, rate, eventsPerBlock, reorgEvery, reorgDepth, seed, blocks);
  }

  /** True when blocks are written at a fixed rate. */
  public boolean paced() {
    return blocksPerSecond > 0;
  }

  /** True when this profile reorganises the chain. */
  public boolean reorgs() {
    return reorgEvery > 0;
  }

  private static List<String> problems(String network, double blocksPerSecond, int eventsPerBlock, int reorgEvery,
      int reorgDepth, long blocks) {
    final List<String> problems = new ArrayList<>();
    if (network == null || network.isBlank()) {
      problems.add("network must not be empty");
    }
    if (!(blocksPerSecond >= 0) || Double.isInfinite(blocksPerSecond)) {
      problems.add("blocks per second must be a finite number >= 0: " + blocksPerSecond);
    }
    if (eventsPerBlock < 0 || eventsPerBlock > 1_000_000) {
      problems.add("events per block must be in [0, 1000000]: " + eventsPerBlock);
    }
    if (reorgEvery < 0) {
      problems.add("reorg-every must be >= 0: " + reorgEvery);
    }
    if (reorgEvery > 0 && (reorgDepth < 1 || reorgDepth >= reorgEvery)) {
      problems.add("reorg depth must be in [1, reorg-every - 1 = " + (reorgEvery - 1) + "]: " + reorgDepth);
    }
    if (reorgEvery == 0 && reorgDepth < 0) {
      problems.add("reorg depth must be >= 0: " + reorgDepth);
    }
    if (blocks < 0) {
      problems.add("blocks must be >= 0 (0 = until stopped): " + blocks);
    }
    return problems;
  }
}
