package dev.blockwire.gateway.eth;

import java.util.List;

/**
 * The reply to a message (one request or a batch) with cursor resumes that read the topic first:
 * held until every read is done, so each such subscribe gets its subscription id or its error, and
 * then sent whole, after which its subscriptions start (as for any subscribe, the reply precedes
 * the first notification). Dispatch thread only.
 */
final class EthPendingReply {

  private final EthSession session;
  private final boolean batch;
  private final List<String> answers;
  private final List<EthSubscription> created;
  /** The topic reads of this reply, in request order. */
  final List<EthArchive.Read> reads;
  private int outstanding;

  /**
   * @param answers the rendered answers, each topic resume's as if it succeeded; mutable
   * @param created the subscriptions to start after the reply, in request order; mutable
   */
  EthPendingReply(EthSession session, boolean batch, List<String> answers, List<EthSubscription> created,
      List<EthArchive.Read> reads) {
    this.session = session;
    this.batch = batch;
    this.answers = answers;
    this.created = created;
    this.reads = reads;
    this.outstanding = reads.size();
  }

  EthSession session() {
    return session;
  }

  /** The read's subscribe failed: its answer becomes the error and its subscription never starts. */
  void failed(EthArchive.Read read, RpcError error) {
    created.remove(read.subscription);
    if (read.answerIndex >= 0) {
      answers.set(read.answerIndex, EthCodec.error(read.rawId, error));
    }
  }

  /** One read is done; true when it was the last. */
  boolean readDone() {
    return --outstanding == 0;
  }

  /** A read goes on (it must reach newer records before the reply can go out). */
  void readAgain() {
    outstanding++;
  }

  /** Whether reads are still going on. */
  boolean waiting() {
    return outstanding > 0;
  }

  /** Sends the reply, then starts the subscriptions. */
  void send(EthFeed feed) {
    if (!answers.isEmpty()) {
      session.offer(batch ? EthCodec.batch(answers) : answers.get(0));
    }
    for (EthSubscription subscription : created) {
      feed.activate(subscription);
    }
  }
}
