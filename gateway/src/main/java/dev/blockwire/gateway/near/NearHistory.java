package dev.blockwire.gateway.near;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recent NEAR blocks, oldest first, bounded in blocks and in events. Filled from the ordered
 * Kafka topic (at start-up from its retained history), so it survives gateway restarts. Heights
 * strictly increase. Every block added gets the next sequence number, so a replay can hold its
 * place while blocks come and go. Not thread-safe: owned by the feed's dispatch thread.
 */
final class NearHistory {

  private final int maxBlocks;
  private final int maxEvents;
  /** A ring: the block with sequence number s is at {@code ring[s % ring.length]}. */
  private NearBlockView[] ring = new NearBlockView[64];
  private long firstSeq;
  private long endSeq;
  private int events;
  private boolean trimmed;

  NearHistory(int maxBlocks, int maxEvents) {
    this.maxBlocks = maxBlocks;
    this.maxEvents = maxEvents;
  }

  void add(NearBlockView block) {
    if (endSeq - firstSeq == ring.length) {
      grow();
    }
    ring[slot(endSeq++)] = block;
    events += block.events().size();
    while (blockCount() > maxBlocks || (events > maxEvents && blockCount() > 1)) {
      final int oldest = slot(firstSeq++);
      events -= ring[oldest].events().size();
      ring[oldest] = null;
      trimmed = true;
    }
  }

  private void grow() {
    final NearBlockView[] bigger = new NearBlockView[ring.length * 2];
    for (long seq = firstSeq; seq < endSeq; seq++) {
      bigger[(int) (seq % bigger.length)] = ring[slot(seq)];
    }
    ring = bigger;
  }

  private int slot(long seq) {
    return (int) (seq % ring.length);
  }

  int blockCount() {
    return (int) (endSeq - firstSeq);
  }

  int eventCount() {
    return events;
  }

  boolean isEmpty() {
    return endSeq == firstSeq;
  }

  /** True once a block was dropped to respect the bounds. */
  boolean trimmed() {
    return trimmed;
  }

  /** Sequence number of the oldest block held. */
  long firstSeq() {
    return firstSeq;
  }

  /** Sequence number the next block will get. */
  long endSeq() {
    return endSeq;
  }

  /** The block with this sequence number; it must be held. */
  NearBlockView get(long seq) {
    if (seq < firstSeq || seq >= endSeq) {
      throw new IndexOutOfBoundsException("block " + seq + " is not in " + firstSeq + ".." + endSeq);
    }
    return ring[slot(seq)];
  }

  /** The oldest block held, or null. */
  NearBlockView oldest() {
    return isEmpty() ? null : get(firstSeq);
  }

  /** The newest block held, or null. */
  NearBlockView newest() {
    return isEmpty() ? null : get(endSeq - 1);
  }

  /** Sequence number of the oldest held block at or above {@code height} ({@link #endSeq()} if none). */
  long seqAtOrAbove(long height) {
    long low = firstSeq;
    long high = endSeq;
    while (low < high) {
      final long mid = (low + high) >>> 1;
      if (get(mid).height() < height) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The newest {@code count} matching events, oldest first. */
  List<NearEventView> lastMatching(NearFilter filter, NearFormat format, int count) {
    if (count <= 0) {
      return List.of();
    }
    final List<NearEventView> newestFirst = new ArrayList<>(Math.min(count, 64));
    for (long seq = endSeq - 1; seq >= firstSeq && newestFirst.size() < count; seq--) {
      final List<NearEventView> blockEvents = get(seq).events();
      for (int i = blockEvents.size() - 1; i >= 0 && newestFirst.size() < count; i--) {
        if (filter.matches(blockEvents.get(i), format)) {
          newestFirst.add(blockEvents.get(i));
        }
      }
    }
    Collections.reverse(newestFirst);
    return newestFirst;
  }
}
