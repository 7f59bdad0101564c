package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.blockwire.schemas.eth.EthBlockRef;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthLog;

/**
 * One {@link EthChainUpdate}, decoded and rendered on the consumer thread so the dispatch thread
 * only matches and splices: every header and log is JSON already.
 *
 * @param dropped blocks that left the canonical chain, oldest first
 * @param removedLogs logs with {@code removed:true}, in the update's order
 * @param added blocks that became canonical, oldest first; the last is the new head
 * @param appendedLogs logs added to blocks already canonical
 */
record EthUpdateView(List<Ref> dropped, List<EthLogView> removedLogs, List<EthBlockView> added,
    List<EthLogView> appendedLogs, long headNumber, String headHash) {

  /** A dropped block. */
  record Ref(long number, String hash) {}

  static EthUpdateView of(EthChainUpdate update, GethVersion version) {
    final List<Ref> dropped = new ArrayList<>(update.getDropped().size());
    for (EthBlockRef ref : update.getDropped()) {
      dropped.add(new Ref(ref.getNumber(), ref.getHash().toString().toLowerCase(Locale.ROOT)));
    }
    final List<EthBlockView> added = new ArrayList<>(update.getAdded().size());
    final Map<String, Long> timestamps = new HashMap<>();
    for (EthChainBlock block : update.getAdded()) {
      final EthBlockView view = EthBlockView.of(block, version);
      added.add(view);
      timestamps.put(view.hash, view.timestamp);
    }
    return new EthUpdateView(Collections.unmodifiableList(dropped), logs(update.getRemovedLogs(), timestamps),
        Collections.unmodifiableList(added), logs(update.getAppendedLogs(), timestamps), update.getHeadNumber(),
        update.getHeadHash().toString().toLowerCase(Locale.ROOT));
  }

  private static List<EthLogView> logs(List<EthLog> logs, Map<String, Long> timestamps) {
    final List<EthLogView> views = new ArrayList<>(logs.size());
    for (EthLog log : logs) {
      views.add(EthLogView.of(log, timestamps.get(log.getBlockHash().toString().toLowerCase(Locale.ROOT))));
    }
    return Collections.unmodifiableList(views);
  }
}
