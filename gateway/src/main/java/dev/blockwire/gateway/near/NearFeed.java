package dev.blockwire.gateway.near;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import dev.blockwire.gateway.OrderedTopicReader;
import dev.blockwire.gateway.TopicFollower;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the ordered NEAR topic and fans blocks out to subscribers.
 *
 * <p>Two threads ({@link TopicFollower}): the consumer reads and decodes blocks; the dispatcher
 * owns the history and the subscriptions and handles blocks and subscribe requests one at a time,
 * in one queue. A
 * subscription installed between blocks N and N+1 gets blocks up to N in its past batch and
 * blocks from N+1 live: every block once, never twice. The partitions are assigned directly (no
 * consumer group), so every gateway instance sees every block.
 *
 * <p>Resume (spec §2.10): a subscription with {@code from_block} or {@code after_cursor} replays
 * the matching events after its position, one {@code note:"replay"} batch per block, then goes
 * live. The replay reads the history on the dispatch thread, and older blocks from the topic
 * through {@link NearArchive} (each on its own thread and consumer) until it meets the history.
 * While replaying the subscription gets no live batch; the replay itself moves on through the
 * blocks that arrive meanwhile and hands over to live on the dispatch thread once it has sent the
 * newest block, so the seam has no gap and no duplicate. Both phases pace themselves by the
 * connection's send queue (sending while it is less than half full).
 */
public final class NearFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NearFeed.class);

  private final int maxTopicResumes;
  private final String topic;
  private final String network;
  private final NearHistory history;
  private final NearArchive archive;
  private final TopicFollower<NearBlockView> follower;
  private final NearSubscriptions subscriptions = new NearSubscriptions();
  private final Map<NearSubscriber, NearRequest.Subscribe> waitingForCatchUp = new LinkedHashMap<>();
  /** Topic reads of replays, by subscriber: locating (the previous subscription still stands) or sending. */
  private final Map<NearSubscriber, NearArchive.Read> reads = new HashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile long blocksSeen;
  private volatile long archiveReads;
  /** The height of the history's oldest block (Long.MAX_VALUE while empty), for replay reads to stop at. */
  private volatile long historyFloor = Long.MAX_VALUE;
  /** The partition's first offset when the history was loaded, if the load started there; else -1. */
  private volatile long loadedFromLogStart = -1;

  /** @param maxTopicResumes replays reading the topic at once (each holds a consumer and a thread) */
  public NearFeed(String bootstrapServers, String topic, String network, int historyBlocks, int historyEvents,
      int maxTopicResumes) {
    this.maxTopicResumes = maxTopicResumes;
    this.topic = topic;
    this.network = network;
    this.history = new NearHistory(historyBlocks, historyEvents);
    this.archive = new NearArchive(bootstrapServers, network, new ArchiveListener());
    this.follower = new TopicFollower<>("near", topic,
        OrderedTopicReader.consumerProperties(bootstrapServers, "blockwire-gateway-near"), historyBlocks, new Follower());
  }

  public void start() {
    follower.start();
  }

  /** Waits until the retained history is loaded; subscriptions wait for it too. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  public long blocksSeen() {
    return blocksSeen;
  }

  /** Replays that read the topic because they reached back past the history (for tests and health). */
  public long archiveReads() {
    return archiveReads;
  }

  /** Installs or replaces the subscriber's subscription, sending its past batch or starting its replay. */
  public void subscribe(NearSubscriber subscriber, NearRequest.Subscribe request) {
    enqueue(() -> {
      if (!isCaughtUp()) {
        waitingForCatchUp.put(subscriber, request); // the newest request wins, as on a live socket
      } else {
        install(subscriber, request);
      }
    });
  }

  /** Removes the subscriber; no message is sent to it afterwards. */
  public void unsubscribe(NearSubscriber subscriber) {
    enqueue(() -> {
      subscriptions.remove(subscriber);
      waitingForCatchUp.remove(subscriber);
      cancelRead(subscriber);
    });
  }

  /** The newest matching events in history, for HTTP queries; runs on the dispatch thread. */
  public CompletableFuture<List<String>> lastMatching(NearFilter filter, NearFormat format, int count) {
    final CompletableFuture<List<String>> result = new CompletableFuture<>();
    enqueue(() -> result.complete(history.lastMatching(filter, format, count).stream()
        .map(event -> event.json(format)).collect(Collectors.toList())));
    return result;
  }

  // ---- dispatch thread ----

  private void install(NearSubscriber subscriber, NearRequest.Subscribe request) {
    cancelRead(subscriber); // a newer request supersedes a replay still reading or locating
    if (!request.replays()) {
      final NearSubscription subscription = new NearSubscription(subscriber, request);
      subscriptions.put(subscription);
      if (request.pastCount().isPresent()) {
        final NearBlockView newest = history.newest();
        subscriber.offer(subscription.message(history.lastMatching(request.filter(), subscriber.format(),
            request.pastCount().getAsInt()), "past", NearPosition.endOf(newest == null ? -1 : newest.height())));
      }
      return;
    }
    final long needed = request.resumeAfter().firstHeightNeeded();
    final NearBlockView oldest = history.oldest();
    if (oldest == null || oldest.height() <= needed || holdsAllRetained()) {
      if (oldest != null && oldest.height() > needed && loadedFromLogStart > 0) {
        subscriber.offer(NearCodec.cursorExpired(request.secretJson())); // the subscription is unchanged
        return;
      }
      final NearSubscription subscription = new NearSubscription(subscriber, request);
      subscription.replay = new NearSubscription.Replay();
      subscription.replay.nextSeq = history.seqAtOrAbove(needed);
      subscriptions.put(subscription);
      pump(subscription);
      return;
    }
    // older than the history: the previous subscription stands until the read has found the start
    if (reads.size() >= maxTopicResumes) {
      subscriber.offer(NearCodec.topicResumesBusy(request.secretJson())); // the subscription is unchanged
      return;
    }
    readArchive(new NearSubscription(subscriber, request), request.resumeAfter(), -1);
  }

  /** True while the history is everything the topic held when it was loaded and everything since. */
  private boolean holdsAllRetained() {
    return loadedFromLogStart >= 0 && !history.trimmed();
  }

  /** Starts a topic read for the subscription, from {@code startOffset} or (-1) from where it locates {@code after}. */
  private NearArchive.Read readArchive(NearSubscription subscription, NearPosition after, long startOffset) {
    final NearBlockView oldest = history.oldest();
    final NearArchive.Read read = new NearArchive.Read(subscription, after, new TopicPartition(topic,
        oldest.partition()), startOffset, oldest.offset(), oldest.height(), () -> historyFloor);
    reads.put(subscription.subscriber, read);
    archiveReads++;
    archive.start(read);
    return read;
  }

  private void cancelRead(NearSubscriber subscriber) {
    final NearArchive.Read read = reads.remove(subscriber);
    if (read != null) {
      read.cancel();
    }
  }

  /** True if the read is still the subscriber's current one. */
  private boolean current(NearArchive.Read read) {
    return reads.get(read.subscription.subscriber) == read;
  }

  private void onLocated(NearArchive.Read read) {
    if (!current(read)) {
      read.installed.complete(false);
      return;
    }
    final NearSubscription subscription = read.subscription;
    if (subscriptions.get(subscription.subscriber) != subscription) {
      subscription.replay = new NearSubscription.Replay();
      subscriptions.put(subscription); // replaces the previous subscription now
    }
    subscription.replay.read = read;
    read.installed.complete(true);
  }

  private void onExpired(NearArchive.Read read) {
    if (!current(read)) {
      return;
    }
    reads.remove(read.subscription.subscriber);
    final NearSubscription subscription = read.subscription;
    if (subscriptions.get(subscription.subscriber) == subscription) {
      // retention deleted blocks this replay had not sent yet: the stream cannot continue whole
      subscriptions.remove(subscription.subscriber);
      subscription.subscriber.fail("replay fell behind the retained history");
    } else {
      subscription.subscriber.offer(NearCodec.cursorExpired(subscription.request.secretJson()));
    }
  }

  private void onReadFailed(NearArchive.Read read) {
    if (!current(read)) {
      return;
    }
    reads.remove(read.subscription.subscriber);
    if (subscriptions.get(read.subscription.subscriber) == read.subscription) {
      subscriptions.remove(read.subscription.subscriber);
    }
    read.subscription.subscriber.fail("replay failed: the topic could not be read");
  }

  private void onReadFinished(NearArchive.Read read) {
    if (!current(read)) {
      return;
    }
    final NearSubscription subscription = read.subscription;
    reads.remove(subscription.subscriber);
    if (subscriptions.get(subscription.subscriber) != subscription || subscription.replay == null) {
      return;
    }
    subscription.after = read.after;
    final NearBlockView oldest = history.oldest();
    if (!read.reachedEnd() && oldest != null && oldest.height() > read.stopHeight) {
      // the history dropped the stop block meanwhile: read on from it
      subscription.replay.read = readArchive(subscription, read.after, read.stopOffset);
      return;
    }
    subscription.replay.read = null;
    subscription.replay.nextSeq = history.seqAtOrAbove(subscription.after.firstHeightNeeded());
    pump(subscription);
  }

  /**
   * Replays history blocks while the connection's queue is less than half full, then waits for
   * it to drain; live from the newest block on.
   */
  private void pump(NearSubscription subscription) {
    final NearSubscription.Replay replay = subscription.replay;
    final NearSubscriber subscriber = subscription.subscriber;
    if (replay == null || replay.read != null || subscriptions.get(subscriber) != subscription) {
      return;
    }
    if (replay.nextSeq < history.firstSeq()) {
      replay.read = readArchive(subscription, subscription.after, -1); // the history dropped blocks not yet replayed
      return;
    }
    final int room = Math.max(1, subscriber.capacity() / 2);
    final List<NearEventView> matched = new ArrayList<>();
    while (replay.nextSeq < history.endSeq()) {
      if (subscriber.queued() >= room) {
        subscriber.onDrained(() -> post(() -> pump(subscription)));
        return;
      }
      final NearBlockView block = history.get(replay.nextSeq++);
      matched.clear();
      for (NearEventView event : block.events()) {
        if (subscription.wants(event)) {
          matched.add(event);
        }
      }
      if (!matched.isEmpty() && !subscriber.offer(subscription.message(matched, "replay", null))) {
        subscriptions.remove(subscriber);
        return;
      }
      subscription.after = NearPosition.endOf(block.height()).max(subscription.after);
    }
    subscription.replay = null; // live from the next block: the seam is between two blocks
  }

  private void onBlock(NearBlockView block) {
    final NearBlockView newest = history.newest();
    if (newest != null && block.height() <= newest.height()) {
      LOG.warn("NEAR block {} at {}-{} is not above block {}: skipped", block.height(), block.partition(),
          block.offset(), newest.height());
      return;
    }
    history.add(block);
    historyFloor = history.oldest().height();
    blocksSeen++;
    if (block.events().isEmpty()) {
      return;
    }
    final List<NearEventView> matched = new ArrayList<>();
    final List<NearSubscriber> gone = new ArrayList<>();
    // Only the subscriptions that can match one of the block's events. A cursor ahead of this gateway
    // (subscription.after) is left in place for the others: it precedes every later block anyway.
    for (NearSubscription subscription : subscriptions.candidates(block)) {
      if (subscription.replay != null) {
        continue; // the replay will send this block
      }
      matched.clear();
      for (NearEventView event : block.events()) {
        if (subscription.wants(event)) {
          matched.add(event);
        }
      }
      if (subscription.after != null && subscription.after.height() < block.height()) {
        subscription.after = null; // a cursor ahead of this gateway is passed
      }
      if (!matched.isEmpty() && !subscription.subscriber.offer(subscription.message(matched, null, null))) {
        gone.add(subscription.subscriber);
      }
    }
    gone.forEach(subscriptions::remove);
  }

  private void onCaughtUp() {
    caughtUp.countDown();
    LOG.info("NEAR feed {} caught up: {} blocks, {} events in history", network, history.blockCount(),
        history.eventCount());
    waitingForCatchUp.forEach(this::install);
    waitingForCatchUp.clear();
  }

  private void enqueue(Runnable task) {
    follower.enqueue(task);
  }

  /** Queues a task without ever blocking (for sending threads and replay readers). */
  private void post(Runnable task) {
    follower.post(task);
  }

  /** Hands the archive's events to the dispatch thread. */
  private final class ArchiveListener implements NearArchive.Listener {
    @Override
    public void located(NearArchive.Read read) {
      post(() -> onLocated(read));
    }

    @Override
    public void expired(NearArchive.Read read) {
      post(() -> onExpired(read));
    }

    @Override
    public void finished(NearArchive.Read read) {
      post(() -> onReadFinished(read));
    }

    @Override
    public void failed(NearArchive.Read read, Exception error) {
      post(() -> onReadFailed(read));
    }
  }

  /** The topic's records and the history load, from {@link TopicFollower}. */
  private final class Follower implements TopicFollower.Feed<NearBlockView> {
    @Override
    public NearBlockView decode(ConsumerRecord<byte[], byte[]> record) {
      return NearArchive.decode(record, network);
    }

    @Override
    public void onRecord(NearBlockView block) {
      onBlock(block);
    }

    @Override
    public void onCaughtUp() {
      NearFeed.this.onCaughtUp();
    }

    @Override
    public void onAssigned(Map<TopicPartition, Long> begin, Map<TopicPartition, Long> from) {
      boolean fromLogStart = true;
      long logStart = 0;
      for (Map.Entry<TopicPartition, Long> entry : from.entrySet()) {
        fromLogStart &= entry.getValue().equals(begin.get(entry.getKey()));
        logStart = Math.max(logStart, begin.get(entry.getKey()));
      }
      loadedFromLogStart = fromLogStart ? logStart : -1;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    follower.close();
    for (NearArchive.Read read : reads.values()) {
      read.cancel(); // the dispatch thread has stopped: the map is ours now
    }
    archive.close();
  }
}
