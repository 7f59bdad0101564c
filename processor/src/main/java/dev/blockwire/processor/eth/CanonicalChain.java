package dev.blockwire.processor.eth;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.processor.DeadLetterCodes;
import dev.blockwire.processor.eth.ChainDecision.Changed;
import dev.blockwire.processor.eth.ChainDecision.Rejected;
import dev.blockwire.processor.eth.ChainDecision.Unchanged;
import dev.blockwire.processor.eth.ChainDecision.Writes;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthBlockRef;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;
import dev.blockwire.schemas.eth.EthRawLog;

/**
 * The canonical chain of every network over a window of recent blocks: decides what a raw block
 * or a raw log changes, as an {@link EthChainUpdate} in geth's order. Pure logic on a
 * {@link ChainStore}; no Kafka.
 *
 * <p>Every accepted block becomes the head at once (the raw source writes blocks as the node's
 * head moves), so the window holds the canonical chain plus side blocks that were canonical once.
 * For a block X at height n with parent P:
 *
 * <ul>
 *   <li>empty window: X becomes the head, {@code added=[X]};
 *   <li>X is already canonical at n: a duplicate, nothing changes;
 *   <li>P is the head: the chain extends, {@code added=[X]};
 *   <li>P is canonical below the head: a reorg, {@code dropped} = the canonical blocks above P, oldest
 *       first, and {@code removed_logs} = their logs with {@code removed=true} (oldest block first,
 *       log order within a block: geth's order); the new head may be lower than the old one;
 *   <li>P is a kept side block: walk back through kept blocks to the first canonical ancestor A;
 *       {@code dropped} = the canonical blocks above A, {@code added} = the side blocks above A then X.
 *       A block that was orphaned and is delivered again takes this path too: it becomes the head again;
 *   <li>P (or an ancestor on the walk) is unknown: {@code block_too_old} when it lies below the
 *       window, else {@code unknown_ancestor}; nothing changes.
 * </ul>
 *
 * <p>The window keeps the heights {@code head - windowDepth .. head}: reorgs up to
 * {@code windowDepth} blocks deep are resolved, so a block at or below {@code head - windowDepth}
 * with an unknown parent is too old. Lower heights are pruned whenever the head moves.
 *
 * <p>Raw logs: {@code removed=true} retracts the named log of a canonical block (it is taken out of
 * the stored block and emitted in {@code removed_logs}); {@code removed=false} appends a log missing
 * from a canonical block ({@code appended_logs}). Logs of kept non-canonical blocks change nothing
 * (the reorg that orphaned the block retracted its logs; a block that comes back brings its logs).
 *
 * <p>Deciding only reads; {@link #apply} writes. So a failure while deciding leaves the store as it
 * was. Not thread-safe (one stream task).
 */
final class CanonicalChain {

  private static final long MAX_TIMESTAMP_SECONDS = Long.MAX_VALUE / 1000L;

  private final ChainStore store;
  private final int windowDepth;

  /**
   * @param windowDepth blocks kept behind the head: the deepest reorg resolved; at least 1
   * @throws IllegalArgumentException if {@code windowDepth < 1}
   */
  CanonicalChain(ChainStore store, int windowDepth) {
    if (windowDepth < 1) {
      throw new IllegalArgumentException("windowDepth must be at least 1: " + windowDepth);
    }
    this.store = Objects.requireNonNull(store);
    this.windowDepth = windowDepth;
  }

  /** What a raw block changes; reads the store only. */
  ChainDecision decideBlock(EthBlock block) {
    final Rejected invalid = invalidBlock(block);
    if (invalid != null) {
      return invalid;
    }
    final String network = block.getNetwork();
    final EthHeader header = block.getHeader();
    final ChainHead head = store.head(network);
    final EthChainBlock received = new EthChainBlock(header, new ArrayList<>(block.getLogs()),
        new ArrayList<>(block.getTransactionHashes()));
    if (head == null) {
      return becomeHead(network, null, header.getNumber() - 1, List.of(received), received);
    }
    if (isCanonical(network, header.getNumber(), header.getHash())) {
      return new Unchanged(describe(header) + " is already canonical in " + network + "; a duplicate changes nothing");
    }
    final Deque<EthChainBlock> branch = new ArrayDeque<>();
    branch.addFirst(received);
    long height = header.getNumber() - 1;
    String hash = header.getParentHash();
    while (!isCanonical(network, height, hash)) {
      final EthChainBlock side = height < 0 ? null : store.block(network, height, hash);
      if (side == null) {
        return missingAncestor(network, head, header, height, hash, branch.size() > 1);
      }
      branch.addFirst(side);
      hash = side.getHeader().getParentHash();
      height--;
    }
    return becomeHead(network, head, height, List.copyOf(branch), received);
  }

  /** What a raw log changes; reads the store only. */
  ChainDecision decideLog(EthRawLog raw) {
    final Rejected invalid = invalidLog(raw);
    if (invalid != null) {
      return invalid;
    }
    final String network = raw.getNetwork();
    final EthLog log = raw.getLog();
    final String what = "log " + log.getLogIndex() + " of block " + log.getBlockNumber() + " (" + log.getBlockHash() + ")";
    final EthChainBlock block = store.block(network, log.getBlockNumber(), log.getBlockHash());
    if (block == null) {
      return new Rejected(DeadLetterCodes.UNKNOWN_LOG, what + " names a block that is not in the window of " + network
          + " (" + describeHead(store.head(network)) + ")", "log index " + log.getLogIndex());
    }
    final boolean canonical = isCanonical(network, log.getBlockNumber(), log.getBlockHash());
    final List<EthLog> logs = new ArrayList<>(block.getLogs());
    final int position = position(logs, log.getLogIndex());
    if (log.getRemoved()) {
      if (!canonical) {
        return new Unchanged(what + " is retracted already: its block left the canonical chain of " + network);
      }
      if (position < 0) {
        return new Unchanged(what + " is retracted already");
      }
      final EthLog retracted = markRemoved(logs.remove(position));
      return logChange(network, block, logs, List.of(retracted), List.of());
    }
    if (position >= 0) {
      return new Unchanged(what + " is in its block already; a duplicate changes nothing");
    }
    if (!canonical) {
      return new Unchanged(what + " belongs to a block that is not canonical in " + network
          + "; it comes back with its block");
    }
    final EthLog appended = EthLog.newBuilder(log).setRemoved(false).build();
    logs.add(-position - 1, appended);
    return logChange(network, block, logs, List.of(), List.of(appended));
  }

  /** Writes a decided change to the store, then prunes below the window if the head moved. */
  void apply(Changed change) {
    final String network = change.update().getNetwork();
    final Writes writes = change.writes();
    writes.uncanonicalHeights().forEach(height -> store.deleteCanonical(network, height));
    writes.blocks().forEach(block -> store.putBlock(network, block));
    writes.canonical().forEach(ref -> store.putCanonical(network, ref.getNumber(), ref.getHash()));
    if (writes.head() != null) {
      store.putHead(network, writes.head());
      store.pruneBelow(network, writes.head().height() - windowDepth);
    }
  }

  int windowDepth() {
    return windowDepth;
  }

  // ---------------------------------------------------------------- blocks

  /**
   * The blocks of {@code branch} (oldest first, the received block last) become canonical above
   * {@code ancestor}; the canonical blocks above it up to {@code head} are dropped.
   */
  private Changed becomeHead(String network, ChainHead head, long ancestor, List<EthChainBlock> branch,
      EthChainBlock received) {
    final List<EthBlockRef> dropped = new ArrayList<>();
    final List<EthLog> removedLogs = new ArrayList<>();
    final List<Long> uncanonical = new ArrayList<>();
    final long top = head == null ? ancestor : head.height();
    for (long height = ancestor + 1; height <= top; height++) {
      final EthChainBlock block = canonicalBlock(network, height);
      dropped.add(ref(block));
      block.getLogs().forEach(log -> removedLogs.add(markRemoved(log)));
      uncanonical.add(height);
    }
    final EthHeader newHead = received.getHeader();
    final EthChainUpdate update = EthChainUpdate.newBuilder()
        .setNetwork(network)
        .setDropped(dropped)
        .setRemovedLogs(removedLogs)
        .setAdded(branch)
        .setAppendedLogs(List.of())
        .setHeadNumber(newHead.getNumber())
        .setHeadHash(newHead.getHash())
        .build();
    final Writes writes = new Writes(uncanonical, List.of(received), branch.stream().map(CanonicalChain::ref).toList(),
        new ChainHead(newHead.getNumber(), newHead.getHash()));
    return new Changed(update, newHead.getTimestamp() * 1000L, writes);
  }

  /** The canonical block at {@code height}, which the window must hold (its invariant). */
  private EthChainBlock canonicalBlock(String network, long height) {
    final String hash = store.canonicalHash(network, height);
    final EthChainBlock block = hash == null ? null : store.block(network, height, hash);
    if (block == null) {
      throw new IllegalStateException("the window of " + network + " has no canonical block at height " + height
          + " below its head (canonical hash " + hash + ")");
    }
    return block;
  }

  private Rejected missingAncestor(String network, ChainHead head, EthHeader header, long height, String hash,
      boolean walked) {
    final long lowestKept = head.height() - windowDepth;
    final String ancestor = (walked ? "its branch's ancestor " : "its parent ") + height + " (" + hash + ")";
    if (height < lowestKept) {
      return new Rejected(DeadLetterCodes.BLOCK_TOO_OLD, describe(header) + " reaches below the window of " + network
          + ": " + ancestor + " is below the lowest kept height " + lowestKept + " (" + describeHead(head)
          + ", window depth " + windowDepth + ")", null);
    }
    return new Rejected(DeadLetterCodes.UNKNOWN_ANCESTOR, describe(header) + " does not connect to the chain of "
        + network + ": " + ancestor + " is neither canonical nor a kept block (" + describeHead(head)
        + "); a block is missing upstream", null);
  }

  /** Why a decoded block cannot be used, or null. */
  private static Rejected invalidBlock(EthBlock block) {
    if (block.getNetwork().isEmpty()) {
      return invalidBlock("the block has an empty network name", null);
    }
    final EthHeader header = block.getHeader();
    if (header.getNumber() < 0) {
      return invalidBlock("the block number " + header.getNumber() + " is negative", null);
    }
    if (header.getHash().isEmpty() || header.getParentHash().isEmpty()) {
      return invalidBlock("the block has an empty hash or parent hash", null);
    }
    if (header.getTimestamp() < 0 || header.getTimestamp() > MAX_TIMESTAMP_SECONDS) {
      return invalidBlock("the block timestamp " + header.getTimestamp() + " s is out of range", null);
    }
    int previous = -1;
    for (EthLog log : block.getLogs()) {
      final int index = log.getLogIndex();
      final String location = "log index " + index;
      if (index <= previous) {
        return invalidBlock("log index " + index + " follows " + previous
            + ": a block's logs must be in strictly increasing log-index order from 0", location);
      }
      if (!log.getBlockHash().equals(header.getHash())) {
        return invalidBlock("log " + index + " names block hash " + log.getBlockHash() + ", but the header's hash is "
            + header.getHash(), location);
      }
      if (log.getBlockNumber() != header.getNumber()) {
        return invalidBlock("log " + index + " names block number " + log.getBlockNumber()
            + ", but the header's number is " + header.getNumber(), location);
      }
      if (log.getBlockTimestamp() != null && log.getBlockTimestamp() != header.getTimestamp()) {
        return invalidBlock("log " + index + " carries block timestamp " + log.getBlockTimestamp()
            + ", but the header's timestamp is " + header.getTimestamp(), location);
      }
      if (log.getRemoved()) {
        return invalidBlock("log " + index + " is marked removed; a block record carries its logs as added", location);
      }
      previous = index;
    }
    return null;
  }

  private static Rejected invalidBlock(String reason, String location) {
    return new Rejected(DeadLetterCodes.INVALID_BLOCK, reason, location);
  }

  // ---------------------------------------------------------------- logs

  /** The block's logs changed; the head stays. */
  private Changed logChange(String network, EthChainBlock block, List<EthLog> logs, List<EthLog> removed,
      List<EthLog> appended) {
    final ChainHead head = store.head(network);
    final EthChainBlock changed = EthChainBlock.newBuilder(block).setLogs(logs).build();
    final EthChainUpdate update = EthChainUpdate.newBuilder()
        .setNetwork(network)
        .setDropped(List.of())
        .setRemovedLogs(removed)
        .setAdded(List.of())
        .setAppendedLogs(appended)
        .setHeadNumber(head.height())
        .setHeadHash(head.hash())
        .build();
    return new Changed(update, block.getHeader().getTimestamp() * 1000L,
        new Writes(List.of(), List.of(changed), List.of(), null));
  }

  /** Why a decoded raw log cannot be used, or null. */
  private static Rejected invalidLog(EthRawLog raw) {
    final EthLog log = raw.getLog();
    final String location = "log index " + log.getLogIndex();
    if (raw.getNetwork().isEmpty()) {
      return new Rejected(DeadLetterCodes.INVALID_LOG, "the log has an empty network name", location);
    }
    if (log.getBlockNumber() < 0) {
      return new Rejected(DeadLetterCodes.INVALID_LOG, "the log's block number " + log.getBlockNumber()
          + " is negative", location);
    }
    if (log.getLogIndex() < 0) {
      return new Rejected(DeadLetterCodes.INVALID_LOG, "the log index " + log.getLogIndex() + " is negative", location);
    }
    if (log.getBlockHash().isEmpty()) {
      return new Rejected(DeadLetterCodes.INVALID_LOG, "the log has an empty block hash", location);
    }
    return null;
  }

  /** Binary search by log index in logs sorted by it: the position, or {@code -(insertion point) - 1}. */
  private static int position(List<EthLog> logs, int logIndex) {
    int low = 0;
    int high = logs.size() - 1;
    while (low <= high) {
      final int middle = (low + high) >>> 1;
      final int index = logs.get(middle).getLogIndex();
      if (index < logIndex) {
        low = middle + 1;
      } else if (index > logIndex) {
        high = middle - 1;
      } else {
        return middle;
      }
    }
    return -(low + 1);
  }

  // ---------------------------------------------------------------- helpers

  private boolean isCanonical(String network, long height, String hash) {
    return height >= 0 && hash.equals(store.canonicalHash(network, height));
  }

  private static EthLog markRemoved(EthLog log) {
    return EthLog.newBuilder(log).setRemoved(true).build();
  }

  private static EthBlockRef ref(EthChainBlock block) {
    return new EthBlockRef(block.getHeader().getNumber(), block.getHeader().getHash());
  }

  private static String describe(EthHeader header) {
    return "block " + header.getNumber() + " (" + header.getHash() + ")";
  }

  private static String describeHead(ChainHead head) {
    return head == null ? "empty window" : "head " + head.height() + " " + head.hash();
  }
}
