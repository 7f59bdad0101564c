package dev.blockwire.ingest.eth.node;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.ingest.eth.GethBlocks;
import dev.blockwire.ingest.fixture.LastBlockReader;
import dev.blockwire.ingest.source.BlockSource;
import dev.blockwire.ingest.source.SourceThread;
import dev.blockwire.ingest.source.UpstreamFailures;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.eth.EthBlock;

/**
 * Follows an Ethereum node over JSON-RPC and writes its blocks, with their logs, to the raw topic
 * ({@code eth.blocks.raw}) in chain order, reorgs included, for the processor to turn into the
 * canonical chain.
 *
 * <p><b>Head.</b> Over {@code ws://}/{@code wss://} it subscribes to {@code newHeads} and fetches each
 * announced block with {@code eth_getBlockByHash}; it also asks for the {@code latest} block every
 * {@code ingest.eth.poll-interval-ms}, so a missed notification or a reconnect costs at most one
 * interval. Over {@code http://}/{@code https://} it polls {@code eth_getBlockByNumber("latest")}.
 * What is written for a head (gap filling by number, reorgs walked back by parent hash, logs by
 * {@code eth_getLogs({"blockHash"})}) is decided by {@link ChainFollower}.
 *
 * <p><b>Resume.</b> At start it reads the tail of the topic (the last {@code max-reorg-depth} blocks
 * of its network, {@link LastBlockReader#readTail}) and continues at the height after the last one;
 * no local state file. <b>Backfill.</b> With {@code from-block} it starts there (or after the last
 * written block if that is already at or past it); with {@code to-block} it stops once that block is
 * written, else it goes on following the head.
 *
 * <p><b>Failures.</b> A node call that fails is retried with exponential backoff
 * ({@code retry-initial-ms} doubling to {@code retry-max-ms}); a websocket is reopened and subscribed
 * again. A node that stays unreachable longer than {@code node-down-report-ms} is reported with an
 * ERROR log every such interval and by {@link #failure()} (a {@link NodeDownException}) until it
 * answers again; no block is skipped. A Kafka write failure, an unreadable topic, a block that cannot
 * be converted, or a chain that does not connect within {@code max-reorg-depth} stop the source
 * ({@link #failure()} then holds an {@link EthNodeSourceException}).
 *
 * <p>{@link #close()} stops promptly and closes the node connection and the producer.
 */
public final class EthNodeSource implements BlockSource {

  private static final Logger LOG = LoggerFactory.getLogger(EthNodeSource.class);
  private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(30);

  private final EthNodeConfig config;
  private final EthNode node;
  private final AutoCloseable nodeConnection;
  private final BlockSink sink;
  private final AutoCloseable sinkResource;
  private final Supplier<List<EthBlock>> tailOfTopic;
  private final ChainFollower follower;
  private final UpstreamFailures<NodeDownException> nodeFailures;

  private final Semaphore wake = new Semaphore(0);
  private final AtomicReference<String> announcedHead = new AtomicReference<>();
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private final AtomicLong blocksWritten = new AtomicLong();
  private final AtomicLong reorgs = new AtomicLong();
  private final AtomicReference<ChainFollower.Written> lastWritten = new AtomicReference<>();
  private final SourceThread lifecycle = new SourceThread("Ethereum node source", LOG);
  private volatile boolean stopping;

  /** Owned by the source thread. */

  /**
   * A source for the node at {@code config.rpcUrl()}; nothing is connected until {@link #start()}.
   *
   * @param mapper the application's JSON mapper
   */
  public EthNodeSource(EthNodeConfig config, ObjectMapper mapper) {
    this(config, mapper, new Connections(config, mapper));
  }

  private EthNodeSource(EthNodeConfig config, ObjectMapper mapper, Connections connections) {
    this(config, new GethBlocks(mapper), connections.node(), connections.rpc(), connections.sink(),
        connections.sink(), () -> LastBlockReader.readTail(config.bootstrapServers(), config.topic(), config.network(),
            RESUME_TIMEOUT, Serdes.ETH_BLOCK, WRITE_ORDER, config.maxReorgDepth()));
    connections.announce(this::announce);
  }

  /** For tests: any node, sink and topic tail. */
  EthNodeSource(EthNodeConfig config, GethBlocks geth, EthNode node, AutoCloseable nodeConnection, BlockSink sink,
      AutoCloseable sinkResource, Supplier<List<EthBlock>> tailOfTopic) {
    this.config = Objects.requireNonNull(config, "config");
    this.node = Objects.requireNonNull(node, "node");
    this.nodeConnection = nodeConnection;
    this.sink = Objects.requireNonNull(sink, "sink");
    this.sinkResource = sinkResource;
    this.tailOfTopic = Objects.requireNonNull(tailOfTopic, "tailOfTopic");
    this.follower = new ChainFollower(node, geth, config.network(), config.maxReorgDepth(), this::writeCounted);
    this.nodeFailures = new UpstreamFailures<>(config.retryInitial(), config.retryMax(), config.nodeDownReport(),
        (down, e) -> new NodeDownException(config.rpcUrl().toString(), down, e));
  }

  /** Orders blocks of several partitions for resume: by block time, then number. */
  static final Comparator<EthBlock> WRITE_ORDER = Comparator.<EthBlock>comparingLong(b -> b.getHeader().getTimestamp())
      .thenComparingLong(b -> b.getHeader().getNumber());

  /**
   * Starts following on a thread of its own, until {@code to-block} is written, {@link #close()}, or a
   * fatal failure.
   *
   * @throws IllegalStateException if already started or closed
   */
  @Override
  public void start() {
    if (!lifecycle.start("blockwire-eth-node-" + config.network(), this::run)) {
      throw new IllegalStateException("Ethereum node source already started or closed");
    }
  }

  /** Blocks written and acknowledged by this source. */
  public long blocksWritten() {
    return blocksWritten.get();
  }

  /** Reorgs followed: branches written whose first block's parent was not the last block written. */
  public long reorgs() {
    return reorgs.get();
  }

  /** Number and hash of the last block written (or found in the topic at resume), if any. */
  public Optional<String> lastWritten() {
    final ChainFollower.Written last = lastWritten.get();
    return last == null ? Optional.empty() : Optional.of(last.number() + " " + last.hash());
  }

  /** Number of the last block written (or found in the topic at resume), or -1. */
  public long lastWrittenNumber() {
    final ChainFollower.Written last = lastWritten.get();
    return last == null ? -1 : last.number();
  }

  /**
   * What is wrong, if anything: the error that stopped the source ({@link EthNodeSourceException}), or
   * while the node has been unreachable longer than {@code node-down-report-ms}, a
   * {@link NodeDownException} (the source is still retrying then).
   */
  @Override
  public Optional<Throwable> failure() {
    final Throwable stopped = fatal.get();
    return stopped != null ? Optional.of(stopped) : nodeFailures.report().map(Throwable.class::cast);
  }

  /** True while the source thread runs. */
  @Override
  public boolean isRunning() {
    return lifecycle.isRunning();
  }

  /** Waits until the source thread has stopped; true if it has (or was never started). */
  @Override
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return lifecycle.awaitStopped(timeout);
  }

  /** Stops following (a bounded wait for the block being written), closes the node connection and producer. */
  @Override
  public void close() {
    if (!lifecycle.close(() -> {
      stopping = true;
      wake.release();
    })) {
      return;
    }
    SourceThread.closeQuietly(nodeConnection, LOG);
    SourceThread.closeQuietly(sinkResource, LOG);
    LOG.info("Ethereum node source for {} closed after {} blocks ({} reorgs)", config.network(), blocksWritten.get(),
        reorgs.get());
  }

  // ---------------------------------------------------------------- the following loop

  private void run() {
    try {
      resume();
      if (config.fromBlock().isPresent()) {
        final long from = config.fromBlock().getAsLong();
        while (!stopping && !retrying(() -> follower.startAt(from), "starting the backfill at block " + from)) {
          awaitWake();
        }
      }
      while (!stopping) {
        if (config.toBlock().isPresent()) {
          final long to = config.toBlock().getAsLong();
          if (retrying(() -> follower.catchUpTo(to), "backfilling up to block " + to)) {
            LOG.info("{}: block {} written; the backfill {}..{} is complete", config.network(), to,
                config.fromBlock().getAsLong(), to);
            return;
          }
        } else {
          retrying(() -> {
            follower.follow(nextHead());
            return true;
          }, "following the head");
        }
        awaitWake();
      }
    } catch (InterruptException e) {
      if (!stopping) {
        fail(e);
      }
    } catch (RuntimeException | Error e) {
      if (!(stopping && SourceThread.isInterruption(e))) {
        fail(e);
      }
    }
  }

  private void resume() {
    final List<EthBlock> tail;
    try {
      tail = tailOfTopic.get();
    } catch (RuntimeException e) {
      throw new EthNodeSourceException("cannot read the last blocks of " + config.network() + " in " + config.topic()
          + " to resume: " + e.getMessage(), e);
    }
    follower.restore(tail);
    follower.last().ifPresentOrElse(last -> {
      lastWritten.set(last);
      LOG.info("{}: resuming after block {} ({}) found in {} ({} recent blocks remembered); following {}",
          config.network(), last.number(), last.hash(), config.topic(), tail.size(), config.rpcUrl());
    }, () -> LOG.info("{}: {} holds no block of this network; following {}", config.network(), config.topic(),
        config.rpcUrl()));
  }

  /** The block a newHeads notification announced, or else the node's latest block. */
  private NodeBlock nextHead() throws IOException {
    final String announced = announcedHead.getAndSet(null);
    if (announced != null) {
      final Optional<NodeBlock> block = node.blockByHash(announced);
      if (block.isPresent()) {
        return block.get();
      }
    }
    return node.head();
  }

  private interface Step {
    boolean run() throws IOException;
  }

  /**
   * Runs a step until it completes without a node failure (or the source stops), waiting with
   * backoff between attempts. Returns the step's result; false when stopping.
   */
  private boolean retrying(Step step, String what) {
    while (!stopping) {
      try {
        final boolean done = step.run();
        nodeAnswered();
        return done;
      } catch (NodeChangedException e) {
        nodeAnswered();
        LOG.info("{}: the node's chain moved while {}: {}; starting again from its head", config.network(), what,
            e.getMessage());
        sleep(config.retryInitial());
      } catch (IOException e) {
        if (stopping) {
          return false;
        }
        nodeFailed(e, what);
        sleep(nodeFailures.backoff().next());
      }
    }
    return false;
  }

  private void nodeAnswered() {
    nodeFailures.answered().ifPresent(recovery -> {
      if (recovery.wasReported()) {
        LOG.warn("{}: the Ethereum node {} answers again after {} ms unreachable", config.network(), config.rpcUrl(),
            recovery.failing().toMillis());
      } else {
        LOG.info("{}: the Ethereum node {} answers again after {} ms", config.network(), config.rpcUrl(),
            recovery.failing().toMillis());
      }
    });
  }

  private void nodeFailed(IOException e, String what) {
    final UpstreamFailures.Failure<NodeDownException> failure = nodeFailures.failed(e);
    if (failure.first()) {
      LOG.warn("{}: node call failed while {} ({}); retrying with backoff from {} ms", config.network(), what,
          e.toString(), nodeFailures.backoff().current().toMillis());
      return;
    }
    LOG.debug("{}: node call failed again after {} ms: {}", config.network(), failure.failing().toMillis(),
        e.toString());
    failure.newReport().ifPresent(report -> LOG.error("{}: {} (while {}); last block written: {}", config.network(),
        report.getMessage(), what, lastWritten().orElse("none")));
  }

  private void writeCounted(EthBlock block) {
    sink.write(block);
    blocksWritten.incrementAndGet();
    reorgs.set(follower.reorgs());
    lastWritten.set(new ChainFollower.Written(block.getHeader().getNumber(), block.getHeader().getHash()));
  }

  private void announce(JsonNode header) {
    final JsonNode hash = header.get("hash");
    if (hash != null && hash.isTextual()) {
      announcedHead.set(hash.asText());
    }
    wake.release();
  }

  private void awaitWake() {
    try {
      if (wake.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
        wake.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  private void sleep(Duration duration) {
    try {
      if (wake.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        wake.release(); // keep a pending wake-up (a new head) for the next wait
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  private void fail(Throwable e) {
    final Throwable error = e instanceof EthNodeSourceException ? e
        : new EthNodeSourceException("Ethereum node source for " + config.network() + " failed: " + e, e);
    if (fatal.compareAndSet(null, error)) {
      LOG.error("Ethereum node source for {} stopped after {} blocks; a restart resumes after the last block in {}",
          config.network(), blocksWritten.get(), config.topic(), error);
    }
  }

  /** The real connections of a source: JSON-RPC to the node (ws or http) and the Kafka sink. */
  private static final class Connections {

    private final AtomicReference<java.util.function.Consumer<JsonNode>> onHead = new AtomicReference<>(h -> { });
    private final JsonRpc rpc;
    private final KafkaBlockSink sink;

    Connections(EthNodeConfig config, ObjectMapper mapper) {
      this.rpc = config.websocket()
          ? new WebSocketJsonRpc(config.rpcUrl(), config.requestTimeout(), mapper, header -> onHead.get().accept(header))
          : new HttpJsonRpc(config.rpcUrl(), config.requestTimeout(), mapper);
      this.sink = new KafkaBlockSink(config);
    }

    EthNode node() {
      return new RpcEthNode(rpc);
    }

    JsonRpc rpc() {
      return rpc;
    }

    KafkaBlockSink sink() {
      return sink;
    }

    void announce(java.util.function.Consumer<JsonNode> callback) {
      onHead.set(callback);
    }
  }
}
