package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The canonical chain as the gateway knows it: the newest {@code windowBlocks} blocks by number
 * and by hash, and the logs of the newest of them, at most {@code historyLogs} logs in all.
 * Filled from the ordered eth.chain topic (at start-up from its retained records). Not
 * thread-safe: owned by the feed's dispatch thread.
 */
final class EthChain {

  /** What one update changed, in geth's notification order. */
  record Applied(List<EthLogView> removedLogs, List<EthLogView> appendedLogs, List<EthBlockView> added,
      EthBlockView newHead) {}

  private final int windowBlocks;
  private final int historyLogs;
  private final TreeMap<Long, EthBlockView> byNumber = new TreeMap<>();
  private final Map<String, EthBlockView> byHash = new HashMap<>();
  private long head = -1;
  private String headHash;
  /** Logs of blocks below this number were dropped to respect {@code historyLogs}. */
  private long logsFloor;
  private long logCount;

  EthChain(int windowBlocks, int historyLogs) {
    this.windowBlocks = windowBlocks;
    this.historyLogs = historyLogs;
  }

  Applied apply(EthUpdateView update) {
    final List<EthLogView> removed = new ArrayList<>(update.removedLogs().size());
    for (EthLogView log : update.removedLogs()) {
      removed.add(log.unresolved() == null ? log : log.resolve(timestampOf(log.blockHash())));
    }
    for (EthUpdateView.Ref ref : update.dropped()) {
      final EthBlockView block = byNumber.get(ref.number());
      if (block != null && block.hash.equals(ref.hash())) {
        removeBlock(block);
      }
    }
    for (EthLogView log : removed) {
      retract(log); // a single log retracted from a block that stays canonical
    }
    for (EthBlockView block : update.added()) {
      final EthBlockView existing = byNumber.get(block.number);
      if (existing != null) {
        removeBlock(existing);
      }
      putBlock(block);
    }
    final List<EthLogView> appended = new ArrayList<>(update.appendedLogs().size());
    for (EthLogView log : update.appendedLogs()) {
      final EthLogView resolved = log.unresolved() == null ? log : log.resolve(timestampOf(log.blockHash()));
      appended.add(resolved);
      append(resolved);
    }
    final String previousHead = headHash;
    head = update.headNumber();
    headHash = update.headHash();
    while (!byNumber.isEmpty() && byNumber.lastKey() > head) {
      removeBlock(byNumber.lastEntry().getValue()); // a rewind below blocks it did not list
    }
    trim();
    EthBlockView newHead = null;
    if (!update.added().isEmpty()) {
      newHead = update.added().get(update.added().size() - 1);
    } else if (!update.dropped().isEmpty() && headHash != null && !headHash.equals(previousHead)) {
      newHead = byHash.get(headHash); // a rewind: geth announces the lower head
    }
    return new Applied(removed, appended, update.added(), newHead);
  }

  private Long timestampOf(String blockHash) {
    final EthBlockView block = byHash.get(blockHash);
    return block == null ? null : block.timestamp;
  }

  private void putBlock(EthBlockView block) {
    final EthBlockView stored = block.number < logsFloor && !block.logs.isEmpty() ? block.withLogs(List.of()) : block;
    byNumber.put(stored.number, stored);
    byHash.put(stored.hash, stored);
    logCount += stored.logs.size();
  }

  private void removeBlock(EthBlockView block) {
    byNumber.remove(block.number);
    byHash.remove(block.hash);
    logCount -= block.logs.size();
  }

  private void replace(EthBlockView old, EthBlockView replacement) {
    byNumber.put(replacement.number, replacement);
    byHash.put(replacement.hash, replacement);
    logCount += replacement.logs.size() - old.logs.size();
  }

  private void retract(EthLogView log) {
    final EthBlockView block = byHash.get(log.blockHash());
    if (block == null) {
      return;
    }
    final List<EthLogView> kept = new ArrayList<>(block.logs.size());
    for (EthLogView existing : block.logs) {
      if (existing.logIndex() != log.logIndex() || !existing.transactionHash().equals(log.transactionHash())) {
        kept.add(existing);
      }
    }
    if (kept.size() != block.logs.size()) {
      replace(block, block.withLogs(kept));
    }
  }

  private void append(EthLogView log) {
    final EthBlockView block = byHash.get(log.blockHash());
    if (block == null || block.number < logsFloor) {
      return;
    }
    final EthLogView stored = new EthLogView(log.address(), log.topics(), log.blockNumber(), log.blockHash(),
        log.logIndex(), log.transactionHash(), false, log.json(), null);
    final List<EthLogView> logs = new ArrayList<>(block.logs.size() + 1);
    boolean placed = false;
    for (EthLogView existing : block.logs) {
      if (existing.logIndex() == log.logIndex()) {
        continue; // the same position again replaces it
      }
      if (!placed && existing.logIndex() > log.logIndex()) {
        logs.add(stored);
        placed = true;
      }
      logs.add(existing);
    }
    if (!placed) {
      logs.add(stored);
    }
    replace(block, block.withLogs(logs));
  }

  private void trim() {
    while (!byNumber.isEmpty() && (byNumber.size() > windowBlocks || byNumber.firstKey() <= head - windowBlocks)) {
      removeBlock(byNumber.firstEntry().getValue());
    }
    while (logCount > historyLogs) {
      final Map.Entry<Long, EthBlockView> oldest = byNumber.ceilingEntry(logsFloor);
      if (oldest == null) {
        break;
      }
      logsFloor = oldest.getKey() + 1;
      if (!oldest.getValue().logs.isEmpty()) {
        replace(oldest.getValue(), oldest.getValue().withLogs(List.of()));
      }
    }
  }

  /** The head's number, -1 before the first block. */
  long head() {
    return head;
  }

  EthBlockView headBlock() {
    return headHash == null ? null : byHash.get(headHash);
  }

  EthBlockView byNumber(long number) {
    return byNumber.get(number);
  }

  EthBlockView byHash(String hash) {
    return byHash.get(hash);
  }

  /** The oldest block in the window, or -1 when empty. */
  long oldest() {
    return byNumber.isEmpty() ? -1 : byNumber.firstKey();
  }

  /** The oldest block whose logs are retained (the gateway's history cutoff for logs), -1 when empty. */
  long logsCutoff() {
    return byNumber.isEmpty() ? -1 : Math.max(byNumber.firstKey(), logsFloor);
  }

  /** The canonical block {@code depth} below the head, or null when not in the window. */
  EthBlockView belowHead(int depth) {
    return head - depth < 0 ? null : byNumber.get(head - depth);
  }

  /** Canonical blocks numbered {@code from..to} (inclusive) that the window holds, oldest first. */
  Collection<EthBlockView> range(long from, long to) {
    if (from > to) {
      return List.of();
    }
    final NavigableMap<Long, EthBlockView> range = byNumber.subMap(from, true, to, true);
    return range.values();
  }

  int blockCount() {
    return byNumber.size();
  }

  long logCount() {
    return logCount;
  }
}
