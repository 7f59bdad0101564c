package dev.blockwire.ingest.eth.node;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.ingest.eth.GethBlocks;
import dev.blockwire.ingest.eth.GethFormatException;
import dev.blockwire.schemas.eth.EthBlock;

/**
 * Keeps the raw topic in step with a node's chain: given the node's head, writes every block between
 * the last block written and that head, in chain order, so that the processor sees each block after
 * its parent. Pure logic on an {@link EthNode} and a {@link BlockSink}; no threads, no retries.
 *
 * <p>For a head H (and likewise for each block fetched on the way):
 * <ul>
 *   <li>H is the last block written: nothing to do;
 *   <li>H is higher than the next height: the missing heights are fetched by number, oldest first
 *       (each goes through the next rule, so a reorg met on the way is followed too);
 *   <li>H's parent is the last block written: H's logs are fetched and H is written;
 *   <li>otherwise a reorg: walk back from H by parent hash ({@code eth_getBlockByHash}) until a block
 *       that was written, then write that branch oldest first (the processor turns the first one into
 *       the reorg, dropping what it replaces, and the rest extend it);
 *   <li>H was written before but is not the last written (the node went back to it): it is written
 *       again, so that it becomes the head downstream.
 * </ul>
 * The hashes of the last {@code maxReorgDepth} blocks written are kept (rebuilt at start from the
 * tail of the topic, {@link #restore}); a walk that finds none of them within that many blocks means
 * the node is on another chain, or reorganised deeper than can be followed: a fatal
 * {@link EthNodeSourceException}, never a silent skip.
 *
 * <p>A block's logs must belong to it ({@code blockHash}) and a block with a non-empty bloom must
 * have logs; otherwise the node moved while it was read ({@link NodeChangedException}), and the caller
 * retries from the new head. Every block is written before the next is fetched, so an exception
 * leaves the state consistent with the topic: retrying continues where it stopped.
 *
 * <p>Not thread-safe: one source thread.
 */
final class ChainFollower {

  private static final Logger LOG = LoggerFactory.getLogger(ChainFollower.class);

  /** A block written, as the follower remembers it. */
  record Written(long number, String hash) {}

  private final EthNode node;
  private final GethBlocks geth;
  private final String network;
  private final int maxReorgDepth;
  private final BlockSink sink;
  private final Map<String, Long> recent;

  private Written last;
  private long blocksWritten;
  private long reorgs;

  /**
   * @param maxReorgDepth written hashes kept, the deepest reorg followed; at least 1
   */
  ChainFollower(EthNode node, GethBlocks geth, String network, int maxReorgDepth, BlockSink sink) {
    if (maxReorgDepth < 1) {
      throw new IllegalArgumentException("maxReorgDepth must be at least 1: " + maxReorgDepth);
    }
    this.node = Objects.requireNonNull(node, "node");
    this.geth = Objects.requireNonNull(geth, "geth");
    this.network = Objects.requireNonNull(network, "network");
    this.maxReorgDepth = maxReorgDepth;
    this.sink = Objects.requireNonNull(sink, "sink");
    this.recent = new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > ChainFollower.this.maxReorgDepth;
      }
    };
  }

  /**
   * Remembers blocks written before (the tail of the topic, oldest first); the last one is where
   * writing continues.
   */
  void restore(List<EthBlock> tail) {
    for (EthBlock block : tail) {
      remember(block.getHeader().getNumber(), block.getHeader().getHash());
    }
  }

  /** The last block written (or restored), if any. */
  Optional<Written> last() {
    return Optional.ofNullable(last);
  }

  /** Blocks written by this follower (restored ones not counted). */
  long blocksWritten() {
    return blocksWritten;
  }

  /** Branches written whose first block's parent was not the last block written. */
  long reorgs() {
    return reorgs;
  }

  /**
   * Makes {@code from} the first block of a backfill unless the written chain already reaches
   * {@code from - 1} (then writing simply continues after it: a range is never written twice).
   *
   * @return false when the node has no block {@code from} yet (try again later)
   */
  boolean startAt(long from) throws IOException {
    if (last != null && last.number() >= from - 1) {
      return true;
    }
    final Optional<NodeBlock> start = node.blockByNumber(from);
    if (start.isEmpty()) {
      return false;
    }
    if (last != null) {
      LOG.warn("{}: backfill starts at {} but the last block written is {}; blocks {}..{} are not written",
          network, from, last.number(), last.number() + 1, from - 1);
    }
    write(start.get());
    return true;
  }

  /** Writes blocks by number until {@code to} is written or the node's chain ends; true when {@code to} is. */
  boolean catchUpTo(long to) throws IOException {
    requireStarted();
    while (last.number() < to) {
      final Optional<NodeBlock> next = node.blockByNumber(last.number() + 1);
      if (next.isEmpty()) {
        return false;
      }
      connect(next.get());
    }
    return true;
  }

  /** Brings the written chain to the node's head {@code head}. */
  void follow(NodeBlock head) throws IOException {
    if (last == null) {
      LOG.info("{}: nothing written yet; starting at the node's head {}", network, head);
      write(head);
      return;
    }
    if (head.hash().equals(last.hash())) {
      return;
    }
    while (head.number() > last.number() + 1) {
      final Optional<NodeBlock> next = node.blockByNumber(last.number() + 1);
      if (next.isEmpty()) {
        break; // the node's chain moved under us: connect the head itself
      }
      connect(next.get());
    }
    connect(head);
  }

  /** Writes {@code block}, preceded by its unwritten ancestors back to a written block. */
  private void connect(NodeBlock block) throws IOException {
    if (block.hash().equals(last.hash())) {
      return;
    }
    if (recent.containsKey(block.hash())) {
      LOG.info("{}: the node went back to block {}, written before; writing it again as the head (last written {})",
          network, block, describe(last));
      reorgs++;
      write(block);
      return;
    }
    final Deque<NodeBlock> branch = new ArrayDeque<>();
    branch.addFirst(block);
    NodeBlock oldest = block;
    while (!recent.containsKey(oldest.parentHash())) {
      if (branch.size() >= maxReorgDepth || oldest.number() == 0) {
        throw new EthNodeSourceException(network + ": block " + block + " does not connect to any of the last "
            + recent.size() + " blocks written (last " + describe(last) + ") within " + branch.size()
            + " ancestors: the node follows another chain, or reorganised deeper than ingest.eth.max-reorg-depth ("
            + maxReorgDepth + ")");
      }
      final String parentHash = oldest.parentHash();
      final long parentNumber = oldest.number() - 1;
      oldest = node.blockByHash(parentHash)
          .filter(parent -> parent.number() == parentNumber)
          .orElseThrow(() -> new NodeChangedException(network + ": the node no longer has block " + parentNumber
              + " (" + parentHash + "), an ancestor of " + block));
      branch.addFirst(oldest);
    }
    if (!oldest.parentHash().equals(last.hash())) {
      reorgs++;
      LOG.info("{}: reorg: the node's block {} descends from {} ({}), not from the last block written {}; writing"
          + " the new branch of {} block(s) oldest first", network, block, oldest.number() - 1, oldest.parentHash(),
          describe(last), branch.size());
    }
    for (NodeBlock next : branch) {
      write(next);
    }
  }

  /** Fetches the block's logs, converts and writes it, and remembers it. */
  private void write(NodeBlock block) throws IOException {
    final JsonNode logs = node.logs(block.hash());
    for (JsonNode log : logs) {
      if (!block.hash().equals(log.path("blockHash").asText())) {
        throw new NodeChangedException(network + ": eth_getLogs for block " + block + " answered a log of block "
            + log.path("blockHash").asText());
      }
    }
    if (logs.isEmpty() && !emptyBloom(block.json().path("logsBloom").asText())) {
      throw new NodeChangedException(network + ": block " + block + " has a non-empty logs bloom but eth_getLogs"
          + " answered no log");
    }
    final EthBlock converted;
    try {
      converted = geth.convert(block.json(), logs, network);
    } catch (GethFormatException e) {
      throw new EthNodeSourceException(network + ": the node served block " + block + " that cannot be written: "
          + e.getMessage(), e);
    }
    sink.write(converted);
    blocksWritten++;
    remember(block.number(), block.hash());
  }

  private void remember(long number, String hash) {
    recent.remove(hash); // re-insert as the youngest
    recent.put(hash, number);
    last = new Written(number, hash);
  }

  private void requireStarted() {
    if (last == null) {
      throw new IllegalStateException("nothing written yet: call startAt or follow first");
    }
  }

  private static boolean emptyBloom(String bloom) {
    for (int i = 2; i < bloom.length(); i++) {
      if (bloom.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static String describe(Written written) {
    return written.number() + " (" + written.hash() + ")";
  }
}
