package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns each chain update into the notifications it causes, in geth's order: removed logs,
 * appended logs, the logs of every added block but the last, newHeads for the last added block,
 * its logs, then finalizedHeads when the finalized block moved. The one place that decides what
 * a subscriber is sent: the live feed runs one over its chain, and a cursor resume that reads the
 * topic runs its own over a chain rebuilt from the records before the cursor, so the replay is
 * what was sent live, byte for byte. Not thread-safe.
 */
final class EthNotifier {

  private final EthChain chain;
  private final int finalizedDepth;
  private EthBlockView lastFinalized;

  EthNotifier(EthChain chain, int finalizedDepth) {
    this.chain = chain;
    this.finalizedDepth = finalizedDepth;
  }

  EthChain chain() {
    return chain;
  }

  /** Applies the update to the chain and returns its notifications (often none). */
  List<EthNotice> apply(EthUpdateView update) {
    final EthChain.Applied applied = chain.apply(update);
    final List<EthNotice> notices = new ArrayList<>();
    for (EthLogView log : applied.removedLogs()) {
      notices.add(EthNotice.log(log));
    }
    for (EthLogView log : applied.appendedLogs()) {
      notices.add(EthNotice.log(log));
    }
    final List<EthBlockView> added = applied.added();
    for (int i = 0; i < added.size() - 1; i++) {
      for (EthLogView log : added.get(i).logs) {
        notices.add(EthNotice.log(log));
      }
    }
    if (applied.newHead() != null) {
      notices.add(EthNotice.head(applied.newHead()));
    }
    if (!added.isEmpty()) {
      for (EthLogView log : added.get(added.size() - 1).logs) {
        notices.add(EthNotice.log(log));
      }
    }
    final EthBlockView finalized = chain.belowHead(finalizedDepth);
    if (finalized != null && (lastFinalized == null
        || (finalized.number >= lastFinalized.number && !finalized.hash.equals(lastFinalized.hash)))) {
      lastFinalized = finalized;
      notices.add(EthNotice.finalized(finalized));
    }
    return notices;
  }

  /** Takes the current finalized block as announced (when the feed has loaded its history). */
  void settleFinalized() {
    lastFinalized = chain.belowHead(finalizedDepth);
  }
}
