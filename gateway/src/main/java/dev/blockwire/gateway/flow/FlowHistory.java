package dev.blockwire.gateway.flow;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowTransactionResult;

/**
 * The recent updates of flow.chain in a ring, numbered by a sequence (0, 1, 2, …), with indexes
 * by block id, finalized height and transaction id. Not thread-safe: the feed's dispatch thread owns it.
 */
final class FlowHistory {

  private final FlowBlockView[] ring;
  private long firstSeq;
  private long nextSeq;
  private final Map<String, Long> heightById = new HashMap<>();
  private final NavigableMap<Long, Long> seqByFinalizedHeight = new TreeMap<>();
  private final Map<String, Long> firstSeqByTransaction = new HashMap<>();
  private long latestFinalized = -1;
  private long latestSealed = -1;
  private FlowBlockView latestFinalizedView;
  private FlowBlockView latestSealedView;

  FlowHistory(int capacity) {
    this.ring = new FlowBlockView[capacity];
  }

  long firstSeq() {
    return firstSeq;
  }

  /** The sequence number the next update gets. */
  long nextSeq() {
    return nextSeq;
  }

  boolean isEmpty() {
    return nextSeq == firstSeq;
  }

  FlowBlockView get(long seq) {
    if (seq < firstSeq || seq >= nextSeq) {
      throw new IndexOutOfBoundsException("seq " + seq + " outside [" + firstSeq + ", " + nextSeq + ")");
    }
    return ring[(int) (seq % ring.length)];
  }

  void add(FlowBlockView view) {
    if (nextSeq - firstSeq == ring.length) {
      evict(ring[(int) (firstSeq % ring.length)]);
      firstSeq++;
    }
    ring[(int) (nextSeq % ring.length)] = view;
    nextSeq++;
    heightById.put(view.id(), view.height());
    if (view.status() == FlowBlockStatus.FINALIZED) {
      seqByFinalizedHeight.put(view.height(), view.seq());
      if (view.height() > latestFinalized) {
        latestFinalized = view.height();
        latestFinalizedView = view;
      }
    } else if (view.height() > latestSealed) {
      latestSealed = view.height();
      latestSealedView = view;
    }
    for (FlowTransactionResult result : view.transactionResults()) {
      firstSeqByTransaction.putIfAbsent(result.getTransactionId(), view.seq());
    }
  }

  private void evict(FlowBlockView view) {
    if (view.status() == FlowBlockStatus.FINALIZED) {
      seqByFinalizedHeight.remove(view.height(), view.seq());
    } else {
      heightById.remove(view.id());
    }
    for (FlowTransactionResult result : view.transactionResults()) {
      firstSeqByTransaction.remove(result.getTransactionId(), view.seq());
    }
  }

  /** The height of a retained block, or null. */
  Long heightOf(String blockId) {
    return heightById.get(blockId);
  }

  /** The lowest finalized height still held, or -1. */
  long oldestHeight() {
    return seqByFinalizedHeight.isEmpty() ? -1 : seqByFinalizedHeight.firstKey();
  }

  /** Where to start reading to see every update of height >= h: the finalized update of the first height >= h. */
  long seqFromHeight(long height) {
    final Map.Entry<Long, Long> entry = seqByFinalizedHeight.ceilingEntry(height);
    return entry == null ? nextSeq : entry.getValue();
  }

  /** The first retained update mentioning a transaction, or -1. */
  long firstSeqOf(String transactionId) {
    final Long seq = firstSeqByTransaction.get(transactionId);
    return seq == null ? -1 : seq;
  }

  long latestFinalized() {
    return latestFinalized;
  }

  long latestSealed() {
    return latestSealed;
  }

  FlowBlockView latest(FlowBlockStatus status) {
    return status == FlowBlockStatus.SEALED ? latestSealedView : latestFinalizedView;
  }

  /** The latest retained update of a block at a height with a status, or null. */
  FlowBlockView find(long height, FlowBlockStatus status) {
    final long from = seqFromHeight(height);
    for (long seq = Math.max(from, firstSeq); seq < nextSeq; seq++) {
      final FlowBlockView view = get(seq);
      if (view.height() == height && view.status() == status) {
        return view;
      }
      if (status == FlowBlockStatus.FINALIZED && view.height() > height) {
        return null;
      }
    }
    return null;
  }
}
