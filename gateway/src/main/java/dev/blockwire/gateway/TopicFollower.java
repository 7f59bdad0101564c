package dev.blockwire.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two threads a feed follows its ordered topic with (NEAR, Ethereum and Flow).
 *
 * <p>The consumer thread assigns every partition of the topic directly (no consumer group, so every
 * gateway instance sees every record), waiting for the topic to exist; seeks back at most
 * {@code historyRecords} per partition so the feed rebuilds its history; decodes each record and
 * queues it for the dispatch thread; and queues {@link Feed#onCaughtUp} once it has read up to the
 * end offsets of the start. The dispatch thread runs the feed's tasks one at a time in one queue:
 * records, client requests ({@link #enqueue}, which blocks while the queue is full, so a slow
 * dispatcher slows the consumer instead of growing memory) and tasks from threads that must never
 * block ({@link #post}). A feed that also has work due by time (Flow's paced streams) gives a
 * {@link Tick}: the dispatch thread then runs tasks in batches and the tick after each batch and
 * whenever the time the tick asked for comes.
 *
 * @param <T> what a record decodes to
 */
public final class TopicFollower<T> implements AutoCloseable {

  /** What the feed does with the topic. */
  public interface Feed<T> {
    /** The record decoded for the dispatch thread, or null to skip it (consumer thread). */
    T decode(ConsumerRecord<byte[], byte[]> record);

    /** A decoded record, in the topic's order (dispatch thread). */
    void onRecord(T value);

    /** The history up to the end offsets of the start has been handed over (dispatch thread, once). */
    void onCaughtUp();

    /**
     * Where the history load starts, per partition, before the first record (consumer thread).
     *
     * @param begin each partition's first offset
     * @param from the offset the load starts from
     */
    default void onAssigned(Map<TopicPartition, Long> begin, Map<TopicPartition, Long> from) {}
  }

  /** Work the dispatch thread does by time as well as after tasks. */
  @FunctionalInterface
  public interface Tick {
    /**
     * Runs on the dispatch thread after each batch of tasks, and when no task comes, by the time it
     * asked for last (or after 200 ms, {@link TopicFollower#IDLE_WAIT_NANOS}).
     *
     * @return the {@link System#nanoTime()} by which to run again though no task comes, or
     *     {@link Long#MAX_VALUE} for no such time
     */
    long run();
  }

  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
  private static final int DISPATCH_QUEUE = 4096;
  /** The longest the dispatch thread waits for a task before checking whether it is closing. */
  static final long IDLE_WAIT_NANOS = 200_000_000L;
  /** Tasks run between two ticks at most, so a burst of records does not hold back paced streams. */
  private static final int TICK_BATCH = 256;

  private final String name;
  private final String topic;
  private final Properties consumerProperties;
  private final int historyRecords;
  private final Feed<T> feed;
  private final Tick tick;
  private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(DISPATCH_QUEUE);
  /** Tasks posted from threads that must never block (sending threads, replay readers, the dispatcher). */
  private final ConcurrentLinkedQueue<Runnable> urgent = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Thread consumerThread;
  private Thread dispatchThread;

  /**
   * @param name the feed's name in thread names and logs (e.g. {@code near})
   * @param consumerProperties the consumer's configuration (read_committed; no group)
   */
  public TopicFollower(String name, String topic, Properties consumerProperties, int historyRecords, Feed<T> feed) {
    this(name, topic, consumerProperties, historyRecords, feed, null);
  }

  /** @param tick work due by time as well as after tasks (see {@link Tick}); null for none */
  public TopicFollower(String name, String topic, Properties consumerProperties, int historyRecords, Feed<T> feed,
      Tick tick) {
    this.name = name;
    this.topic = topic;
    this.consumerProperties = consumerProperties;
    this.historyRecords = historyRecords;
    this.feed = feed;
    this.tick = tick;
  }

  public void start() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    dispatchThread = new Thread(this::dispatchLoop, name + "-feed-dispatch");
    dispatchThread.setDaemon(true);
    dispatchThread.start();
    consumerThread = new Thread(this::consumeLoop, name + "-feed-consumer");
    consumerThread.setDaemon(true);
    consumerThread.start();
  }

  /** Queues a task for the dispatch thread, waiting while the queue is full. */
  public void enqueue(Runnable task) {
    try {
      tasks.put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while queueing a " + name + " feed task", e);
    }
  }

  /** Queues a task without ever blocking (for sending threads, replay readers and the dispatcher itself). */
  public void post(Runnable task) {
    if (!tasks.offer(task)) {
      urgent.add(task);
    }
  }

  /** Runs a task before the queued records, without blocking (e.g. a finished replay read). */
  public void postUrgent(Runnable task) {
    urgent.add(task);
    tasks.offer(() -> { }); // wakes the dispatcher when it is idle
  }

  /** True from start until close. */
  public boolean isRunning() {
    return running.get();
  }

  private void dispatchLoop() {
    long tickAt = Long.MAX_VALUE;
    while (running.get() || !tasks.isEmpty()) {
      try {
        final long wait = tickAt == Long.MAX_VALUE ? IDLE_WAIT_NANOS
            : Math.max(0, Math.min(IDLE_WAIT_NANOS, tickAt - System.nanoTime()));
        final Runnable task = tasks.poll(wait, TimeUnit.NANOSECONDS);
        if (task != null) {
          task.run();
        }
        runUrgent();
        if (tick != null) {
          Runnable more;
          for (int n = 0; n < TICK_BATCH && (more = tasks.poll()) != null; n++) {
            more.run();
            runUrgent();
          }
          tickAt = tick.run();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("{} feed task failed", name, e);
      }
    }
  }

  private void runUrgent() {
    Runnable task;
    while ((task = urgent.poll()) != null) {
      task.run();
    }
  }

  private void consumeLoop() {
    try (KafkaConsumer<byte[], byte[]> kafka =
             new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = kafka;
      final Map<TopicPartition, Long> endAtStart = assignWithHistory(kafka);
      boolean loaded = false;
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(500))) {
          final T value = feed.decode(record);
          if (value != null) {
            enqueue(() -> feed.onRecord(value));
          }
        }
        if (!loaded && reached(kafka, endAtStart)) {
          loaded = true;
          enqueue(feed::onCaughtUp);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("{} feed consumer stopped", name, e);
    }
  }

  private Map<TopicPartition, Long> assignWithHistory(KafkaConsumer<byte[], byte[]> kafka) {
    List<TopicPartition> partitions = List.of();
    for (int attempt = 0; partitions.isEmpty() && running.get(); attempt++) {
      partitions = kafka.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toList());
      if (partitions.isEmpty()) {
        if (attempt % 30 == 0) {
          LOG.warn("topic {} does not exist yet; waiting for it (create it with `blockwire topics`)", topic);
        }
        try {
          Thread.sleep(1000); // the topic is created by another process; nothing to wait on here
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Map.of();
        }
      }
    }
    kafka.assign(partitions);
    final Map<TopicPartition, Long> begin = kafka.beginningOffsets(partitions);
    final Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
    final Map<TopicPartition, Long> from = new HashMap<>();
    for (TopicPartition partition : partitions) {
      from.put(partition, Math.max(begin.get(partition), end.get(partition) - historyRecords));
      kafka.seek(partition, from.get(partition));
    }
    feed.onAssigned(begin, from);
    LOG.info("{} feed follows {} from {} (end {})", name, partitions, begin, end);
    return end;
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (kafka.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Stops both threads; the dispatch thread first runs the tasks already queued. */
  @Override
  public void close() throws InterruptedException {
    if (!running.compareAndSet(true, false)) {
      return;
    }
    final KafkaConsumer<byte[], byte[]> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
    consumerThread.join(10_000);
    dispatchThread.join(10_000);
  }
}
