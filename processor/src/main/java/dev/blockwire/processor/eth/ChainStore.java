package dev.blockwire.processor.eth;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.schemas.eth.EthChainBlock;

/**
 * The recent chain window of every network, as {@link CanonicalChain} reads and writes it: the
 * canonical head, the canonical hash at each kept height, and every kept block (canonical or not)
 * by height and hash. Blocks are only ever looked up by height and hash together: a parent is at
 * {@code number - 1} with {@code parent_hash}, a raw log names {@code block_number} and
 * {@code block_hash}.
 *
 * <p>Not thread-safe; one stream task owns it.
 */
interface ChainStore {

  /** The canonical head of the network; null when the window is empty. */
  ChainHead head(String network);

  void putHead(String network, ChainHead head);

  /** The hash of the canonical block at {@code height}; null when none is kept there. */
  String canonicalHash(String network, long height);

  void putCanonical(String network, long height, String hash);

  /** Removes the canonical entry at {@code height}; the block itself stays (as a side block). */
  void deleteCanonical(String network, long height);

  /** A kept block, canonical or not; null when unknown. */
  EthChainBlock block(String network, long height, String hash);

  /** Stores a block under its header's number and hash, replacing any copy. */
  void putBlock(String network, EthChainBlock block);

  /** Forgets every canonical entry and every block below {@code height} (nothing when height <= 0). */
  void pruneBelow(String network, long height);
}
