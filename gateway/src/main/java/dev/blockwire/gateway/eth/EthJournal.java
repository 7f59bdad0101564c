package dev.blockwire.gateway.eth;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The notifications of the most recent chain updates, in the order they were sent: what a
 * {@code cursor} resume replays, so a resumed subscription gets exactly what it would have got
 * had it stayed (reorg removals included). Bounded by the window (one entry per update) and by
 * the retained logs; rebuilt from the ordered topic when the gateway starts. Each update keeps its
 * record's offset, so a resume that read the older part from the topic continues here exactly
 * after the last record it read. Dispatch thread only.
 */
final class EthJournal {

  private final int maxUpdates;
  private final long maxLogs;
  private final ArrayDeque<List<EthNotice>> updates = new ArrayDeque<>();
  private final ArrayDeque<Long> offsets = new ArrayDeque<>();
  private long logs;
  /** The offset of the newest update dropped from the journal, -1 while none was. */
  private long droppedThrough = -1;

  EthJournal(int maxUpdates, long maxLogs) {
    this.maxUpdates = maxUpdates;
    this.maxLogs = maxLogs;
  }

  /** Records the notifications of the update at {@code offset} (nothing for an update that notified nothing). */
  void add(List<EthNotice> notices, long offset) {
    if (notices.isEmpty()) {
      return;
    }
    updates.addLast(notices);
    offsets.addLast(offset);
    logs += logCount(notices);
    while (updates.size() > 1 && (updates.size() > maxUpdates || logs > maxLogs)) {
      logs -= logCount(updates.removeFirst());
      droppedThrough = offsets.removeFirst();
    }
  }

  /** Whether the journal still holds every update after {@code offset}. */
  boolean holdsAllAfter(long offset) {
    return droppedThrough <= offset;
  }

  /** The notifications of the updates after {@code offset} that {@code wanted} accepts, oldest first. */
  List<EthNotice> since(long offset, Predicate<EthNotice> wanted) {
    final List<EthNotice> found = new ArrayList<>();
    final Iterator<Long> at = offsets.iterator();
    for (List<EthNotice> update : updates) {
      if (at.next() > offset) {
        collect(update, wanted, found);
      }
    }
    return found;
  }

  private static int logCount(List<EthNotice> notices) {
    int count = 0;
    for (EthNotice notice : notices) {
      if (notice.kind == EthNotice.Kind.LOG) {
        count++;
      }
    }
    return count;
  }

  /**
   * The notifications after the latest one the cursor names that {@code wanted} accepts, oldest
   * first; null when the journal does not hold the cursor's notification.
   */
  List<EthNotice> after(EthCursor cursor, Predicate<EthNotice> wanted) {
    final Iterator<List<EthNotice>> newestFirst = updates.descendingIterator();
    final ArrayDeque<List<EthNotice>> later = new ArrayDeque<>();
    while (newestFirst.hasNext()) {
      final List<EthNotice> update = newestFirst.next();
      for (int i = update.size() - 1; i >= 0; i--) {
        if (update.get(i).isAt(cursor)) {
          final List<EthNotice> found = new ArrayList<>();
          collect(update.subList(i + 1, update.size()), wanted, found);
          for (List<EthNotice> next : later) {
            collect(next, wanted, found);
          }
          return found;
        }
      }
      later.addFirst(update);
    }
    return null;
  }

  private static void collect(List<EthNotice> notices, Predicate<EthNotice> wanted, List<EthNotice> into) {
    for (EthNotice notice : notices) {
      if (wanted.test(notice)) {
        into.add(notice);
      }
    }
  }

  int size() {
    return updates.size();
  }
}
