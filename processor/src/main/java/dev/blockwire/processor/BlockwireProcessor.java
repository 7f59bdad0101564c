package dev.blockwire.processor;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.processor.eth.EthChainTopology;
import dev.blockwire.processor.flow.FlowChainTopology;
import dev.blockwire.processor.near.NearEventsTopology;

/**
 * The processor: the full topology (one sub-topology per chain: NEAR, Ethereum, Flow) running on Kafka
 * Streams with exactly-once v2. Lifecycle only: {@code app} wires it and owns {@code main}.
 *
 * <p>A stream thread that dies is logged and replaced, up to
 * {@value #MAX_THREAD_REPLACEMENTS} times a minute; beyond that the client shuts down (state
 * {@code ERROR}) instead of crash-looping.
 */
public final class BlockwireProcessor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BlockwireProcessor.class);

  static final int MAX_THREAD_REPLACEMENTS = 5;
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<KafkaStreams.State> TERMINAL = EnumSet.of(KafkaStreams.State.PENDING_SHUTDOWN,
      KafkaStreams.State.NOT_RUNNING, KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);

  private final KafkaStreams streams;
  private final Object stateChanged = new Object();

  public BlockwireProcessor(ProcessorConfig config) {
    this(config, buildTopology(config));
  }

  /**
   * A processor running {@code topology} (e.g. one built by {@link #buildTopology(ProcessorConfig, TopicNames)},
   * or with only some chains' nodes) with {@code config}'s Streams properties.
   */
  public BlockwireProcessor(ProcessorConfig config, Topology topology) {
    Objects.requireNonNull(config);
    if (log.isDebugEnabled()) {
      log.debug("processor topology:\n{}", topology.describe());
    }
    this.streams = new KafkaStreams(topology, config.streamsProperties());
    streams.setUncaughtExceptionHandler(
        new ThreadReplacementPolicy(MAX_THREAD_REPLACEMENTS, Duration.ofMinutes(1), System::nanoTime));
    streams.setStateListener((newState, oldState) -> {
      log.info("processor {} -> {}", oldState, newState);
      synchronized (stateChanged) {
        stateChanged.notifyAll();
      }
    });
  }

  /** The whole processor topology: every chain's nodes in one {@link Topology}, configured by {@code config}. */
  public static Topology buildTopology(ProcessorConfig config) {
    return buildTopology(config, TopicNames.DEFAULT);
  }

  /** The whole processor topology, configured by {@code config}, on the topics {@code names} gives. */
  public static Topology buildTopology(ProcessorConfig config, TopicNames names) {
    final Topology topology = new Topology();
    NearEventsTopology.addTo(topology, names);
    EthChainTopology.addTo(topology, config.ethWindowDepth(), names);
    FlowChainTopology.addTo(topology, names);
    return topology;
  }

  /** The whole processor topology with every setting at its default. */
  public static Topology buildTopology() {
    return buildTopology(ProcessorConfig.defaults());
  }

  /**
   * Starts the stream threads; returns at once.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    streams.start();
  }

  /**
   * Waits until the processor is {@code RUNNING}.
   *
   * @return true when running, false if the timeout passed first
   * @throws IllegalStateException if it is shutting down or failed, so it will never run
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    final long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stateChanged) {
      while (true) {
        final KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
          return true;
        }
        if (TERMINAL.contains(state)) {
          throw new IllegalStateException("the processor is " + state + " and will not run");
        }
        final long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(stateChanged, left);
      }
    }
  }

  /** The Kafka Streams state, e.g. {@code CREATED}, {@code REBALANCING}, {@code RUNNING}. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Stops the stream threads, committing what was processed, and leaves the consumer group so a
   * restarted processor takes over at once instead of waiting out the session timeout; idempotent.
   */
  @Override
  public void close() {
    if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT))) {
      log.warn("the processor did not stop within {}", CLOSE_TIMEOUT);
    }
  }
}
