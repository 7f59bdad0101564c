package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import dev.blockwire.gateway.OrderedTopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ordered {@code eth.chain} topic for cursor resumes older than the journal, each
 * {@link Read} on its own thread and consumer, as {@code NearArchive} does for NEAR.
 *
 * <p>Notifications depend on the chain the gateway held when it sent them (the timestamps of
 * removed logs, the head after a rewind, the finalized block), so a read rebuilds that chain: it
 * runs its own {@link EthNotifier} over the window's worth of records before the cursor's update,
 * then over the records after it, keeping the notifications that follow the cursor's, exactly as
 * the feed produced them live. It stops at the newest record the feed has applied; the feed's
 * dispatch thread then adds what its journal holds after that record, so the resumed subscription
 * goes live with no gap and no duplicate.
 *
 * <p>Finding the cursor's update: head numbers along the partition only fall by a reorg's depth
 * (at most the window) below the highest head before them, and an update that names the cursor's
 * notification has its head at most that depth below the cursor's block. So a binary search on
 * offsets for the last record whose head is below {@code number - 2 × window} finds a record before
 * which the cursor's update cannot be; the scan from there gives up once the head has passed the
 * block by more than the finalized depth and the window (no later update can name it). A cursor
 * not found is unknown, or expired when retention has deleted the records it could be in.
 */
final class EthArchive implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EthArchive.class);

  /** One cursor resume's topic read. Inputs are set before it starts; outputs are read after it finished. */
  static final class Read {
    final EthCursor cursor;
    final Predicate<EthNotice> wanted;
    final EthSubscription subscription;
    /** Set by the feed before the read starts (dispatch thread). */
    TopicPartition partition;
    /** Where the reply of the subscribe request is held, and this request's answer in it (-1: none). */
    EthPendingReply reply;
    int answerIndex = -1;
    String rawId;
    /** Output: the notifications after the cursor's that the subscription wants, oldest first. */
    final List<EthNotice> backlog = new ArrayList<>();
    /** Output: every record up to this offset was read (-1 before any). */
    long readThrough = -1;
    /** Output: why the resume cannot go on; null when it can. */
    RpcError error;
    /** The rebuilt chain, kept when the read is continued. */
    private EthNotifier notifier;
    private boolean found;
    /** The head of the partition's first update of this network, MIN_VALUE when there is none. */
    private long firstHead = Long.MIN_VALUE;

    Read(EthCursor cursor, EthSubscription subscription) {
      this.cursor = cursor;
      this.subscription = subscription;
      this.wanted = subscription::wants;
    }
  }

  private final EthSettings settings;
  private final OrderedTopicReader reader;
  /** The newest offset the feed has applied: no read goes past it. */
  private final LongSupplier applied;
  private final BooleanSupplier stopping;
  /** Hears each read's end on the read's thread; must not block. */
  private final java.util.function.Consumer<Read> done;

  EthArchive(String bootstrapServers, EthSettings settings, LongSupplier applied, BooleanSupplier stopping,
      java.util.function.Consumer<Read> done) {
    this.settings = settings;
    this.reader = new OrderedTopicReader(bootstrapServers, "blockwire-gateway-eth-resume");
    this.applied = applied;
    this.stopping = stopping;
    this.done = done;
  }

  /** Reads for the resume: locating its cursor first, or (called again) on from where it stopped. */
  void start(Read read) {
    reader.start(() -> run(read));
  }

  private boolean cancelled(Read read) {
    return stopping.getAsBoolean() || read.subscription.session.closed();
  }

  private void run(Read read) {
    final long started = System.nanoTime();
    final long fromRecord = read.readThrough;
    try (KafkaConsumer<byte[], byte[]> kafka = reader.consumer()) {
      kafka.assign(List.of(read.partition));
      if (read.notifier == null) {
        final long logStart = kafka.beginningOffsets(List.of(read.partition)).get(read.partition);
        final long from = locate(kafka, read, logStart);
        read.notifier = new EthNotifier(new EthChain(settings.windowBlocks(), settings.historyLogs()),
            settings.finalizedDepth());
        scan(kafka, read, Math.max(logStart, from - settings.windowBlocks())); // the window's worth before, to rebuild the chain
        if (!read.found && read.error == null) {
          // retention deleted records, and the first one kept is not well below the cursor's block: it may have been there
          final boolean deleted = logStart > 0 && (read.firstHead == Long.MIN_VALUE
              || read.firstHead > read.cursor.number() - settings.windowBlocks());
          read.error = deleted ? RpcError.cursorExpired() : RpcError.cursorNotFound();
        }
      } else if (kafka.beginningOffsets(List.of(read.partition)).get(read.partition) > read.readThrough + 1) {
        read.error = RpcError.cursorExpired(); // retention deleted what the read had not reached yet
      } else {
        scan(kafka, read, read.readThrough + 1);
      }
    } catch (RuntimeException e) {
      if (!cancelled(read)) {
        LOG.warn("Ethereum cursor resume read of {} failed: {}", read.partition, e.toString());
      }
      read.error = RpcError.topicUnreadable();
    }
    LOG.info("Ethereum cursor resume read {} after {} through offset {} in {} ms: {}", read.partition, fromRecord,
        read.readThrough, (System.nanoTime() - started) / 1_000_000,
        read.error == null ? read.backlog.size() + " notifications" : read.error.message());
    done.accept(read);
  }

  /** An offset before which the cursor's update cannot be: {@code logStart} when no such offset was found. */
  private long locate(KafkaConsumer<byte[], byte[]> kafka, Read read, long logStart) {
    final long until = applied.getAsLong();
    final long target = read.cursor.number() - 2L * settings.windowBlocks();
    final OrderedTopicReader.Found<Long> first = headFrom(kafka, read, logStart, until);
    if (first != null) {
      read.firstHead = first.value();
    }
    if (first == null || first.value() >= target) {
      return logStart;
    }
    long low = first.offset(); // its head is below the target
    long high = until + 1;
    while (high - low > 1 && !cancelled(read)) {
      final long middle = low + (high - low) / 2;
      final OrderedTopicReader.Found<Long> probe = headFrom(kafka, read, middle, high - 1);
      if (probe == null || probe.value() >= target) {
        high = middle;
      } else {
        low = probe.offset();
      }
    }
    return low;
  }

  /** The head number of the first update of this network in {@code from..until}, or null. */
  private OrderedTopicReader.Found<Long> headFrom(KafkaConsumer<byte[], byte[]> kafka, Read read, long from,
      long until) {
    return OrderedTopicReader.first(kafka, read.partition, from, until, record -> {
      final EthUpdateView update = EthFeed.decode(record, settings);
      return update == null ? null : update.headNumber();
    }, () -> cancelled(read));
  }

  /**
   * Applies the records from {@code from} up to the newest one the feed applied, collecting the
   * notifications after the cursor's (after its latest occurrence, as a journal resume does).
   */
  private void scan(KafkaConsumer<byte[], byte[]> kafka, Read read, long from) {
    kafka.seek(read.partition, from);
    final long giveUpAbove = read.cursor.number() + settings.finalizedDepth() + settings.windowBlocks();
    final int maxBacklog = settings.windowBlocks() + settings.historyLogs();
    long maxHead = -1;
    long lastProgress = System.nanoTime();
    while (!cancelled(read)) {
      final long until = applied.getAsLong();
      if (kafka.position(read.partition) > until) {
        return;
      }
      final List<ConsumerRecord<byte[], byte[]>> records = kafka.poll(OrderedTopicReader.POLL).records(read.partition);
      if (!records.isEmpty()) {
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > OrderedTopicReader.STALL_NANOS) {
        throw new IllegalStateException("no records from " + read.partition + " during a cursor resume");
      }
      for (ConsumerRecord<byte[], byte[]> record : records) {
        if (record.offset() > until) {
          return; // the feed has not applied it yet: its notifications reach the subscription live
        }
        read.readThrough = record.offset();
        final EthUpdateView update = EthFeed.decode(record, settings);
        if (update == null) {
          continue;
        }
        maxHead = Math.max(maxHead, update.headNumber());
        for (EthNotice notice : read.notifier.apply(update)) {
          if (notice.isAt(read.cursor)) {
            read.found = true;
            read.backlog.clear();
          } else if (read.found && read.wanted.test(notice)) {
            read.backlog.add(notice);
          }
        }
        if (!read.found && maxHead > giveUpAbove) {
          return;
        }
        if (read.backlog.size() > maxBacklog) {
          read.error = RpcError.cursorTooFarBehind(maxBacklog);
          return;
        }
      }
    }
  }

  /** Stops the reader threads (reads stop within a poll once the feed stops). */
  @Override
  public void close() throws InterruptedException {
    reader.close();
  }
}
