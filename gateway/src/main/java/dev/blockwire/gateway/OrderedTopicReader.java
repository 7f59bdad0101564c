package dev.blockwire.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What every dialect's replay from an ordered topic (a read past the feed's in-memory history, on
 * a thread of its own) shares: the consumer settings, the reader threads, and finding the first
 * record of one network at or after an offset. Each dialect decodes its own records.
 */
public final class OrderedTopicReader implements AutoCloseable {

  /** One poll of a reader. */
  public static final Duration POLL = Duration.ofMillis(200);
  /** A read that makes no progress for this long fails (the broker is gone). */
  public static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** A decoded record and where it is. */
  public record Found<T>(long offset, T value) {}

  private final String bootstrapServers;
  private final String clientId;
  private final ExecutorService threads;

  /**
   * @param clientId the Kafka client id of the readers, also their threads' name
   */
  public OrderedTopicReader(String bootstrapServers, String clientId) {
    this.bootstrapServers = bootstrapServers;
    this.clientId = clientId;
    this.threads = Executors.newCachedThreadPool(runnable -> {
      final Thread thread = new Thread(runnable, clientId);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Runs a read on a reader thread of its own. */
  public void start(Runnable read) {
    threads.execute(read);
  }

  /**
   * A new consumer for one read (the caller assigns its partition and closes it). A read seeks
   * (locating its start) and stops before the log's end, so the broker must not park a fetch at
   * the end for long: a seek waits for the fetch in flight.
   */
  public KafkaConsumer<byte[], byte[]> consumer() {
    final Properties props = consumerProperties(bootstrapServers, clientId);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A consumer of an ordered topic: read_committed (the processor writes with exactly-once), no group. */
  public static Properties consumerProperties(String bootstrapServers, String clientId) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    return props;
  }

  /**
   * The first record at or after {@code from} and not after {@code until} that {@code decode}
   * accepts (non-null: a record of the network read), or null when there is none or the read is
   * cancelled. Fails when the partition yields nothing for {@link #STALL_NANOS}.
   */
  public static <T> Found<T> first(KafkaConsumer<byte[], byte[]> kafka, TopicPartition partition, long from,
      long until, Function<ConsumerRecord<byte[], byte[]>, T> decode, BooleanSupplier cancelled) {
    kafka.seek(partition, from);
    long lastProgress = System.nanoTime();
    while (!cancelled.getAsBoolean()) {
      final List<ConsumerRecord<byte[], byte[]>> records = kafka.poll(POLL).records(partition);
      for (ConsumerRecord<byte[], byte[]> record : records) {
        if (record.offset() > until) {
          return null;
        }
        final T value = decode.apply(record);
        if (value != null) {
          return new Found<>(record.offset(), value);
        }
      }
      if (!records.isEmpty()) {
        lastProgress = System.nanoTime();
      } else if (kafka.position(partition) > until) {
        return null;
      } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
        throw new IllegalStateException("no records from " + partition + " at offset " + from);
      }
    }
    return null;
  }

  /** Stops the reader threads (cancel the reads first: they stop within a poll). */
  @Override
  public void close() throws InterruptedException {
    threads.shutdown();
    if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
      threads.shutdownNow();
    }
  }
}
