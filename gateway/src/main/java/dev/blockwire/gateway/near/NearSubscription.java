package dev.blockwire.gateway.near;

import java.util.List;

import dev.blockwire.gateway.Utf8Message;

/**
 * One connection's installed subscription and where its stream stands. Mutable state belongs to
 * the feed's dispatch thread.
 */
final class NearSubscription {

  /**
   * A replay in progress: blocks are sent from the topic (while {@code read} is set) or from the
   * history (from {@code nextSeq} on), never live, until the replay reaches the newest block.
   */
  static final class Replay {
    /** The topic read sending older blocks, or null when the history is being replayed. */
    NearArchive.Read read;
    /** The next history block to replay (history phase). */
    long nextSeq;
  }

  final NearSubscriber subscriber;
  final NearRequest.Subscribe request;
  /** {@code {"secret":…,"events":[} of every batch, as UTF-8. */
  private final byte[] head;
  /**
   * Nothing at or before this position is sent: what the replay has covered, or where a cursor
   * ahead of this gateway points. Null when there is no such floor.
   */
  NearPosition after;
  /** Non-null while replaying. */
  Replay replay;

  NearSubscription(NearSubscriber subscriber, NearRequest.Subscribe request) {
    this.subscriber = subscriber;
    this.request = request;
    this.after = request.resumeAfter();
    this.head = NearCodec.batchHead(request.secretJson());
  }

  /** Whether the event is new to this subscription and matches its filter. */
  boolean wants(NearEventView event) {
    return (after == null || after.precedes(event.event())) && request.filter().matches(event, subscriber.format());
  }

  /**
   * The batch message for these events of one block (or of the past batch), with the cursor of
   * the last one when the subscription asked for cursors.
   *
   * @param note {@code past}, {@code replay} or null for a live batch
   * @param emptyCursor the cursor's position when {@code events} is empty (only the past batch can be)
   */
  Utf8Message message(List<NearEventView> events, String note, NearPosition emptyCursor) {
    String cursor = null;
    if (request.withCursor()) {
      cursor = (events.isEmpty() ? emptyCursor : NearPosition.of(events.get(events.size() - 1).event())).cursor();
    }
    return NearCodec.batch(head, events, subscriber.format(), note, cursor);
  }
}
