package dev.blockwire.ingest.near.source;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.ingest.fixture.LastBlockReader;
import dev.blockwire.ingest.kafka.RawBlockWriter;
import dev.blockwire.ingest.near.NeardataBlocks;
import dev.blockwire.ingest.near.NeardataFormatException;
import dev.blockwire.ingest.near.source.BlockService.Fetched;
import dev.blockwire.ingest.near.source.BlockService.Found;
import dev.blockwire.ingest.near.source.BlockService.NoBlock;
import dev.blockwire.ingest.near.source.BlockService.NotYet;
import dev.blockwire.ingest.near.source.ChainLink.Written;
import dev.blockwire.ingest.source.Backoff;
import dev.blockwire.ingest.source.BlockSource;
import dev.blockwire.ingest.source.SourceThread;
import dev.blockwire.ingest.source.UpstreamFailures;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.near.NearBlock;

/**
 * Follows the NEAR chain from a block-data service (neardata over HTTP, or a folder of NEAR Lake or
 * neardata files) and writes every final block, converted by {@link NeardataBlocks}, to the raw topic
 * ({@code near.blocks.raw}) exactly once and in height order.
 *
 * <p><b>Order and prefetch.</b> Heights are fetched in order; while the service is ahead, up to
 * {@code ingest.near.concurrency} heights are fetched in parallel and written in order as they
 * complete. At the head one height is asked at a time, every {@code poll-interval-ms}.
 *
 * <p><b>Skipped heights.</b> NEAR produces no block at some heights (neardata answers {@code null}).
 * Each block's {@code header.prev_height} and {@code prev_hash} are checked against the last block
 * written ({@link ChainLink}): heights between them are skipped heights, counted
 * ({@link #skippedHeights()}), logged, and listed on the next block's record in the
 * {@value #SKIPPED_HEADER} header (comma-separated decimal heights; consumers that do not know it ignore
 * it, the Avro record is unchanged). A "no block" at a height that a later block names as its parent is
 * a real gap: reported ({@link NearGapException}, ERROR log) and fetched again with backoff, never
 * skipped. A {@code prev_hash} that is not the last written block's hash stops the source.
 *
 * <p><b>Resume and backfill.</b> At start it reads the network's last block back from the topic
 * ({@link LastBlockReader}; no local state file) and continues after it. {@code start-height} starts
 * there instead when it is past the last block written; without either it starts at the service's
 * latest final block. With {@code end-height} it stops once every height up to it is handled (a skipped
 * height at the end is confirmed by the block after it, which is not written).
 *
 * <p><b>Failures.</b> A failed fetch (connection refused or reset, timeout, 5xx, a body that is not
 * JSON) is retried with exponential backoff ({@code retry-initial-ms} doubling to {@code retry-max-ms});
 * a service failing longer than {@code down-report-ms} is reported with an ERROR log every such interval
 * and by {@link #failure()} ({@link NearSourceDownException}) until it answers again. A Kafka write
 * failure, an unreadable topic, a block that cannot be converted or a hash mismatch stop the source
 * ({@link #failure()} then holds a {@link NearSourceException}).
 */
public final class NearSource implements BlockSource {

  /** Record header listing the heights skipped right before this block, e.g. {@code 188102386}. */
  public static final String SKIPPED_HEADER = "blockwire.skipped";

  /** Write order of raw NEAR blocks for resume: by height (final NEAR blocks never reorganise). */
  public static final Comparator<NearBlock> WRITE_ORDER = Comparator.comparingLong(NearBlock::getHeight);

  private static final Logger LOG = LoggerFactory.getLogger(NearSource.class);
  private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(30);
  private static final long AWAIT_SLICE_MS = 100;

  private final NearSourceConfig config;
  private final BlockService service;
  private final NearBlockSink sink;
  private final AutoCloseable sinkResource;
  private final Supplier<Optional<NearBlock>> lastInTopic;
  private final NeardataBlocks converter;
  private final ExecutorService fetchers;
  private final UpstreamFailures<NearSourceDownException> serviceFailures;

  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final AtomicLong blocksWritten = new AtomicLong();
  private final AtomicLong skippedHeights = new AtomicLong();
  private final AtomicLong gapsSeen = new AtomicLong();
  private final AtomicLong lastWrittenHeight = new AtomicLong(-1);
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private final AtomicReference<NearGapException> gap = new AtomicReference<>();
  private final SourceThread lifecycle = new SourceThread("NEAR source", LOG);
  private volatile boolean stopping;

  /** Owned by the source thread. */
  private Optional<Written> last = Optional.empty();
  private long floor;
  private long next;
  private final TreeMap<Long, Future<Fetched>> window = new TreeMap<>();
  private long knownFinal = -1;
  private long lastHeadCheckNanos;
  private long lastGapReportNanos;
  /** Separate from the service's backoff: every fetch around a gap succeeds, which resets that one. */
  private final Backoff gapBackoff;

  /** A source reading {@code config.url()} or {@code config.folder()}; nothing is fetched until {@link #start()}. */
  public NearSource(NearSourceConfig config, ObjectMapper mapper) {
    this(config, mapper, service(config, mapper), new RawBlockWriter<>(config.bootstrapServers(),
        "blockwire-near-source-" + config.network(), config.topic(), config.network(), Serdes.NEAR_BLOCK));
  }

  private NearSource(NearSourceConfig config, ObjectMapper mapper, BlockService service,
      RawBlockWriter<NearBlock> writer) {
    this(config, new NeardataBlocks(mapper), service,
        (block, headers) -> writer.write(block, Math.floorDiv(block.getTimestampNanos(), 1_000_000L), headers), writer,
        () -> LastBlockReader.read(config.bootstrapServers(), config.topic(), config.network(), RESUME_TIMEOUT,
            Serdes.NEAR_BLOCK, WRITE_ORDER));
  }

  /** For tests: any service, sink and topic lookup. */
  NearSource(NearSourceConfig config, NeardataBlocks converter, BlockService service, NearBlockSink sink,
      AutoCloseable sinkResource, Supplier<Optional<NearBlock>> lastInTopic) {
    this.config = Objects.requireNonNull(config, "config");
    this.converter = Objects.requireNonNull(converter, "converter");
    this.service = Objects.requireNonNull(service, "service");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.sinkResource = sinkResource;
    this.lastInTopic = Objects.requireNonNull(lastInTopic, "lastInTopic");
    this.serviceFailures = new UpstreamFailures<>(config.retryInitial(), config.retryMax(), config.downReport(),
        (down, e) -> new NearSourceDownException(service.describe(), down, e));
    this.gapBackoff = new Backoff(config.retryInitial(), config.retryMax());
    final AtomicInteger threads = new AtomicInteger();
    this.fetchers = Executors.newFixedThreadPool(config.concurrency(), runnable -> {
      final Thread t = new Thread(runnable, "blockwire-near-fetch-" + config.network() + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  static BlockService service(NearSourceConfig config, ObjectMapper mapper) {
    if (config.url().isPresent()) {
      return new NeardataHttpService(config.url().get(), config.requestTimeout(), mapper);
    }
    return new BlockFolderService(config.folder().orElseThrow(), mapper);
  }

  /**
   * Starts following on a thread of its own, until {@code end-height} is handled, {@link #close()}, or
   * a fatal failure.
   *
   * @throws IllegalStateException if already started or closed
   */
  @Override
  public void start() {
    if (!lifecycle.start("blockwire-near-source-" + config.network(), this::run)) {
      throw new IllegalStateException("NEAR source already started or closed");
    }
  }

  /** Blocks written and acknowledged by this source. */
  public long blocksWritten() {
    return blocksWritten.get();
  }

  /** Heights confirmed skipped (no block produced) by this source. */
  public long skippedHeights() {
    return skippedHeights.get();
  }

  /** Gaps detected (a "no block" answer at a height that has a block), resolved or not. */
  public long gapsSeen() {
    return gapsSeen.get();
  }

  /** Height of the last block written (or found in the topic at resume), or -1. */
  public long lastWrittenHeight() {
    return lastWrittenHeight.get();
  }

  /**
   * What is wrong, if anything: the error that stopped the source ({@link NearSourceException}); else an
   * unresolved gap ({@link NearGapException}); else, while the service has been failing longer than
   * {@code down-report-ms}, a {@link NearSourceDownException}. In the last two cases the source is still
   * retrying.
   */
  @Override
  public Optional<Throwable> failure() {
    final Throwable stopped = fatal.get();
    if (stopped != null) {
      return Optional.of(stopped);
    }
    final NearGapException open = gap.get();
    return open != null ? Optional.of(open) : serviceFailures.report().map(Throwable.class::cast);
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

  /** Stops following (a bounded wait for the block being written), closes the fetchers, service and producer. */
  @Override
  public void close() {
    if (!lifecycle.close(() -> {
      stopping = true;
      stopSignal.countDown();
    })) {
      return;
    }
    fetchers.shutdownNow();
    service.close();
    SourceThread.closeQuietly(sinkResource, LOG);
    LOG.info("NEAR source for {} closed after {} blocks ({} skipped heights)", config.network(), blocksWritten.get(),
        skippedHeights.get());
  }

  // ---------------------------------------------------------------- the following loop

  private void run() {
    try {
      if (!resume()) {
        return;
      }
      while (!stopping) {
        if (rangeDone()) {
          LOG.info("{}: every height up to {} is handled; the backfill is complete ({} blocks written)",
              config.network(), config.endHeight().getAsLong(), blocksWritten.get());
          return;
        }
        step();
      }
    } catch (InterruptException e) {
      if (!stopping) {
        fail(e);
      }
    } catch (RuntimeException | Error e) {
      if (!(stopping && SourceThread.isInterruption(e))) {
        fail(e);
      }
    } finally {
      cancelWindow();
    }
  }

  /** Finds where to start; false if there is nothing to do (or the source is stopping). */
  private boolean resume() {
    final Optional<NearBlock> inTopic;
    try {
      inTopic = lastInTopic.get();
    } catch (RuntimeException e) {
      throw new NearSourceException("cannot read the last block of " + config.network() + " in " + config.topic()
          + " to resume: " + e.getMessage(), e);
    }
    final OptionalLong start = config.startHeight();
    if (inTopic.isPresent() && (start.isEmpty() || start.getAsLong() <= inTopic.get().getHeight() + 1)) {
      final NearBlock block = inTopic.get();
      last = Optional.of(new Written(block.getHeight(), block.getHash()));
      lastWrittenHeight.set(block.getHeight());
      floor = block.getHeight();
      LOG.info("{}: resuming after block {} ({}) found in {}; reading {}", config.network(), block.getHeight(),
          block.getHash(), config.topic(), service.describe());
    } else if (start.isPresent()) {
      floor = start.getAsLong() - 1;
      inTopic.ifPresentOrElse(
          block -> LOG.warn("{}: starting at height {} as asked, past the last block in {} ({}): heights {}..{} are"
              + " not written by this run", config.network(), start.getAsLong(), config.topic(), block.getHeight(),
              block.getHeight() + 1, start.getAsLong() - 1),
          () -> LOG.info("{}: starting at height {}; reading {}", config.network(), start.getAsLong(),
              service.describe()));
    } else {
      final OptionalLong head = retrying(service::finalHeight, "asking for the latest final block");
      if (head.isEmpty()) {
        return false;
      }
      floor = head.getAsLong() - 1;
      knownFinal = head.getAsLong();
      LOG.info("{}: {} holds no block of this network; starting at the latest final block {} of {}", config.network(),
          config.topic(), head.getAsLong(), service.describe());
    }
    next = floor + 1;
    if (config.endHeight().isPresent() && floor >= config.endHeight().getAsLong()) {
      LOG.info("{}: the last block written ({}) is already at or past end height {}; nothing to do", config.network(),
          floor, config.endHeight().getAsLong());
      return false;
    }
    return true;
  }

  private boolean rangeDone() {
    return config.endHeight().isPresent() && next > config.endHeight().getAsLong() && next == floor + 1;
  }

  /** Handles the answer for height {@code next}. */
  private void step() {
    refreshHead();
    fill();
    final Fetched fetched;
    try {
      fetched = await(window.get(next));
    } catch (IOException e) {
      window.remove(next);
      if (!stopping) {
        serviceFailed(e, "fetching height " + next);
        sleep(serviceFailures.backoff().next());
      }
      return;
    }
    if (fetched == null) {
      return; // stopping
    }
    window.remove(next);
    serviceAnswered();
    if (fetched instanceof NotYet) {
      cancelWindow();
      knownFinal = Math.min(knownFinal, next - 1);
      sleep(config.pollInterval());
    } else if (fetched instanceof NoBlock) {
      knownFinal = Math.max(knownFinal, next);
      next++;
    } else {
      handle((Found) fetched);
    }
  }

  private void handle(Found found) {
    final NearBlock block;
    try {
      block = converter.convert(found.document(), config.network());
    } catch (NeardataFormatException e) {
      throw new NearSourceException(service.describe() + " served a block at height " + found.height()
          + " that cannot be converted: " + e.getMessage(), e);
    }
    if (block.getHeight() != found.height()) {
      throw new NearSourceException(service.describe() + " answered height " + found.height() + " with block "
          + block.getHeight() + " (" + block.getHash() + ")");
    }
    final ChainLink.Verdict verdict = ChainLink.check(last, floor, block.getHeight(), prevHeight(found.document()),
        block.getPrevHash());
    if (verdict instanceof ChainLink.Mismatch mismatch) {
      throw new NearSourceException(config.network() + ": the chain from " + service.describe()
          + " does not connect to what " + config.topic() + " holds: " + mismatch.reason());
    }
    if (verdict instanceof ChainLink.Gap missing) {
      gapFound(missing.missingHeight(), block.getHeight());
      return;
    }
    final List<Long> skipped = ((ChainLink.Extends) verdict).skipped();
    gapClosed();
    knownFinal = Math.max(knownFinal, block.getHeight());
    if (config.endHeight().isPresent() && block.getHeight() > config.endHeight().getAsLong()) {
      // the block after the range only confirms that its last heights were skipped; it is not written
      recordSkipped(skipped, "at the end of the range (a later run lists them on the next block it writes)");
      floor = block.getHeight();
      next = floor + 1;
      return;
    }
    write(block, skipped);
  }

  private void write(NearBlock block, List<Long> skipped) {
    final Map<String, String> headers = skipped.isEmpty() ? Map.of()
        : Map.of(SKIPPED_HEADER, skipped.stream().map(String::valueOf).collect(Collectors.joining(",")));
    try {
      sink.write(block, headers);
    } catch (RawBlockWriter.WriteFailedException e) {
      throw new NearSourceException("writing block " + block.getHeight() + " (" + block.getHash() + ") to "
          + config.topic() + " failed: " + e.getCause(), e.getCause());
    }
    blocksWritten.incrementAndGet();
    recordSkipped(skipped, "before block " + block.getHeight());
    last = Optional.of(new Written(block.getHeight(), block.getHash()));
    lastWrittenHeight.set(block.getHeight());
    floor = block.getHeight();
    next = floor + 1;
  }

  private void recordSkipped(List<Long> skipped, String where) {
    if (!skipped.isEmpty()) {
      skippedHeights.addAndGet(skipped.size());
      LOG.info("{}: no block was produced at height(s) {} {}", config.network(), skipped, where);
    }
  }

  // ---------------------------------------------------------------- prefetch window

  /** Asks for the service's head now and then while past what is known to exist (for prefetching). */
  private void refreshHead() {
    if (next <= knownFinal || serviceFailures.failing() || config.concurrency() == 1) {
      return;
    }
    final long now = System.nanoTime();
    if (now - lastHeadCheckNanos < config.pollInterval().toNanos()) {
      return;
    }
    lastHeadCheckNanos = now;
    try {
      knownFinal = Math.max(knownFinal, service.finalHeight());
    } catch (IOException e) {
      LOG.debug("{}: asking {} for its latest final block failed: {}", config.network(), service.describe(), e.toString());
    }
  }

  /** Keeps up to {@code concurrency} fetches in flight: {@code next}, and heights known to exist after it. */
  private void fill() {
    final long end = config.endHeight().orElse(Long.MAX_VALUE);
    for (long h = next; h < next + config.concurrency(); h++) {
      if (h != next && (h > knownFinal || h > end)) {
        break;
      }
      final long height = h;
      window.computeIfAbsent(height, k -> fetchers.submit(() -> service.fetch(height)));
    }
  }

  /** The fetched answer, or null when stopping. */
  private Fetched await(Future<Fetched> future) throws IOException {
    while (!stopping) {
      try {
        return future.get(AWAIT_SLICE_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // check for stop, then wait again
      } catch (CancellationException e) {
        throw new IOException("fetch cancelled", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopping = true;
      } catch (ExecutionException e) {
        final Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new NearSourceException("fetching height failed: " + cause, cause);
      }
    }
    return null;
  }

  private void cancelWindow() {
    window.values().forEach(f -> f.cancel(true));
    window.clear();
  }

  // ---------------------------------------------------------------- failures and reports

  private interface Call {
    long run() throws IOException;
  }

  /** Runs a call until it succeeds or the source stops, with backoff; empty when stopping. */
  private OptionalLong retrying(Call call, String what) {
    while (!stopping) {
      try {
        final long value = call.run();
        serviceAnswered();
        return OptionalLong.of(value);
      } catch (IOException e) {
        if (stopping) {
          break;
        }
        serviceFailed(e, what);
        sleep(serviceFailures.backoff().next());
      }
    }
    return OptionalLong.empty();
  }

  private void serviceAnswered() {
    serviceFailures.answered().ifPresent(recovery -> {
      if (recovery.wasReported()) {
        LOG.warn("{}: {} answers again after {} ms of failures", config.network(), service.describe(),
            recovery.failing().toMillis());
      } else {
        LOG.info("{}: {} answers again after {} ms", config.network(), service.describe(),
            recovery.failing().toMillis());
      }
    });
  }

  private void serviceFailed(IOException e, String what) {
    final UpstreamFailures.Failure<NearSourceDownException> failure = serviceFailures.failed(e);
    if (failure.first()) {
      LOG.warn("{}: {} failed while {} ({}); retrying with backoff from {} ms", config.network(), service.describe(),
          what, e.toString(), serviceFailures.backoff().current().toMillis());
      return;
    }
    LOG.debug("{}: {} failed again after {} ms: {}", config.network(), service.describe(), failure.failing().toMillis(),
        e.toString());
    failure.newReport().ifPresent(report -> LOG.error("{}: {} (while {}); last block written: {}", config.network(),
        report.getMessage(), what, lastWrittenHeight.get()));
  }

  private void gapFound(long missing, long laterHeight) {
    final long now = System.nanoTime();
    final NearGapException open = gap.get();
    if (open == null || open.missingHeight() != missing) {
      gapsSeen.incrementAndGet();
      final NearGapException report = new NearGapException(missing, laterHeight, service.describe());
      gap.set(report);
      lastGapReportNanos = now;
      LOG.error("{}: {}; last block written: {}", config.network(), report.getMessage(), lastWrittenHeight.get());
    } else if (now - lastGapReportNanos >= config.downReport().toNanos()) {
      lastGapReportNanos = now;
      LOG.error("{}: still {}", config.network(), open.getMessage());
    }
    cancelWindow();
    next = floor + 1;
    sleep(gapBackoff.next());
  }

  private void gapClosed() {
    final NearGapException open = gap.getAndSet(null);
    gapBackoff.reset();
    if (open != null) {
      LOG.warn("{}: the gap at height {} is filled; continuing", config.network(), open.missingHeight());
    }
  }

  private void sleep(Duration duration) {
    try {
      if (stopSignal.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
        stopping = true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }

  private void fail(Throwable e) {
    final Throwable error = e instanceof NearSourceException ? e
        : new NearSourceException("NEAR source for " + config.network() + " failed: " + e, e);
    if (fatal.compareAndSet(null, error)) {
      LOG.error("NEAR source for {} stopped after {} blocks; a restart resumes after the last block in {}",
          config.network(), blocksWritten.get(), config.topic(), error);
    }
  }

  private static OptionalLong prevHeight(JsonNode document) {
    final JsonNode node = document.path("block").path("header").path("prev_height");
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return OptionalLong.of(node.longValue());
    }
    if (node.isTextual() && node.textValue().matches("\\d{1,18}")) {
      return OptionalLong.of(Long.parseLong(node.textValue()));
    }
    return OptionalLong.empty();
  }
}
