package dev.blockwire.broker;

import dev.blockwire.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics Blockwire needs, on the embedded broker or on any Kafka cluster.
 *
 * <p>Topics that already exist are left as they are (a different partition count is logged, not
 * changed), so running it at every start is safe.
 */
public final class TopicAdmin {

  /** How long {@link #ensureTopics(String, List, short)} waits for the cluster. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /** {@link #ensureTopics(String, List, short, Map, Duration)} with no topic configs and {@link #DEFAULT_TIMEOUT}. */
  public static void ensureTopics(String bootstrapServers, List<Topics.Spec> specs, short replicationFactor) {
    ensureTopics(bootstrapServers, specs, replicationFactor, Map.of(), DEFAULT_TIMEOUT);
  }

  /**
   * Creates every topic of {@code specs} that does not exist yet and returns once all of them
   * exist and every partition has a leader.
   *
   * @param bootstrapServers the cluster, e.g. {@code 127.0.0.1:9092}
   * @param specs topic names and partition counts; names must be distinct
   * @param replicationFactor replicas of each created topic: 1 on the embedded broker
   * @param topicConfigs configs of each created topic (e.g. {@code min.insync.replicas}), over each spec's own; may be empty
   * @param timeout bound of the whole call
   * @throws IllegalArgumentException if a spec is invalid
   * @throws IllegalStateException if the cluster refuses a topic or the topics are not ready in time
   */
  public static void ensureTopics(String bootstrapServers, List<Topics.Spec> specs,
      short replicationFactor, Map<String, String> topicConfigs, Duration timeout) {
    validate(specs, replicationFactor);
    long deadline = System.nanoTime() + timeout.toNanos();
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Map<String, Object> adminConfig = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000),
        AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
    try (Admin admin = Admin.create(adminConfig)) {
      createMissing(admin, specs, replicationFactor, topicConfigs, deadline, bootstrapServers);
      awaitLeaders(admin, specs, deadline, bootstrapServers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics on " + bootstrapServers, e);
    }
  }

  private static void createMissing(Admin admin, List<Topics.Spec> specs, short replicationFactor,
      Map<String, String> topicConfigs, long deadline, String bootstrapServers)
      throws InterruptedException {
    List<NewTopic> topics = specs.stream()
        .map(s -> new NewTopic(s.name(), s.partitions(), replicationFactor).configs(merged(s.configs(), topicConfigs)))
        .toList();
    Map<String, KafkaFuture<Void>> results = admin
        .createTopics(topics, new CreateTopicsOptions().timeoutMs(remainingMillis(deadline)))
        .values();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      try {
        result.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        LOG.info("Created topic {}", result.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "Could not create topic " + result.getKey() + " on " + bootstrapServers + ": "
                  + e.getCause().getMessage(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "Timed out creating topic " + result.getKey() + " on " + bootstrapServers, e);
      }
    }
  }

  /** The spec's own configs, overridden by the caller's. */
  private static Map<String, String> merged(Map<String, String> specConfigs, Map<String, String> topicConfigs) {
    final Map<String, String> merged = new java.util.HashMap<>(specConfigs);
    merged.putAll(topicConfigs);
    return merged;
  }

  private static void awaitLeaders(Admin admin, List<Topics.Spec> specs, long deadline,
      String bootstrapServers) throws InterruptedException {
    Set<String> names = specs.stream().map(Topics.Spec::name).collect(Collectors.toSet());
    Throwable last = null;
    // The controller has the topics once createTopics returns; the broker may lag a moment.
    while (remainingMillis(deadline) > 0) {
      try {
        Map<String, TopicDescription> found = admin
            .describeTopics(names, new DescribeTopicsOptions().timeoutMs(remainingMillis(deadline)))
            .allTopicNames()
            .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        if (found.values().stream().allMatch(TopicAdmin::hasAllLeaders)) {
          warnOnPartitionMismatch(specs, found);
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw new IllegalStateException("Could not describe topics " + names + " on "
              + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        }
        last = e.getCause();
      } catch (TimeoutException e) {
        last = e;
      }
      Thread.sleep(Math.min(50, Math.max(1, remainingMillis(deadline))));
    }
    throw new IllegalStateException("Topics " + names + " not ready on " + bootstrapServers
        + " in time", last);
  }

  private static boolean hasAllLeaders(TopicDescription topic) {
    return !topic.partitions().isEmpty()
        && topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
  }

  private static void warnOnPartitionMismatch(List<Topics.Spec> specs, Map<String, TopicDescription> found) {
    for (Topics.Spec spec : specs) {
      int actual = found.get(spec.name()).partitions().size();
      if (actual != spec.partitions()) {
        LOG.warn("Topic {} already exists with {} partitions, not the {} expected; left unchanged",
            spec.name(), actual, spec.partitions());
      }
    }
  }

  private static void validate(List<Topics.Spec> specs, short replicationFactor) {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be at least 1: " + replicationFactor);
    }
    Set<String> seen = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (Topics.Spec spec : specs) {
      if (spec.name() == null || spec.name().isBlank()) {
        problems.add("blank topic name");
      } else if (!seen.add(spec.name())) {
        problems.add(spec.name() + " listed twice");
      }
      if (spec.partitions() < 1) {
        problems.add(spec.name() + " has " + spec.partitions() + " partitions, needs at least 1");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid topic specs: " + problems);
    }
  }

  private static int remainingMillis(long deadlineNanos) {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, ms));
  }
}
