package dev.blockwire.gateway.near;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the ordered NEAR topic and fans blocks out to subscribers.
 *
 * <p>Two threads: the consumer reads and decodes blocks; the dispatcher owns the history and the
 * subscriptions and handles blocks and subscribe requests one at a time, in one queue. A
 * subscription installed between blocks N and N+1 gets blocks up to N in its past batch and
 * blocks from N+1 live: every block once, never twice. The partitions are assigned directly (no
 * consumer group), so every gateway instance sees every block.
 */
public final class NearFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NearFeed.class);
  private static final int DISPATCH_QUEUE = 4096;

  private final String bootstrapServers;
  private final String topic;
  private final String network;
  private final int historyBlocks;
  private final NearHistory history;
  private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(DISPATCH_QUEUE);
  private final Map<NearSubscriber, NearRequest.Subscribe> subscriptions = new LinkedHashMap<>();
  /** The subscriptions whose filter pins its accounts ({@link NearFilter#accounts}), by account. */
  private final Map<String, Set<NearSubscriber>> byAccount = new HashMap<>();
  /** The other subscriptions: matched against every block. */
  private final Set<NearSubscriber> unindexed = new LinkedHashSet<>();
  private final Map<NearSubscriber, NearRequest.Subscribe> waitingForCatchUp = new LinkedHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile long blocksSeen;
  private Thread consumerThread;
  private Thread dispatchThread;

  public NearFeed(String bootstrapServers, String topic, String network, int historyBlocks, int historyEvents) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.network = network;
    this.historyBlocks = historyBlocks;
    this.history = new NearHistory(historyBlocks, historyEvents);
  }

  public void start() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    dispatchThread = new Thread(this::dispatchLoop, "near-feed-dispatch");
    dispatchThread.setDaemon(true);
    dispatchThread.start();
    consumerThread = new Thread(this::consumeLoop, "near-feed-consumer");
    consumerThread.setDaemon(true);
    consumerThread.start();
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

  /** Installs or replaces the subscriber's subscription, sending its past batch first if asked. */
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
      remove(subscriber);
      waitingForCatchUp.remove(subscriber);
    });
  }

  /** The newest matching events in history, for HTTP queries; runs on the dispatch thread. */
  public CompletableFuture<List<String>> lastMatching(NearFilter filter, NearFormat format, int count) {
    final CompletableFuture<List<String>> result = new CompletableFuture<>();
    enqueue(() -> result.complete(history.lastMatching(filter, format, count).stream()
        .map(event -> event.json(format)).collect(Collectors.toList())));
    return result;
  }

  private void install(NearSubscriber subscriber, NearRequest.Subscribe request) {
    remove(subscriber); // a new subscription replaces the previous one
    subscriptions.put(subscriber, request);
    request.filter().accounts().ifPresentOrElse(
        accounts -> accounts.forEach(account -> byAccount.computeIfAbsent(account, a -> new LinkedHashSet<>())
            .add(subscriber)),
        () -> unindexed.add(subscriber));
    if (request.pastCount().isPresent()) {
      final List<String> past = new ArrayList<>();
      for (NearEventView event : history.lastMatching(request.filter(), subscriber.format(),
          request.pastCount().getAsInt())) {
        past.add(event.json(subscriber.format()));
      }
      subscriber.offer(NearCodec.pastBatch(request.secretJson(), past));
    }
  }

  private void onBlock(NearBlockView block) {
    history.add(block);
    blocksSeen++;
    if (block.events().isEmpty()) {
      return;
    }
    // Only the subscriptions that can match: those of the block's accounts, and those not indexed.
    final Set<NearSubscriber> candidates = new LinkedHashSet<>(unindexed);
    final Set<String> accounts = new HashSet<>();
    for (NearEventView event : block.events()) {
      final String account = event.event().getAccountId();
      if (accounts.add(account)) {
        final Set<NearSubscriber> following = byAccount.get(account);
        if (following != null) {
          candidates.addAll(following);
        }
      }
    }
    final List<String> matched = new ArrayList<>();
    final List<NearSubscriber> gone = new ArrayList<>();
    for (NearSubscriber subscriber : candidates) {
      final NearRequest.Subscribe request = subscriptions.get(subscriber);
      matched.clear();
      for (NearEventView event : block.events()) {
        if (request.filter().matches(event, subscriber.format())) {
          matched.add(event.json(subscriber.format()));
        }
      }
      if (!matched.isEmpty() && !subscriber.offer(NearCodec.liveBatch(request.secretJson(), matched))) {
        gone.add(subscriber);
      }
    }
    gone.forEach(this::remove);
  }

  private void remove(NearSubscriber subscriber) {
    final NearRequest.Subscribe previous = subscriptions.remove(subscriber);
    if (previous == null) {
      return;
    }
    previous.filter().accounts().ifPresentOrElse(accounts -> accounts.forEach(account -> {
      final Set<NearSubscriber> following = byAccount.get(account);
      if (following != null && following.remove(subscriber) && following.isEmpty()) {
        byAccount.remove(account);
      }
    }), () -> unindexed.remove(subscriber));
  }

  private void onCaughtUp() {
    caughtUp.countDown();
    LOG.info("NEAR feed {} caught up: {} blocks, {} events in history", network, history.blockCount(),
        history.eventCount());
    waitingForCatchUp.forEach(this::install);
    waitingForCatchUp.clear();
  }

  private void enqueue(Runnable task) {
    try {
      tasks.put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while queueing a feed task", e);
    }
  }

  private void dispatchLoop() {
    while (running.get() || !tasks.isEmpty()) {
      try {
        final Runnable task = tasks.poll(200, TimeUnit.MILLISECONDS);
        if (task != null) {
          task.run();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("NEAR feed task failed", e);
      }
    }
  }

  private void consumeLoop() {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // the processor writes with EOS
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "blockwire-gateway-near");
    try (KafkaConsumer<byte[], byte[]> kafka =
             new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = kafka;
      final Map<TopicPartition, Long> endAtStart = assignWithHistory(kafka);
      boolean loaded = false;
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(500))) {
          final NearBlockView block = decode(record);
          if (block != null) {
            enqueue(() -> onBlock(block));
          }
        }
        if (!loaded && reached(kafka, endAtStart)) {
          loaded = true;
          enqueue(this::onCaughtUp);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("NEAR feed consumer stopped", e);
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
    final Map<TopicPartition, Long> endAtStart = new HashMap<>();
    for (TopicPartition partition : partitions) {
      kafka.seek(partition, Math.max(begin.get(partition), end.get(partition) - historyBlocks));
      endAtStart.put(partition, end.get(partition));
    }
    LOG.info("NEAR feed {} follows {} from {} (end {})", network, partitions, begin, end);
    return endAtStart;
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (kafka.position(entry.getKey()) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  private NearBlockView decode(ConsumerRecord<byte[], byte[]> record) {
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
