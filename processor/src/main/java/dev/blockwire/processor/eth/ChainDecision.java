package dev.blockwire.processor.eth;

import java.util.List;
import java.util.Objects;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.schemas.eth.EthBlockRef;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;

/**
 * What one raw block or raw log does to the canonical chain, decided by {@link CanonicalChain}
 * before anything is written: a change to emit and apply, nothing, or a rejection for the dead
 * letters.
 */
sealed interface ChainDecision {

  /**
   * The chain changed: emit {@code update} (and its logs) at {@code timestampMs}, and apply
   * {@code writes} with {@link CanonicalChain#apply}.
   *
   * @param update never null
   * @param timestampMs block time of the new head, or of the block whose log changed
   * @param writes never null
   */
  record Changed(EthChainUpdate update, long timestampMs, Writes writes) implements ChainDecision {
    public Changed {
      Objects.requireNonNull(update, "update");
      Objects.requireNonNull(writes, "writes");
    }
  }

  /**
   * Nothing changes and nothing is emitted (a duplicate block, a duplicate log or retraction).
   *
   * @param reason one readable sentence, for the debug log; never null
   */
  record Unchanged(String reason) implements ChainDecision {
    public Unchanged {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The input cannot be used: it goes to the dead letters, nothing changes.
   *
   * @param code one of {@link dev.blockwire.processor.DeadLetterCodes}; never null
   * @param reason one readable sentence; never null
   * @param location where inside the record, e.g. {@code log index 3}; may be null
   */
  record Rejected(String code, String reason, String location) implements ChainDecision {
    public Rejected {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The store writes of a change, applied in field order.
   *
   * @param uncanonicalHeights heights whose canonical entry is removed (the dropped blocks)
   * @param blocks blocks to store (a new block, or a block whose logs changed)
   * @param canonical blocks that become canonical, oldest first
   * @param head the new head; null when the head does not move
   */
  record Writes(List<Long> uncanonicalHeights, List<EthChainBlock> blocks, List<EthBlockRef> canonical,
      ChainHead head) {
    public Writes {
      uncanonicalHeights = List.copyOf(uncanonicalHeights);
      blocks = List.copyOf(blocks);
      canonical = List.copyOf(canonical);
    }
  }
}
