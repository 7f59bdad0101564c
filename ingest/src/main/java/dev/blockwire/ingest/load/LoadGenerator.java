package dev.blockwire.ingest.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.NetworkKey;

/**
 * Writes a {@link SyntheticChain} to its raw topic at a given rate, as a node-following source
 * would: one {@code NetworkKey} → block record per block, in write order, each block and its
 * record stamped with the wall clock at emission (so end-to-end latency can be measured from the
 * raw record's timestamp). What benchmarks and soak tests use.
 *
 * <p><b>Pace.</b> With {@code blocksPerSecond > 0} one block per period, on a schedule that
 * restarts after a stall rather than bursting to catch up; with {@code 0} as fast as the producer
 * takes them (batched, {@code linger.ms=5}). The producer is idempotent with {@code acks=all}.
 *
 * <p>Use either {@link #start()} (own thread) or {@link #run()} (caller's thread). A failure stops
 * the generator; {@link #failure()} returns it.
 *
 * @param <B> the raw block record
 */
public final class LoadGenerator<B extends SpecificRecord> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final SyntheticChain<B> chain;
  private final LoadProfile profile;
  private final Producer<NetworkKey, B> producer;
  private final NetworkKey key;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicLong blocksSent = new AtomicLong();
  private final AtomicLong blocksAcked = new AtomicLong();
  private final AtomicLong eventsSent = new AtomicLong();
  private final AtomicLong bytesAcked = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Thread thread;

  /** Writes to the cluster at {@code bootstrapServers}. */
  public static <B extends SpecificRecord> LoadGenerator<B> create(String bootstrapServers, SyntheticChain<B> chain,
      LoadProfile profile) {
    return new LoadGenerator<>(chain, profile, newProducer(bootstrapServers, chain, profile));
  }

  /** For tests: any producer. */
  LoadGenerator(SyntheticChain<B> chain, LoadProfile profile, Producer<NetworkKey, B> producer) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.profile = Objects.requireNonNull(profile, "profile");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.key = Serdes.networkKey(chain.network());
  }

  /** Starts writing on a thread of its own. */
  public synchronized LoadGenerator<B> start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = new Thread(this::run, "blockwire-load-" + chain.network());
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /**
   * Writes {@code profile.blocks()} blocks (or until {@link #close()} when 0) on the caller's
   * thread, then flushes. Failures are kept in {@link #failure()}.
   */
  public void run() {
    try {
      final long period = profile.paced() ? Math.max(1, (long) (1e9 / profile.blocksPerSecond())) : 0;
      long nextEmit = System.nanoTime();
      long lastStamp = Long.MIN_VALUE;
      while (!stopping() && (profile.blocks() == 0 || blocksSent.get() < profile.blocks())) {
        if (period > 0) {
          final long wait = nextEmit - System.nanoTime();
          if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
            break;
          }
          nextEmit = Math.max(nextEmit + period, System.nanoTime());
        }
        final B block = chain.next();
        final long now = Math.max(wallClockNanos(), lastStamp + 1);
        lastStamp = now;
        chain.stampTime(block, now);
        eventsSent.addAndGet(chain.eventCount(block));
        producer.send(new ProducerRecord<>(chain.topic(), null, now / 1_000_000L, key, block), (metadata, error) -> {
          if (error != null) {
            fail(error);
          } else {
            blocksAcked.incrementAndGet();
            bytesAcked.addAndGet(Math.max(0, metadata.serializedKeySize()) + Math.max(0, metadata.serializedValueSize()));
          }
        });
        blocksSent.incrementAndGet();
        final Throwable failed = failure.get();
        if (failed != null) {
          break;
        }
      }
      producer.flush();
    } catch (InterruptedException | InterruptException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      fail(e);
    } finally {
      done.countDown();
    }
  }

  /** Blocks handed to the producer. */
  public long blocksSent() {
    return blocksSent.get();
  }

  /** Blocks the broker acknowledged. */
  public long blocksAcked() {
    return blocksAcked.get();
  }

  /** Events (NEAR event lines, Ethereum logs) in the blocks handed to the producer. */
  public long eventsSent() {
    return eventsSent.get();
  }

  /** Key and value bytes of the acknowledged records. */
  public long bytesAcked() {
    return bytesAcked.get();
  }

  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Waits until the generator has written its blocks (or stopped). */
  public boolean awaitDone(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops writing and closes the producer. Idempotent. */
  @Override
  public void close() {
    stop.countDown();
    final Thread running;
    synchronized (this) {
      running = thread;
    }
    if (running != null && running != Thread.currentThread()) {
      try {
        running.join(CLOSE_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producer.close(CLOSE_TIMEOUT);
  }

  private boolean stopping() {
    return stop.getCount() == 0;
  }

  private void fail(Throwable error) {
    if (failure.compareAndSet(null, error)) {
      LOG.error("load generator for {} stopped after {} blocks", chain.network(), blocksSent.get(), error);
    }
  }

  private static long wallClockNanos() {
    final Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static <B extends SpecificRecord> Producer<NetworkKey, B> newProducer(String bootstrapServers,
      SyntheticChain<B> chain, LoadProfile profile) {
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "blockwire-load-" + chain.network());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, profile.paced() ? "0" : "5");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1 << 20));
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(256L << 20));
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_RECORD_BYTES));
    return new KafkaProducer<>(props, Serdes.NETWORK_KEY.serializer(), chain.serde().serializer());
  }
}
