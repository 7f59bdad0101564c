package dev.blockwire.gateway.near;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import dev.blockwire.gateway.OrderedTopicReader;
import dev.blockwire.gateway.Utf8Message;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ordered NEAR topic for replays that reach back past the in-memory history: each
 * {@link Read} has its own consumer on its own thread, sends the replay batches of the blocks it
 * reads straight to the subscriber (paced by the subscriber's send queue) and stops at the first
 * block the history still holds (the history's floor is read as it moves, so a read keeps up with
 * a small history on a fast chain), where the feed's dispatch thread takes over.
 *
 * <p>Finding where to start: the offset of a height is not indexed, but heights strictly increase
 * along the partition and never by less than one per record, so the block at height h lies at or
 * after {@code offset(H) - (H - h)} for a known block H. The read starts there and steps back,
 * doubling the step, while the first block it finds is still above h (records of other networks
 * on the partition can shift it). A height below the oldest retained block is expired once the
 * topic's retention has deleted anything.
 */
final class NearArchive implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NearArchive.class);
  private static final Duration POLL = OrderedTopicReader.POLL;
  private static final long STALL_NANOS = OrderedTopicReader.STALL_NANOS;

  /** What the feed hears from a read; every call comes from the read's thread and must not block. */
  interface Listener {
    /** The start is found: install the subscription (on the dispatch thread) and complete {@link Read#installed}. */
    void located(Read read);

    /** The start is older than the topic retains. */
    void expired(Read read);

    /** The read stopped at the history (or at the topic's end) or was cancelled. */
    void finished(Read read);

    void failed(Read read, Exception error);
  }

  /**
   * One read for one subscription. The dispatch thread sets the inputs; the read's thread sets
   * the outputs before {@link Listener#finished}. {@link #cancel()} and each send exclude each
   * other, so after cancel() returns nothing more is sent.
   */
  static final class Read {
    final NearSubscription subscription;
    final TopicPartition partition;
    /** Where to start reading, or -1 to locate the start from the hint. */
    final long startOffset;
    /** A block known to be on the partition (the history's oldest), to locate the start from. */
    final long hintOffset;
    final long hintHeight;
    /** The height of the history's oldest block, as it moves: the read stops at the first block at or above it. */
    final LongSupplier historyFloor;
    /** Completed by the dispatch thread after {@link Listener#located}: true when the read may send. */
    final CompletableFuture<Boolean> installed = new CompletableFuture<>();
    private final Object sendLock = new Object();
    private boolean cancelled;
    /** Output: the replay's progress (nothing at or before it remains to send). */
    volatile NearPosition after;
    /** Output: the record the read stopped at (a block the history held), or -1 at the topic's end. */
    volatile long stopOffset = -1;
    volatile long stopHeight = -1;

    Read(NearSubscription subscription, NearPosition after, TopicPartition partition, long startOffset,
        long hintOffset, long hintHeight, LongSupplier historyFloor) {
      this.subscription = subscription;
      this.after = after;
      this.partition = partition;
      this.startOffset = startOffset;
      this.hintOffset = hintOffset;
      this.hintHeight = hintHeight;
      this.historyFloor = historyFloor;
    }

    void cancel() {
      synchronized (sendLock) {
        cancelled = true;
      }
      installed.complete(false);
    }

    boolean cancelled() {
      synchronized (sendLock) {
        return cancelled;
      }
    }

    /** Offers a message unless cancelled; false when cancelled or the connection is gone. */
    boolean send(Utf8Message message) {
      synchronized (sendLock) {
        return !cancelled && subscription.subscriber.offer(message);
      }
    }

    boolean reachedEnd() {
      return stopOffset < 0;
    }
  }

  private final String network;
  private final Listener listener;
  private final OrderedTopicReader reader;

  NearArchive(String bootstrapServers, String network, Listener listener) {
    this.network = network;
    this.listener = listener;
    this.reader = new OrderedTopicReader(bootstrapServers, "blockwire-gateway-near-replay");
  }

  void start(Read read) {
    reader.start(() -> run(read));
  }

  private void run(Read read) {
    try (KafkaConsumer<byte[], byte[]> kafka = reader.consumer()) {
      kafka.assign(List.of(read.partition));
      final long start = read.startOffset >= 0 ? read.startOffset : locate(kafka, read);
      if (start < 0) {
        listener.expired(read);
        return;
      }
      listener.located(read);
      if (!awaitInstalled(read)) {
        return;
      }
      copy(kafka, read, start);
      listener.finished(read);
    } catch (Exception e) {
      if (!read.cancelled()) {
        LOG.warn("NEAR replay read of {} failed: {}", read.partition, e.toString());
        listener.failed(read, e);
      }
    }
  }

  private static boolean awaitInstalled(Read read) throws InterruptedException, ExecutionException {
    try {
      return read.installed.get(STALL_NANOS, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return false;
    }
  }

  /** The offset to read from, or -1 when the start is older than the topic retains. */
  private long locate(KafkaConsumer<byte[], byte[]> kafka, Read read) {
    final long needed = read.after.firstHeightNeeded();
    final long logStart = kafka.beginningOffsets(List.of(read.partition)).get(read.partition);
    long step = Math.max(1, read.hintHeight - needed);
    long from = Math.max(logStart, read.hintOffset - step);
    while (true) {
      final NearBlockView first = firstBlockFrom(kafka, read, from);
      if (first == null) {
        return logStart > 0 ? -1 : from; // nothing of this network left before the hint
      }
      if (first.height() <= needed) {
        return from;
      }
      if (from <= logStart) {
        return logStart > 0 ? -1 : from; // everything is retained: the topic starts above the height
      }
      step *= 2;
      from = Math.max(logStart, from - step);
    }
  }

  /** The first block of this network at or after {@code from} and not after the hint, or null. */
  private NearBlockView firstBlockFrom(KafkaConsumer<byte[], byte[]> kafka, Read read, long from) {
    final OrderedTopicReader.Found<NearBlockView> found = OrderedTopicReader.first(kafka, read.partition, from,
        read.hintOffset, record -> decode(record, network), read::cancelled);
    return found == null ? null : found.value();
  }

  /** Sends the replay batches of every block from {@code start} up to the stop block. */
  private void copy(KafkaConsumer<byte[], byte[]> kafka, Read read, long start) throws InterruptedException {
    kafka.seek(read.partition, start);
    long end = kafka.endOffsets(List.of(read.partition)).get(read.partition);
    long lastProgress = System.nanoTime();
    final NearSubscription subscription = read.subscription;
    final List<NearEventView> matched = new ArrayList<>();
    while (!read.cancelled()) {
      if (kafka.position(read.partition) >= end) {
        end = kafka.endOffsets(List.of(read.partition)).get(read.partition);
        if (kafka.position(read.partition) >= end) {
          return; // the topic's end: the history has everything after this
        }
      }
      final List<ConsumerRecord<byte[], byte[]>> records = kafka.poll(POLL).records(read.partition);
      if (!records.isEmpty()) {
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
        throw new IllegalStateException("no records from " + read.partition + " during a replay");
      }
      for (ConsumerRecord<byte[], byte[]> record : records) {
        final NearBlockView block = decode(record, network);
        if (block == null) {
          continue;
        }
        if (block.height() >= read.historyFloor.getAsLong()) {
          read.stopHeight = block.height();
          read.stopOffset = record.offset();
          return;
        }
        matched.clear();
        final NearPosition after = read.after;
        for (NearEventView event : block.events()) {
          if (after.precedes(event.event()) && subscription.request.filter().matches(event,
              subscription.subscriber.format())) {
            matched.add(event);
          }
        }
        if (!matched.isEmpty()) {
          awaitRoom(read);
          if (!read.send(subscription.message(matched, "replay", null))) {
            return;
          }
        }
        read.after = after.max(NearPosition.endOf(block.height()));
      }
    }
  }

  /** Waits while the subscriber's queue is at least half full (it drains as the client reads). */
  private static void awaitRoom(Read read) throws InterruptedException {
    final NearSubscriber subscriber = read.subscription.subscriber;
    final int room = Math.max(1, subscriber.capacity() / 2);
    while (subscriber.queued() >= room && !read.cancelled()) {
      final CountDownLatch drained = new CountDownLatch(1);
      subscriber.onDrained(drained::countDown);
      drained.await(1, TimeUnit.SECONDS); // wakes at the drain, or re-checks cancellation
    }
  }

  /** A block of this network from a record of the ordered topic; null for other networks and unreadable records. */
  static NearBlockView decode(ConsumerRecord<byte[], byte[]> record, String network) {
    try {
      final NetworkKey key = Serdes.NETWORK_KEY.decode(record.key());
      if (!network.equals(key.getNetwork())) {
        return null;
      }
      final NearBlockEvents block = Serdes.NEAR_BLOCK_EVENTS.decode(record.value());
      final List<NearEventView> events = new ArrayList<>(block.getEvents().size());
      for (NearEvent event : block.getEvents()) {
        events.add(new NearEventView(event));
      }
      return new NearBlockView(block.getBlockHeight(), block.getBlockHash(), record.partition(), record.offset(), events);
    } catch (RuntimeException e) {
      // The processor writes this topic; a record we cannot read is a bug to see, not to hide.
      LOG.error("unreadable record {}-{}@{} skipped: {}", record.topic(), record.partition(), record.offset(),
          e.toString());
      return null;
    }
  }

  /** Stops the reads (cancel them first: they stop within a poll) and their threads. */
  @Override
  public void close() throws InterruptedException {
    reader.close();
  }
}
