package dev.blockwire.app.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The cluster operations of a replay, on one {@link Admin}: topic sizes, emptying, offsets, reading. */
final class ReplayTopics {

  private static final Duration SETTLE_POLL = Duration.ofMillis(50);

  private final Admin admin;
  private final String bootstrapServers;
  private final Duration timeout;

  ReplayTopics(Admin admin, String bootstrapServers, Duration timeout) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  /** The topic's partition count, empty if it does not exist. */
  Optional<Integer> partitions(String topic) {
    try {
      final TopicDescription description = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
      return Optional.of(description.partitions().size());
    } catch (UnknownTopicOrPartitionException e) {
      return Optional.empty();
    }
  }

  /** Every partition of a topic that exists. */
  List<TopicPartition> partitionsOf(String topic) {
    final int count = partitions(topic).orElseThrow(() -> new IllegalStateException("topic " + topic + " does not exist"));
    final List<TopicPartition> partitions = new ArrayList<>(count);
    for (int p = 0; p < count; p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    return partitions;
  }

  /** Log start offsets. */
  Map<TopicPartition, Long> begins(Collection<TopicPartition> partitions) {
    return offsets(partitions, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED);
  }

  /** End offsets (transaction markers and open transactions included). */
  Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions) {
    return offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
  }

  /** Last stable offsets: the end of what read_committed consumers see. */
  Map<TopicPartition, Long> stableEnds(Collection<TopicPartition> partitions) {
    return offsets(partitions, OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
  }

  /** True when the topic exists and some partition holds an offset past its start. */
  boolean holdsRecords(String topic) {
    if (partitions(topic).isEmpty()) {
      return false;
    }
    final List<TopicPartition> partitions = partitionsOf(topic);
    final Map<TopicPartition, Long> begins = begins(partitions);
    final Map<TopicPartition, Long> ends = ends(partitions);
    return partitions.stream().anyMatch(p -> ends.get(p) > begins.get(p));
  }

  /** Deletes every record before the given offsets (no-op where the offset is the start already). */
  void deleteBefore(Map<TopicPartition, Long> offsets) {
    final Map<TopicPartition, Long> begins = begins(offsets.keySet());
    final Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
    offsets.forEach((partition, offset) -> {
      if (offset > begins.get(partition)) {
        deletions.put(partition, RecordsToDelete.beforeOffset(offset));
      }
    });
    if (!deletions.isEmpty()) {
      get(admin.deleteRecords(deletions).all());
    }
  }

  /** Empties a topic: every record up to its end is deleted (partition count and configs stay). */
  void empty(String topic) {
    deleteBefore(ends(partitionsOf(topic)));
  }

  /** The committed offsets of a consumer group (Streams application id) on the given partitions; absent = none. */
  Map<TopicPartition, Long> committed(String groupId) {
    final Map<TopicPartition, OffsetAndMetadata> offsets =
        get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
    final Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach((partition, offset) -> {
      if (offset != null) {
        committed.put(partition, offset.offset());
      }
    });
    return committed;
  }

  /**
   * The stable ends once every transaction on the partitions is settled (stable end = end), waiting up
   * to the timeout: a transaction's commit markers reach its partitions shortly after the commit returns.
   */
  Map<TopicPartition, Long> settledEnds(Collection<TopicPartition> partitions) {
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      final Map<TopicPartition, Long> ends = ends(partitions);
      final Map<TopicPartition, Long> stable = stableEnds(partitions);
      if (stable.equals(ends) || System.nanoTime() > deadline) {
        return stable;
      }
      try {
        Thread.sleep(SETTLE_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return stable;
      }
    }
  }

  /** Reads every committed record of a topic, in partition order, offset order within a partition. */
  long forEach(String topic, Consumer<ConsumerRecord<byte[], byte[]>> action) {
    final List<TopicPartition> partitions = partitionsOf(topic);
    final Map<TopicPartition, Long> stable = settledEnds(partitions);
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (TopicPartition partition : partitions) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < stable.get(partition)) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.offset() < stable.get(partition)) {
              action.accept(record);
              count++;
            }
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("reading " + partition + " took over " + timeout);
          }
        }
      }
    }
    return count;
  }

  /** Deletes topics, ignoring those that are gone already. */
  void delete(Collection<String> topics) {
    if (topics.isEmpty()) {
      return;
    }
    try {
      get(admin.deleteTopics(topics).all());
    } catch (UnknownTopicOrPartitionException e) {
      // gone already
    }
  }

  /** Names of every topic starting with {@code prefix} (internal topics included). */
  Set<String> topicsStartingWith(String prefix) {
    final Set<String> names = get(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions()
        .listInternal(true)).names());
    names.removeIf(name -> !name.startsWith(prefix));
    return names;
  }

  /** Deletes a consumer group (the replay's Streams application id) once its members have left. */
  void deleteGroup(String groupId) {
    get(admin.deleteConsumerGroups(List.of(groupId)).all());
  }

  private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec,
      IsolationLevel isolation) {
    final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    final Map<TopicPartition, Long> offsets = new HashMap<>();
    get(admin.listOffsets(request, new ListOffsetsOptions(isolation)).all())
        .forEach((partition, info) -> offsets.put(partition, info.offset()));
    return offsets;
  }

  private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the cluster did not answer within " + timeout, e);
    }
  }
}
