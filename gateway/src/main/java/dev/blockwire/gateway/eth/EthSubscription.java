package dev.blockwire.gateway.eth;

import java.util.ArrayDeque;
import java.util.List;

import dev.blockwire.gateway.Utf8Message;

/**
 * One eth_subscribe subscription of one connection. The notification frame's constant head is
 * built once; every notification splices a result rendered once per update. Mutable state
 * (the replay) belongs to the feed's dispatch thread.
 */
final class EthSubscription {

  /** The subscription names the gateway serves. */
  enum Kind {
    NEW_HEADS("newHeads"),
    LOGS("logs"),
    NEW_PENDING_TRANSACTIONS("newPendingTransactions"),
    SYNCING("syncing"),
    /** Ours (spec §9): the header {@code finalized-depth} blocks below the head, each time it advances. */
    FINALIZED_HEADS("finalizedHeads");

    final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }
  }

  /** History still to send before the subscription goes live (the opt-in replay or a cursor resume). */
  static final class Replay {
    /** Each replayed notification, oldest first; shared. */
    final List<EthNotice> backlog;
    int next;
    /** Live notification frames that arrived while replaying, sent after the backlog. */
    final ArrayDeque<Utf8Message> held = new ArrayDeque<>();
    boolean waiting;

    Replay(List<EthNotice> backlog) {
      this.backlog = backlog;
    }
  }

  final String id;
  final Kind kind;
  final EthSession session;
  /** The logs filter; {@link LogFilter#ANY} for other kinds. */
  final LogFilter filter;
  /** The notification head up to {@code "result":}, as UTF-8. */
  final byte[] prefix;
  /** Each notification carries its cursor ({@code withCursor}, implied by {@code cursor}). */
  final boolean withCursor;
  /** Non-null while history is being replayed (dispatch thread). */
  Replay replay;
  /** Set when the subscription is removed (dispatch thread). */
  boolean removed;
  /** Activation order among the feed's subscriptions (dispatch thread): the order deliveries keep. */
  long order;

  /**
   * @param replayBacklog notifications to send before going live; null for a plain live subscription
   */
  EthSubscription(String id, Kind kind, EthSession session, LogFilter filter, List<EthNotice> replayBacklog,
      boolean withCursor) {
    this.id = id;
    this.kind = kind;
    this.session = session;
    this.filter = filter;
    this.prefix = Utf8Message.utf8(EthCodec.notificationPrefix(id));
    this.replay = replayBacklog == null ? null : new Replay(replayBacklog);
    this.withCursor = withCursor;
  }

  /** A notification without a chain position (syncing's {@code false}). */
  Utf8Message frame(String resultJson) {
    return EthCodec.notification(prefix, Utf8Message.utf8(resultJson), null);
  }

  Utf8Message frame(EthNotice notice) {
    return EthCodec.notification(prefix, notice.resultUtf8(), withCursor ? notice.cursor() : null);
  }

  /** Whether this subscription is sent the notice. */
  boolean wants(EthNotice notice) {
    return wants(kind, filter, notice);
  }

  /** Whether a subscription of this kind and filter is sent the notice. */
  static boolean wants(Kind kind, LogFilter filter, EthNotice notice) {
    switch (notice.kind) {
      case LOG:
        return kind == Kind.LOGS && filter.matches(notice.log);
      case HEAD:
        return kind == Kind.NEW_HEADS;
      case FINALIZED:
        return kind == Kind.FINALIZED_HEADS;
      default:
        return false;
    }
  }
}
