package dev.blockwire.gateway.near;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The recent NEAR blocks, oldest first, bounded in blocks and in events. Filled from the ordered
 * Kafka topic (at start-up from its retained history), so it survives gateway restarts. Not
 * thread-safe: owned by the feed's dispatch thread.
 */
final class NearHistory {

  private final int maxBlocks;
  private final int maxEvents;
  private final ArrayDeque<NearBlockView> blocks = new ArrayDeque<>();
  private int events;

  NearHistory(int maxBlocks, int maxEvents) {
    this.maxBlocks = maxBlocks;
    this.maxEvents = maxEvents;
  }

  void add(NearBlockView block) {
    blocks.addLast(block);
    events += block.events().size();
    while (blocks.size() > maxBlocks || (events > maxEvents && blocks.size() > 1)) {
      events -= blocks.removeFirst().events().size();
    }
  }

  int blockCount() {
    return blocks.size();
  }

  int eventCount() {
    return events;
  }

  /** The newest {@code count} matching events, oldest first. */
  List<NearEventView> lastMatching(NearFilter filter, NearFormat format, int count) {
    if (count <= 0) {
      return List.of();
    }
    final List<NearEventView> newestFirst = new ArrayList<>(Math.min(count, 64));
    final Iterator<NearBlockView> newestBlocks = blocks.descendingIterator();
    while (newestBlocks.hasNext() && newestFirst.size() < count) {
      final List<NearEventView> blockEvents = newestBlocks.next().events();
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
