package dev.blockwire.ingest.near.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a fetched block means against what was written before it. The source fetches heights in order,
 * so every height between the last block written (or the start of the run) and the fetched block
 * answered "no block". The block's {@code prev_height} tells whether those were skipped heights (it names
 * the last block written: they are recorded as skipped) or a gap (it names one of them: a block exists
 * there that the service did not serve). Its {@code prev_hash} must be the hash of the last block
 * written: final NEAR blocks never reorganise, so anything else is an error. Pure logic.
 */
final class ChainLink {

  private ChainLink() {}

  /** The last block written: its height and hash. */
  record Written(long height, String hash) {
  }

  /** The answer for one block. */
  sealed interface Verdict permits Extends, Gap, Mismatch {
  }

  /**
   * The block follows the last one written; {@code skipped} lists the heights between them (no block
   * was produced there), oldest first.
   */
  record Extends(List<Long> skipped) implements Verdict {
  }

  /** A block exists at {@code missingHeight} (a later block names it as its parent) but was not served. */
  record Gap(long missingHeight) implements Verdict {
  }

  /** The block does not connect to what was written. */
  record Mismatch(String reason) implements Verdict {
  }

  /**
   * @param last the last block written, empty at the start of a run without a block before it
   * @param floor the height of {@code last}, or the height before the first one fetched when there is
   *     no {@code last}; every height in {@code (floor, height)} answered "no block"
   * @param height the fetched block's height; {@code > floor}
   * @param prevHeight its {@code header.prev_height}, when the document has one
   * @param prevHash its {@code header.prev_hash}
   */
  static Verdict check(Optional<Written> last, long floor, long height, OptionalLong prevHeight, String prevHash) {
    if (height <= floor) {
      return new Mismatch("block " + height + " is not above the last height handled " + floor);
    }
    if (prevHeight.isPresent()) {
      final long parent = prevHeight.getAsLong();
      if (parent >= height) {
        return new Mismatch("block " + height + " names prev_height " + parent + ", not below its own height");
      }
      if (parent > floor) {
        return new Gap(parent);
      }
      if (last.isPresent() && parent < floor) {
        return new Mismatch("block " + height + " names prev_height " + parent + " but the last block written is "
            + last.get().height() + " (" + last.get().hash() + ")");
      }
    }
    if (last.isPresent() && !last.get().hash().equals(prevHash)) {
      return new Mismatch("block " + height + " names prev_hash " + prevHash + " but the last block written is "
          + last.get().height() + " with hash " + last.get().hash() + " (final NEAR blocks never change)");
    }
    final List<Long> skipped = new ArrayList<>();
    for (long h = floor + 1; h < height; h++) {
      skipped.add(h);
    }
    return new Extends(List.copyOf(skipped));
  }
}
