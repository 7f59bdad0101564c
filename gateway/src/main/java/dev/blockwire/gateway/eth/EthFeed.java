package dev.blockwire.gateway.eth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.blockwire.gateway.OrderedTopicReader;
import dev.blockwire.gateway.TopicFollower;
import dev.blockwire.gateway.Utf8Message;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.eth.EthChainUpdate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the ordered canonical-chain topic and fans every change out to the subscriptions, in
 * geth's order.
 *
 * <p>Two threads ({@link TopicFollower}), as {@code NearFeed}: the consumer reads, decodes and renders updates (every
 * header and log becomes JSON once, there); the dispatcher owns the chain window, the
 * subscriptions and every JSON-RPC request, and handles updates and requests one at a time in
 * one queue. A subscription installed between updates N and N+1 gets everything from N+1 on; a
 * replay sends history up to N first: every event once, never twice. Partitions are assigned
 * directly (no consumer group, read_committed), so every gateway instance sees every update.
 *
 * <p>Order of one update's notifications (geth's, deterministic here): removed logs, appended
 * logs, the logs of every added block but the last, newHeads for the last added block, its logs,
 * then finalizedHeads when the finalized block moved.
 */
public final class EthFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EthFeed.class);

  private final EthSettings settings;
  private final EthChain chain;
  private final EthNotifier notifier;
  private final EthJournal journal;
  private final EthArchive archive;
  private final EthRpc rpc;
  private final TopicFollower<Located> follower;
  private final List<Runnable> waitingForCatchUp = new ArrayList<>();
  private final Set<EthSubscription> headsSubscriptions = new LinkedHashSet<>();
  private final EthLogSubscriptions logsSubscriptions = new EthLogSubscriptions();
  private final Set<EthSubscription> finalizedSubscriptions = new LinkedHashSet<>();
  private final List<EthSession> failed = new ArrayList<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicLong updatesSeen = new AtomicLong();
  private final AtomicLong subscriptionCount = new AtomicLong();
  private volatile long head = -1;
  /** The partition and offset of the newest update applied (dispatch thread writes; topic reads stop there). */
  private volatile int appliedPartition = -1;
  private volatile long appliedOffset = -1;
  /** Cursor resumes reading the topic now (dispatch thread), and since start. */
  private int topicResumes;
  private final AtomicLong topicResumesStarted = new AtomicLong();

  public EthFeed(String bootstrapServers, EthSettings settings) {
    this.settings = settings;
    this.chain = new EthChain(settings.windowBlocks(), settings.historyLogs());
    this.notifier = new EthNotifier(chain, settings.finalizedDepth());
    this.journal = new EthJournal(settings.windowBlocks(), settings.historyLogs());
    this.rpc = new EthRpc(this, settings);
    // one record per chain change: the window's worth of records rebuilds the window
    this.follower = new TopicFollower<>("eth", settings.topic(),
        OrderedTopicReader.consumerProperties(bootstrapServers, "blockwire-gateway-eth"), settings.windowBlocks(),
        new TopicFollower.Feed<Located>() {
          @Override
          public Located decode(ConsumerRecord<byte[], byte[]> record) {
            final EthUpdateView update = EthFeed.decode(record, settings);
            return update == null ? null : new Located(update, record.partition(), record.offset());
          }

          @Override
          public void onRecord(Located located) {
            onUpdate(located.update(), located.partition(), located.offset());
          }

          @Override
          public void onCaughtUp() {
            EthFeed.this.onCaughtUp();
          }
        });
    this.archive = new EthArchive(bootstrapServers, settings, () -> appliedOffset, () -> !follower.isRunning(),
        read -> postUrgent(() -> onTopicRead(read)));
  }

  public void start() {
    follower.start();
  }

  /** Waits until the retained history is loaded; requests wait for it too. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** Chain updates applied so far. */
  public long updatesSeen() {
    return updatesSeen.get();
  }

  /** The canonical head's number, -1 before the first block. */
  public long head() {
    return head;
  }

  /** Active subscriptions over all connections. */
  public long subscriptionCount() {
    return subscriptionCount.get();
  }

  public EthSettings settings() {
    return settings;
  }

  /** Cursor resumes that read the chain topic because they were older than the journal, since start. */
  public long topicResumesStarted() {
    return topicResumesStarted.get();
  }

  // ---- entry points for the endpoint (websocket threads) ----

  /** Handles one decoded client message on the dispatch thread, after the history is loaded. */
  void submit(EthSession session, EthCodec.Inbound inbound) {
    enqueue(() -> {
      if (isCaughtUp()) {
        rpc.handle(session, inbound);
      } else {
        waitingForCatchUp.add(() -> rpc.handle(session, inbound));
      }
    });
  }

  /** Drops every subscription of a closed connection. Never blocks. */
  void disconnect(EthSession session) {
    session.markClosed();
    post(() -> removeAll(session));
  }

  // ---- dispatch thread ----

  EthChain chain() {
    return chain;
  }

  /**
   * What a subscription resuming after {@code cursor} is sent before it goes live, in the order
   * it was sent live; null when the cursor's notification is older than the journal.
   */
  List<EthNotice> resume(EthCursor cursor, EthSubscription.Kind kind, LogFilter filter) {
    return journal.after(cursor, notice -> EthSubscription.wants(kind, filter, notice));
  }

  /** Takes a slot for a cursor resume that reads the topic; false when all are taken. */
  boolean reserveTopicResume() {
    if (topicResumes >= settings.maxTopicResumes()) {
      return false;
    }
    topicResumes++;
    return true;
  }

  /** Starts the topic reads of a held reply (each with a reserved slot); the reply goes out when all are done. */
  void startTopicReads(EthPendingReply reply, List<EthArchive.Read> reads) {
    for (EthArchive.Read read : reads) {
      read.reply = reply;
      if (appliedPartition < 0) {
        read.error = RpcError.cursorNotFound(); // nothing of this network on the topic yet
        onTopicRead(read);
        continue;
      }
      read.partition = new TopicPartition(settings.topic(), appliedPartition);
      topicResumesStarted.incrementAndGet();
      archive.start(read);
    }
  }

  /** A topic read is done (or failed); the reply goes out when all of its reads are. */
  private void onTopicRead(EthArchive.Read read) {
    if (read.reply.readDone()) {
      finishTopicReads(read.reply);
    }
  }

  /**
   * Completes each read's backlog with what the journal holds after the last record it read (a
   * read never passes the newest applied update), sends the reply and starts its subscriptions,
   * all in this one task: they go live between two updates with no gap and no duplicate. A read
   * whose records the journal no longer continues reads on first.
   */
  private void finishTopicReads(EthPendingReply reply) {
    if (follower.isRunning() && !reply.session().closed()) {
      for (EthArchive.Read read : reply.reads) {
        if (read.error == null && !journal.holdsAllAfter(read.readThrough)) {
          reply.readAgain();
          archive.start(read);
        }
      }
      if (reply.waiting()) {
        return; // reading on: onTopicRead finishes when they are done
      }
    }
    topicResumes -= reply.reads.size();
    for (EthArchive.Read read : reply.reads) {
      if (read.error != null) {
        reply.failed(read, read.error);
        continue;
      }
      final List<EthNotice> backlog = read.subscription.replay.backlog;
      final List<EthNotice> inJournal = journal.after(read.cursor, read.wanted);
      if (inJournal != null) {
        backlog.addAll(inJournal); // the cursor's notification came again since: the latest wins, as in any resume
      } else {
        backlog.addAll(read.backlog);
        backlog.addAll(journal.since(read.readThrough, read.wanted));
      }
    }
    reply.send(this);
  }

  /** Makes a subscription live (after its subscribe response was queued) and starts its replay. */
  void activate(EthSubscription subscription) {
    final EthSession session = subscription.session;
    if (session.closed()) {
      return;
    }
    session.subscriptions.put(subscription.id, subscription);
    subscriptionCount.incrementAndGet();
    switch (subscription.kind) {
      case NEW_HEADS:
        headsSubscriptions.add(subscription);
        break;
      case LOGS:
        logsSubscriptions.add(subscription);
        break;
      case FINALIZED_HEADS:
        finalizedSubscriptions.add(subscription);
        break;
      case SYNCING:
        // a synced node answers a new syncing subscription with false at once
        if (!session.offer(subscription.frame("false"))) {
          failed(session);
        }
        break;
      default:
        break; // newPendingTransactions: accepted, no pending feed yet
    }
    if (subscription.replay != null) {
      pump(subscription);
    }
    removeFailed();
  }

  /** eth_unsubscribe: true if the connection had this subscription. */
  boolean unsubscribe(EthSession session, String id) {
    final EthSubscription subscription = session.subscriptions.remove(id);
    if (subscription == null) {
      return false;
    }
    forget(subscription);
    return true;
  }

  private void forget(EthSubscription subscription) {
    subscription.removed = true;
    subscription.replay = null;
    subscriptionCount.decrementAndGet();
    headsSubscriptions.remove(subscription);
    logsSubscriptions.remove(subscription);
    finalizedSubscriptions.remove(subscription);
  }

  private void removeAll(EthSession session) {
    for (EthSubscription subscription : session.subscriptions.values()) {
      forget(subscription);
    }
    session.subscriptions.clear();
  }

  private void onUpdate(EthUpdateView update, int partition, long offset) {
    final List<EthNotice> notices = notifier.apply(update);
    head = chain.head();
    updatesSeen.incrementAndGet();
    journal.add(notices, offset);
    appliedPartition = partition;
    appliedOffset = offset;
    for (EthNotice notice : notices) {
      final Iterable<EthSubscription> subscriptions = switch (notice.kind) {
        case LOG -> logsSubscriptions.candidates(notice.log);
        case HEAD -> headsSubscriptions;
        case FINALIZED -> finalizedSubscriptions;
      };
      for (EthSubscription subscription : subscriptions) {
        if (subscription.wants(notice)) {
          deliver(subscription, notice);
        }
      }
    }
    removeFailed();
  }

  private void deliver(EthSubscription subscription, EthNotice notice) {
    final EthSession session = subscription.session;
    if (session.closed()) {
      failed(session);
      return;
    }
    final Utf8Message frame = subscription.frame(notice);
    final EthSubscription.Replay replay = subscription.replay;
    if (replay != null) {
      if (replay.held.size() >= settings.queueLimit()) {
        session.outbox.closeForOverflow(); // the client cannot take its history and the live stream
        session.markClosed();
        failed(session);
        return;
      }
      replay.held.addLast(frame);
      return;
    }
    if (!session.offer(frame)) {
      failed(session);
    }
  }

  /**
   * Sends replayed history while the connection's queue has room (half of it), then the live
   * notifications held meanwhile; resumes when the queue drains to a quarter.
   */
  private void pump(EthSubscription subscription) {
    final EthSubscription.Replay replay = subscription.replay;
    final EthSession session = subscription.session;
    if (replay == null || subscription.removed || session.closed()) {
      return;
    }
    replay.waiting = false;
    final int room = Math.max(1, session.outbox.capacity() / 2);
    while (replay.next < replay.backlog.size() || !replay.held.isEmpty()) {
      if (session.outbox.depth() >= room) {
        replay.waiting = true;
        session.outbox.onLowWater(() -> post(() -> pump(subscription)));
        return;
      }
      final Utf8Message frame = replay.next < replay.backlog.size()
          ? subscription.frame(replay.backlog.get(replay.next++))
          : replay.held.pollFirst();
      if (!session.offer(frame)) {
        failed(session);
        removeFailed();
        return;
      }
    }
    subscription.replay = null; // live from here: the seam is between two updates
  }

  private void failed(EthSession session) {
    failed.add(session);
  }

  private void removeFailed() {
    if (failed.isEmpty()) {
      return;
    }
    for (EthSession session : failed) {
      removeAll(session);
    }
    failed.clear();
  }

  private void onCaughtUp() {
    notifier.settleFinalized();
    caughtUp.countDown();
    LOG.info("Ethereum feed {} caught up: head {}, {} blocks and {} logs in memory", settings.network(), chain.head(),
        chain.blockCount(), chain.logCount());
    for (Runnable task : waitingForCatchUp) {
      task.run();
    }
    waitingForCatchUp.clear();
  }

  private void enqueue(Runnable task) {
    follower.enqueue(task);
  }

  /** Queues a task without ever blocking (for sending threads and the dispatcher itself). */
  private void post(Runnable task) {
    follower.post(task);
  }

  /** Runs a task before the queued updates (a topic read is done: the fewer updates go by, the likelier its seam is in the journal). */
  private void postUrgent(Runnable task) {
    follower.postUrgent(task);
  }

  /** An update with the chain topic position it was read at. */
  private record Located(EthUpdateView update, int partition, long offset) {}

  /** An update of the settings' network from a record of the chain topic; null for other networks and unreadable records. */
  static EthUpdateView decode(ConsumerRecord<byte[], byte[]> record, EthSettings settings) {
    try {
      final NetworkKey key = Serdes.NETWORK_KEY.decode(record.key());
      if (!settings.network().equals(key.getNetwork())) {
        return null;
      }
      final EthChainUpdate update = Serdes.ETH_CHAIN_UPDATE.decode(record.value());
      return EthUpdateView.of(update, settings.gethVersion());
    } catch (RuntimeException e) {
      // The processor writes this topic; a record we cannot read is a bug to see, not to hide.
      LOG.error("unreadable record {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
      return null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    follower.close();
    archive.close();
  }
}
