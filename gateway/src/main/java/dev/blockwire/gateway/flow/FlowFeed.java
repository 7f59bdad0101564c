package dev.blockwire.gateway.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.blockwire.gateway.OrderedTopicReader;
import dev.blockwire.gateway.TopicFollower;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows flow.chain and streams it to subscriptions.
 *
 * <p>Two threads ({@link TopicFollower}, as the NEAR and Ethereum feeds): the consumer reads and
 * decodes updates; the dispatcher owns the history and every subscription's cursor and handles
 * updates, new subscriptions and removals one at a time, and moves the streams on after each batch
 * of them and when a paced stream's next send is due (the follower's {@link TopicFollower.Tick}). A subscription is a cursor into the history: it replays from its start point and then
 * follows live updates with the same code, so there is no seam where an update could be missed or
 * repeated. A subscription pulls at most a few frames ahead of its connection and is paced to
 * {@code maxResponsesPerSecond}; one that falls out of the history window ends with a slow-consumer
 * error. Partitions are assigned directly (no consumer group).
 */
public final class FlowFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlowFeed.class);
  /** A connection with this many frames queued is not fed more until it drains. */
  static final int BACKLOG_HIGH_WATER = 512;
  private static final long BACKLOG_RETRY_NANOS = 10_000_000L;
  private static final int MAX_PENDING = 8;

  private final FlowGatewayConfig config;
  private final FlowHistory history;
  private final TopicFollower<FlowBlockView> follower;
  private final Set<FlowSubscription> active = new LinkedHashSet<>();
  private final List<FlowSubscription> waitingForCatchUp = new ArrayList<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicInteger streams = new AtomicInteger();
  private final long periodNanos;
  private volatile long updatesSeen;
  private long wakeAtNanos = Long.MAX_VALUE;

  public FlowFeed(String bootstrapServers, FlowGatewayConfig config) {
    this.config = config;
    this.history = new FlowHistory(config.historyUpdates());
    this.periodNanos = config.maxResponsesPerSecond() > 0 ? 1_000_000_000L / config.maxResponsesPerSecond() : 0;
    this.follower = new TopicFollower<>("flow", config.topic(),
        OrderedTopicReader.consumerProperties(bootstrapServers, "blockwire-gateway-flow"), config.historyUpdates(),
        new Follower(), this::pumpAll);
  }

  public FlowGatewayConfig config() {
    return config;
  }

  public void start() {
    follower.start();
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  public long updatesSeen() {
    return updatesSeen;
  }

  /** Takes a gateway-wide stream slot; false when all {@code maxGlobalStreams} are in use. */
  boolean tryAcquireStream() {
    while (true) {
      final int current = streams.get();
      if (current >= config.maxGlobalStreams()) {
        return false;
      }
      if (streams.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void releaseStream() {
    streams.decrementAndGet();
  }

  /** Starts streaming a subscription whose ack has been queued. */
  void add(FlowSubscription subscription) {
    enqueue(() -> {
      if (!isCaughtUp()) {
        waitingForCatchUp.add(subscription);
      } else {
        install(subscription);
      }
    });
  }

  /** Stops a subscription (it was cancelled before). */
  void remove(FlowSubscription subscription) {
    enqueue(() -> {
      active.remove(subscription);
      waitingForCatchUp.remove(subscription);
    });
  }

  /** Runs a read-only query on the history in the dispatch thread (for the REST routes). */
  <T> CompletableFuture<T> query(Function<FlowHistory, T> question) {
    final CompletableFuture<T> answer = new CompletableFuture<>();
    enqueue(() -> {
      try {
        answer.complete(question.apply(history));
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      }
    });
    return answer;
  }

  // ------------------------------------------------------------------ dispatch thread

  private void install(FlowSubscription sub) {
    if (sub.isCancelled()) {
      return;
    }
    final FlowSpec spec = sub.spec;
    if (spec.topic() == FlowTopic.TRANSACTION_STATUSES) {
      final long first = history.firstSeqOf(spec.txId());
      sub.nextSeq = first >= 0 ? first : history.nextSeq();
    } else {
      long height;
      if (spec.startBlockId() != null) {
        final Long known = history.heightOf(spec.startBlockId());
        if (known == null) {
          fail(sub, "rpc error: code = NotFound desc = could not get start height from block id: could not get header "
              + "for block " + spec.startBlockId() + ": key not found");
          return;
        }
        height = known;
      } else if (spec.startHeight() >= 0) {
        height = spec.startHeight();
      } else {
        final long latest = spec.blockStatus() == FlowBlockStatus.SEALED ? history.latestSealed() : history.latestFinalized();
        height = latest >= 0 ? latest : 0;
      }
      if (spec.hasStart()) {
        final long oldest = history.oldestHeight();
        if (oldest >= 0 && height < oldest) {
          fail(sub, "rpc error: code = InvalidArgument desc = could not get start height from block height: start "
              + "height must be greater than or equal to the root height " + oldest);
          return;
        }
        if (height > history.latestFinalized()) {
          fail(sub, "rpc error: code = NotFound desc = could not get start height from block height: could not get "
              + "header for height " + height + ": key not found");
          return;
        }
      }
      sub.minHeight = height;
      sub.nextSeq = history.seqFromHeight(height);
    }
    sub.started = true;
    active.add(sub);
  }

  private void fail(FlowSubscription sub, String detail) {
    sub.session.removeIfSame(sub); // before the error leaves, as for a finished stream's last message
    sub.deliver(FlowCodec.error(sub.id, 500, "internal error: subscription finished with error: " + detail,
        FlowCodec.SUBSCRIBE));
    end(sub);
  }

  private void end(FlowSubscription sub) {
    active.remove(sub);
    sub.session.removeIfSame(sub);
    if (sub.markEnded()) {
      releaseStream();
    }
  }

  private void onUpdate(FlowBlockView view) {
    history.add(view);
    updatesSeen++;
  }

  /** Moves every subscription forward as far as its connection and pace allow; returns when to go on. */
  private long pumpAll() {
    wakeAtNanos = Long.MAX_VALUE;
    final long now = System.nanoTime();
    for (FlowSubscription sub : new ArrayList<>(active)) {
      pump(sub, now);
    }
    return wakeAtNanos;
  }

  private void pump(FlowSubscription sub, long now) {
    for (int steps = 0; steps < 10_000; steps++) {
      while (!sub.pending.isEmpty()) {
        if (sub.isCancelled()) {
          end(sub);
          return;
        }
        if (sub.session.backlog() >= BACKLOG_HIGH_WATER) {
          wakeAt(now + BACKLOG_RETRY_NANOS);
          return;
        }
        if (periodNanos > 0 && now < sub.nextSendNanos) {
          wakeAt(sub.nextSendNanos);
          return;
        }
        if (sub.finished && sub.pending.size() == 1) {
          // gone from the connection before its last message leaves: an unsubscribe the client sends
          // after reading it finds no subscription (404), as it would once the stream has ended
          sub.session.removeIfSame(sub);
        }
        if (!sub.deliver(sub.pending.pollFirst())) {
          end(sub);
          return;
        }
        if (periodNanos > 0) {
          sub.nextSendNanos = Math.max(sub.nextSendNanos, now) + periodNanos;
        }
      }
      if (sub.finished) {
        end(sub); // a finished transaction stream ends silently, as flow-go
        return;
      }
      if (sub.nextSeq >= history.nextSeq()) {
        return;
      }
      if (sub.nextSeq < history.firstSeq()) {
        fail(sub, "slow consumer: send buffer full");
        return;
      }
      while (sub.pending.size() < MAX_PENDING && sub.nextSeq < history.nextSeq() && !sub.finished) {
        sub.pending.addAll(sub.produce(history.get(sub.nextSeq++)));
      }
    }
    wakeAt(now);
  }

  private void wakeAt(long nanos) {
    wakeAtNanos = Math.min(wakeAtNanos, nanos);
  }

  private void onCaughtUp() {
    caughtUp.countDown();
    LOG.info("Flow feed {} caught up: {} updates, finalized {}, sealed {}", config.network(),
        history.nextSeq() - history.firstSeq(), history.latestFinalized(), history.latestSealed());
    waitingForCatchUp.forEach(this::install);
    waitingForCatchUp.clear();
  }

  private void enqueue(Runnable task) {
    follower.enqueue(task);
  }

  // ------------------------------------------------------------------ the topic

  /** Decodes flow.chain for the follower (consumer thread); numbers the updates of this network in topic order. */
  private final class Follower implements TopicFollower.Feed<FlowBlockView> {
    private long seq;

    @Override
    public FlowBlockView decode(ConsumerRecord<byte[], byte[]> record) {
      final FlowChainUpdate update = decodeUpdate(record);
      return update == null ? null : FlowBlockView.of(seq++, update);
    }

    @Override
    public void onRecord(FlowBlockView view) {
      onUpdate(view);
    }

    @Override
    public void onCaughtUp() {
      FlowFeed.this.onCaughtUp();
    }
  }

  private FlowChainUpdate decodeUpdate(ConsumerRecord<byte[], byte[]> record) {
    try {
      if (!config.network().equals(Serdes.NETWORK_KEY.decode(record.key()).getNetwork())) {
        return null;
      }
      return Serdes.FLOW_CHAIN_UPDATE.decode(record.value());
    } catch (RuntimeException e) {
      LOG.error("unreadable record {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
      return null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    follower.close();
  }
}
