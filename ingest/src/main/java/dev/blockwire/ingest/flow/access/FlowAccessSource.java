package dev.blockwire.ingest.flow.access;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.ingest.fixture.LastBlockReader;
import dev.blockwire.ingest.kafka.RawBlockWriter;
import dev.blockwire.ingest.source.BlockSource;
import dev.blockwire.ingest.source.SourceThread;
import dev.blockwire.ingest.source.UpstreamFailures;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockStatus;

/**
 * Follows a Flow access node's REST API and writes its blocks to the raw topic ({@code flow.blocks.raw})
 * as a node reports them: each block once as a {@code FINALIZED} {@link FlowBlock} (header and payload)
 * and later as a {@code SEALED} one (with every event and result of its transactions), each status in
 * height order, for the processor to turn into {@code flow.chain} and {@code flow.events}.
 *
 * <p><b>Following.</b> It asks {@code /v1/blocks?height=final} and {@code ?height=sealed} for the two
 * heads, fetches the heights after the last ones written in ranges of {@code ingest.flow.range-size}
 * ({@link SealedBlockFetcher}: blocks, and for sealed ones their collections and transaction results with
 * at most {@code ingest.flow.concurrency} requests in flight), and writes them one by one, each
 * acknowledged by Kafka before the next; a block is written sealed only after it was written finalized.
 * Once at the heads it looks again every {@code ingest.flow.poll-interval-ms}.
 *
 * <p><b>Order.</b> Flow heights are contiguous and finalized blocks final: every block written must be at
 * the height after the last one of its status and name it as parent, and a sealed block must be the one
 * written finalized at its height. An answer missing a height is retried (never skipped); a parent
 * that is not the last block written stops the source (a different chain, or a topic written by
 * something else).
 *
 * <p><b>Resume and backfill.</b> At start it reads the last blocks of its network back from the topic
 * ({@link LastBlockReader}; no local state file) and continues after the last sealed and the last
 * finalized one. With
 * {@code start-height} it starts there (or after the last written block if that is already at or past
 * it); without either, at the node's sealed head. With {@code end-height} it stops once that height is
 * written.
 *
 * <p><b>Failures.</b> A failing request is retried with exponential backoff ({@code retry-initial-ms}
 * doubling to {@code retry-max-ms}); a node failing longer than {@code node-down-report-ms} is reported
 * with an ERROR log every such interval and by {@link #failure()} (an {@link AccessNodeDownException})
 * while retries go on. A Kafka write failure, an unreadable topic, a refused request, an unconvertible
 * block or a parent mismatch stop the source ({@link #failure()} then holds a
 * {@link FlowAccessSourceException}).
 */
public final class FlowAccessSource implements BlockSource {

  private static final Logger LOG = LoggerFactory.getLogger(FlowAccessSource.class);
  private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(30);
  /** Records read back at resume: enough to hold a sealed block behind the finalized ones written after it. */
  private static final int RESUME_TAIL = 1024;

  private final FlowAccessConfig config;
  private final FlowAccessClient client;
  private final SealedBlockFetcher fetcher;
  private final ExecutorService pool;
  private final RawBlockWriter<FlowBlock> writer;
  private final Supplier<List<FlowBlock>> tailOfTopic;
  private final UpstreamFailures<AccessNodeDownException> nodeFailures;

  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private final AtomicLong blocksWritten = new AtomicLong();
  private final AtomicLong recordsWritten = new AtomicLong();
  private final Map<FlowBlockStatus, FlowBlock> lastWritten = new ConcurrentHashMap<>();
  private final SourceThread lifecycle = new SourceThread("Flow access node source", LOG);

  /** Owned by the source thread. */
  private long nextSealed;
  private long nextFinalized;
  /** Ids of the finalized blocks written above the last sealed one: each sealed block must be one of them. */
  private final NavigableMap<Long, String> finalizedIds = new TreeMap<>();

  /**
   * A source for the node at {@code config.url()}; nothing is connected until {@link #start()}.
   *
   * @param mapper the application's JSON mapper
   */
  public FlowAccessSource(FlowAccessConfig config, ObjectMapper mapper) {
    this.config = Objects.requireNonNull(config, "config");
    final AtomicInteger threads = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(config.concurrency(), r -> {
      final Thread t = new Thread(r, "blockwire-flow-access-" + config.network() + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.client = new FlowAccessClient(config.url(), config.requestTimeout(), mapper);
    this.fetcher = new SealedBlockFetcher(client, mapper, pool, config.network());
    this.writer = new RawBlockWriter<>(config.bootstrapServers(), "blockwire-flow-access-" + config.network(),
        config.topic(), config.network(), Serdes.FLOW_BLOCK);
    this.tailOfTopic = () -> LastBlockReader.readTail(config.bootstrapServers(), config.topic(), config.network(),
        RESUME_TIMEOUT, Serdes.FLOW_BLOCK, (a, b) -> 0, RESUME_TAIL);
    this.nodeFailures = new UpstreamFailures<>(config.retryInitial(), config.retryMax(), config.nodeDownReport(),
        (down, e) -> new AccessNodeDownException(client.url(), down, e));
  }

  /**
   * Starts following on a thread of its own, until {@code end-height} is written, {@link #close()}, or a
   * fatal failure.
   *
   * @throws IllegalStateException if already started or closed
   */
  @Override
  public void start() {
    if (!lifecycle.start("blockwire-flow-access-" + config.network(), this::run)) {
      throw new IllegalStateException("Flow access node source already started or closed");
    }
  }

  /** Sealed blocks written and acknowledged by this source. */
  public long blocksWritten() {
    return blocksWritten.get();
  }

  /** Finalized records written and acknowledged by this source. */
  public long finalizedWritten() {
    return recordsWritten.get();
  }

  /** Height of the last sealed block written (or found in the topic at resume), or -1. */
  public long lastWrittenHeight() {
    final FlowBlock last = lastWritten.get(FlowBlockStatus.SEALED);
    return last == null ? -1 : last.getHeader().getHeight();
  }

  /**
   * What is wrong, if anything: the error that stopped the source ({@link FlowAccessSourceException}),
   * or while the node has been failing longer than {@code node-down-report-ms}, an
   * {@link AccessNodeDownException} (the source is still retrying then).
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

  /** Stops following (a bounded wait for the block being written), then closes the pool and producer. */
  @Override
  public void close() {
    if (!lifecycle.close(stopSignal::countDown)) {
      return;
    }
    pool.shutdownNow();
    writer.close();
    LOG.info("Flow access node source for {} closed after {} blocks", config.network(), blocksWritten.get());
  }

  // ---------------------------------------------------------------- the following loop

  private void run() {
    try {
      resume();
      while (!stopping()) {
        final OptionalLong end = config.endHeight();
        if (end.isPresent() && nextSealed > end.getAsLong()) {
          LOG.info("{}: height {} written; the backfill up to {} is complete", config.network(), nextSealed - 1,
              end.getAsLong());
          return;
        }
        final Long finalized = retrying(client::finalizedHeight, "asking for the finalized head");
        final Long sealed = finalized == null ? null : retrying(client::sealedHeight, "asking for the sealed head");
        if (sealed == null) {
          return; // stopping
        }
        final long limit = end.isPresent() ? end.getAsLong() : Long.MAX_VALUE;
        // a block is written finalized before it is written sealed, as a node reports it
        final boolean wroteFinalized = writeRange(FlowBlockStatus.FINALIZED, nextFinalized,
            Math.min(Math.max(finalized, sealed), limit));
        final boolean wroteSealed = writeRange(FlowBlockStatus.SEALED, nextSealed,
            Math.min(Math.min(sealed, limit), nextFinalized - 1));
        if (!wroteFinalized && !wroteSealed) {
          pause(config.pollInterval());
        }
      }
    } catch (InterruptException e) {
      if (!stopping()) {
        fail(e);
      }
    } catch (RuntimeException | Error e) {
      if (!(stopping() && SourceThread.isInterruption(e))) {
        fail(e);
      }
    }
  }

  /** Fetches and writes one range of at most {@code range-size} blocks from {@code from}; false if none is due. */
  private boolean writeRange(FlowBlockStatus status, long from, long upTo) {
    if (from > upTo || stopping()) {
      return false;
    }
    final long to = Math.min(upTo, from + config.rangeSize() - 1);
    final boolean sealed = status == FlowBlockStatus.SEALED;
    final List<FlowBlock> blocks = retrying(() -> sealed ? fetcher.fetch(from, to) : fetcher.fetchFinalized(from, to),
        "fetching " + status.name().toLowerCase(java.util.Locale.ROOT) + " blocks " + from + ".." + to);
    if (blocks == null) {
      return false;
    }
    for (FlowBlock block : blocks) {
      write(block);
    }
    return true;
  }

  /**
   * Where to go on: after the topic's last finalized and sealed blocks (read back from its tail), or the
   * start height, or the node's sealed head.
   */
  private void resume() {
    final List<FlowBlock> tail;
    try {
      tail = tailOfTopic.get();
    } catch (RuntimeException e) {
      throw new FlowAccessSourceException("cannot read the last blocks of " + config.network() + " in "
          + config.topic() + " to resume: " + e.getMessage(), e);
    }
    FlowBlock lastSealed = null;
    FlowBlock lastFinal = null;
    for (FlowBlock block : tail) {
      if (block.getStatus() == FlowBlockStatus.SEALED) {
        lastSealed = block;
      } else {
        lastFinal = block;
        finalizedIds.put(block.getHeader().getHeight(), block.getHeader().getId());
      }
    }
    if (lastSealed == null && !tail.isEmpty()) {
      throw new FlowAccessSourceException("the last " + tail.size() + " records of " + config.network() + " in "
          + config.topic() + " hold no sealed block: cannot tell where to resume; give this source its own network"
          + " name or topic, or a start height");
    }
    final OptionalLong start = config.startHeight();
    if (lastSealed != null && (start.isEmpty() || lastSealed.getHeader().getHeight() >= start.getAsLong() - 1)) {
      lastWritten.put(FlowBlockStatus.SEALED, lastSealed);
      nextSealed = lastSealed.getHeader().getHeight() + 1;
      LOG.info("{}: resuming after sealed block {} ({}) found in {}; following {}", config.network(),
          lastSealed.getHeader().getHeight(), lastSealed.getHeader().getId(), config.topic(), client.url());
    } else if (start.isPresent()) {
      nextSealed = start.getAsLong();
      LOG.info("{}: starting at height {}; following {}", config.network(), nextSealed, client.url());
    } else {
      final Long head = retrying(client::sealedHeight, "asking for the sealed head");
      if (head == null) {
        return; // stopping
      }
      nextSealed = head;
      LOG.info("{}: {} holds no block of this network; starting at the sealed head {} of {}", config.network(),
          config.topic(), head, client.url());
    }
    if (lastFinal != null && lastFinal.getHeader().getHeight() >= nextSealed - 1) {
      lastWritten.put(FlowBlockStatus.FINALIZED, lastFinal);
      nextFinalized = Math.max(lastFinal.getHeader().getHeight() + 1, nextSealed);
    } else {
      nextFinalized = nextSealed;
    }
  }

  private void write(FlowBlock block) {
    final FlowBlockStatus status = block.getStatus();
    final FlowBlock last = lastWritten.get(status);
    final long height = block.getHeader().getHeight();
    final String what = status.name().toLowerCase(java.util.Locale.ROOT) + " block " + height + " ("
        + block.getHeader().getId() + ")";
    if (last != null && height == last.getHeader().getHeight() + 1
        && !block.getHeader().getParentId().equals(last.getHeader().getId())) {
      throw new FlowAccessSourceException(config.network() + ": " + what + " has parent "
          + block.getHeader().getParentId() + ", but the last " + status.name().toLowerCase(java.util.Locale.ROOT)
          + " block written, " + last.getHeader().getHeight() + ", is " + last.getHeader().getId()
          + ": the node follows another chain than the topic holds; nothing more is written");
    }
    final String finalizedId = finalizedIds.get(height);
    if (status == FlowBlockStatus.SEALED && finalizedId != null && !finalizedId.equals(block.getHeader().getId())) {
      throw new FlowAccessSourceException(config.network() + ": " + what + " is not the block written as finalized"
          + " at that height (" + finalizedId + "); nothing more is written");
    }
    try {
      writer.write(block, block.getHeader().getTimestampMs());
    } catch (RawBlockWriter.WriteFailedException e) {
      throw new FlowAccessSourceException(config.network() + ": writing " + what + " failed: " + e.getMessage(), e);
    }
    lastWritten.put(status, block);
    if (status == FlowBlockStatus.SEALED) {
      blocksWritten.incrementAndGet();
      nextSealed = height + 1;
      finalizedIds.headMap(height, true).clear();
    } else {
      recordsWritten.incrementAndGet();
      nextFinalized = height + 1;
      finalizedIds.put(height, block.getHeader().getId());
    }
  }

  private interface Step<T> {
    T run() throws IOException;
  }

  /** Runs a step until it succeeds (its result) or the source stops (null), with backoff between attempts. */
  private <T> T retrying(Step<T> step, String what) {
    while (!stopping()) {
      try {
        final T result = step.run();
        nodeAnswered();
        return result;
      } catch (IOException e) {
        if (stopping()) {
          return null;
        }
        nodeFailed(e, what);
        pause(nodeFailures.backoff().next());
      }
    }
    return null;
  }

  private void nodeAnswered() {
    nodeFailures.answered().ifPresent(recovery -> {
      final long downMs = recovery.failing().toMillis();
      if (recovery.wasReported()) {
        LOG.warn("{}: the Flow access node {} answers again after failing for {} ms", config.network(), client.url(),
            downMs);
      } else {
        LOG.info("{}: the Flow access node {} answers again after {} ms", config.network(), client.url(), downMs);
      }
    });
  }

  private void nodeFailed(IOException e, String what) {
    final UpstreamFailures.Failure<AccessNodeDownException> failure = nodeFailures.failed(e);
    if (failure.first()) {
      LOG.warn("{}: access node request failed while {} ({}); retrying with backoff from {} ms", config.network(),
          what, e.getMessage(), nodeFailures.backoff().current().toMillis());
      return;
    }
    LOG.debug("{}: access node request failed again after {} ms: {}", config.network(), failure.failing().toMillis(),
        e.getMessage());
    failure.newReport().ifPresent(report -> LOG.error("{}: {} (while {}); last block written: {}", config.network(),
        report.getMessage(), what, lastWrittenHeight()));
  }

  private void pause(Duration duration) {
    try {
      stopSignal.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopSignal.countDown();
    }
  }

  private boolean stopping() {
    return stopSignal.getCount() == 0;
  }

  private void fail(Throwable e) {
    final Throwable error = e instanceof FlowAccessSourceException ? e
        : new FlowAccessSourceException("Flow access node source for " + config.network() + " failed: " + e, e);
    if (fatal.compareAndSet(null, error)) {
      LOG.error("Flow access node source for {} stopped after {} blocks; a restart resumes after the last block in {}",
          config.network(), blocksWritten.get(), config.topic(), error);
    }
  }
}
