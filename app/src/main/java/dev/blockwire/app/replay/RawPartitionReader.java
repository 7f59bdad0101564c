package dev.blockwire.app.replay;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the records of one raw partition that a height range needs, in offset order, in two steps:
 * the <em>seed</em> (records at heights {@code [from - depth, from)} before the first record at a
 * height {@code >= from}), then the range's <em>span</em>: every record from that first one to the
 * last record at a height {@code <= to}. In a raw topic written in height order the span is exactly
 * the blocks of {@code [from, to]}; where the order is not strict it also holds the records that
 * interleave with the range (a reorg's branch below {@code from}, blocks above {@code to} that a
 * reorg inside the range drops, Flow's sealed records of the blocks just below {@code from}), so the
 * processor sees what the live processor saw between the range's first and last block. Reading ends
 * at the partition's end as it was when the reader opened (the last committed record), or earlier at
 * a record above {@code to + depth}.
 *
 * <p>Raw topics are written in height order up to bounded disorder: an Ethereum source writes a
 * reorg's new branch after the old one (at most the processor's window depth back), a Flow source
 * writes a block's sealed record a few blocks after its finalized one. The reader assumes no record
 * comes more than {@code depth} heights below one written before it. Then the first offset to read
 * is found by a binary search on heights: any record below {@code from - 2 * depth} has nothing
 * needed before it, so the search looks for the last such record and reads from the next offset.
 *
 * <p>A record whose height does not decode cannot be placed in the range: it is skipped and counted
 * ({@link #undecodable()}); the live processor dead-letters it.
 */
final class RawPartitionReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TopicPartition partition;
  private final ReplayChain.HeightReader heights;
  private final long from;
  private final long to;
  private final long seedFrom;
  private final long stopAbove;
  private final long begin;
  private final long end;
  private final long start;
  private final Duration timeout;
  private final Deque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
  private boolean rangeStarted;
  private boolean done;
  private long position;
  private long seedRecords;
  private long rangeRecords;
  private long contextRecords;
  private long undecodable;
  private long lastHeight = -1;

  /**
   * Opens the partition and finds where to read.
   *
   * @param depth the seed depth and disorder bound, {@code >= 0}
   * @param to last height of the range; {@link Long#MAX_VALUE} for the partition's end
   * @param timeout bound of every single read from the cluster
   */
  RawPartitionReader(String bootstrapServers, TopicPartition partition, ReplayChain.HeightReader heights, long from,
      long to, int depth, Duration timeout) {
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20,
        ConsumerConfig.CLIENT_ID_CONFIG, "blockwire-replay-reader-" + partition),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.partition = partition;
    this.heights = heights;
    this.from = from;
    this.to = to;
    this.seedFrom = Math.max(0, from - depth);
    this.stopAbove = to > Long.MAX_VALUE - depth ? Long.MAX_VALUE : to + depth;
    this.timeout = timeout;
    consumer.assign(List.of(partition));
    this.begin = consumer.beginningOffsets(List.of(partition), timeout).get(partition);
    this.end = consumer.endOffsets(List.of(partition), timeout).get(partition);
    this.start = searchStart(seedFrom - depth);
    consumer.seek(partition, start);
    this.position = start;
  }

  /**
   * Hands every seed record to {@code out}, stopping before the first record of the range.
   *
   * @throws org.apache.kafka.common.errors.TimeoutException if the cluster does not answer in time
   */
  void copySeed(Consumer<ConsumerRecord<byte[], byte[]>> out) {
    while (!rangeStarted) {
      final ConsumerRecord<byte[], byte[]> record = next();
      if (record == null) {
        return;
      }
      final long height = heightOf(record);
      if (height == Long.MIN_VALUE) {
        continue;
      }
      if (height >= from) {
        rangeStarted = true;
        buffer.addFirst(record);
        return;
      }
      if (height >= seedFrom) {
        seedRecords++;
        out.accept(record);
      }
    }
  }

  /**
   * Hands every record of the range's span to {@code out}, up to the end; call after {@link #copySeed}.
   * The span runs from the first record at a height {@code >= from} to the last record at a height
   * {@code <= to}: records read past one above {@code to} are held back until a record in range
   * follows (then they are part of the span: e.g. the old branch a reorg then drops), else dropped.
   */
  void copyRange(Consumer<ConsumerRecord<byte[], byte[]>> out) {
    final List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
    final List<Long> pendingHeights = new ArrayList<>();
    while (true) {
      final ConsumerRecord<byte[], byte[]> record = next();
      if (record == null) {
        break;
      }
      final long height = heightOf(record);
      if (height != Long.MIN_VALUE && height > stopAbove) {
        done = true;
        break;
      }
      pending.add(record);
      pendingHeights.add(height);
      if (height != Long.MIN_VALUE && height <= to) {
        for (int i = 0; i < pending.size(); i++) {
          final long h = pendingHeights.get(i);
          if (h >= from && h <= to) {
            rangeRecords++;
          } else if (h != Long.MIN_VALUE) {
            contextRecords++;
          }
          out.accept(pending.get(i));
        }
        pending.clear();
        pendingHeights.clear();
      }
    }
    buffer.clear();
  }

  private long heightOf(ConsumerRecord<byte[], byte[]> record) {
    try {
      final long height = record.value() == null ? Long.MIN_VALUE : heights.heightOf(record.value());
      if (height != Long.MIN_VALUE) {
        lastHeight = Math.max(lastHeight, height);
      }
      return height;
    } catch (RuntimeException e) {
      undecodable++;
      return Long.MIN_VALUE;
    }
  }

  /** The next record in offset order, or null at the end. */
  private ConsumerRecord<byte[], byte[]> next() {
    while (buffer.isEmpty()) {
      if (done || consumer.position(partition, timeout) >= end) {
        done = true;
        position = end;
        return null;
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
        if (record.offset() < end) {
          buffer.add(record);
        }
      }
    }
    final ConsumerRecord<byte[], byte[]> record = buffer.removeFirst();
    position = record.offset() + 1;
    return record;
  }

  /**
   * The offset to read from: one past the last record found below {@code below} by a binary search
   * (every record before it is below {@code below + depth}), or the partition's beginning.
   */
  private long searchStart(long below) {
    long low = begin - 1; // the last offset known to hold a record below `below` (begin - 1: none)
    long high = end;
    while (high - low > 1) {
      final long middle = low + (high - low) / 2;
      final long[] found = firstHeightAtOrAfter(middle, high);
      if (found == null || found[1] >= below) {
        high = middle;
      } else {
        low = found[0];
      }
    }
    return low + 1;
  }

  /** {offset, height} of the first record at or after {@code offset} and before {@code limit} whose height decodes. */
  private long[] firstHeightAtOrAfter(long offset, long limit) {
    consumer.seek(partition, offset);
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.position(partition, timeout) < limit) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
        if (record.offset() >= limit) {
          return null;
        }
        try {
          if (record.value() != null) {
            return new long[] {record.offset(), heights.heightOf(record.value())};
          }
        } catch (RuntimeException e) {
          // not a block: look at the next record
        }
      }
      if (System.nanoTime() > deadline) {
        throw new org.apache.kafka.common.errors.TimeoutException("reading " + partition + " took over " + timeout);
      }
    }
    return null;
  }

  TopicPartition partition() {
    return partition;
  }

  /** The first offset read. */
  long start() {
    return start;
  }

  /** The partition's end (exclusive) when the reader opened. */
  long end() {
    return end;
  }

  /** The next offset to read. */
  long position() {
    return position;
  }

  /** True once nothing more is to be read. */
  boolean done() {
    return done;
  }

  long seedRecords() {
    return seedRecords;
  }

  /** Records at heights in {@code [from, to]}. */
  long rangeRecords() {
    return rangeRecords;
  }

  /** Records of the span outside {@code [from, to]} (interleaved with the range: reorg branches, late seals). */
  long contextRecords() {
    return contextRecords;
  }

  long undecodable() {
    return undecodable;
  }

  /** The highest height read, -1 if none. */
  long lastHeight() {
    return lastHeight;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
