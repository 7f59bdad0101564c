package dev.blockwire.ingest.flow;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.ingest.fixture.LastBlockReader;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.flow.FlowBlock;

/**
 * Replays the Flow fixture into {@code flow.blocks.raw} as an access node would report it: one
 * {@code NetworkKey} → {@code FlowBlock} record per block status change, record timestamp = block
 * time, idempotent producer, flushed per record, paced at {@code recordsPerSecond}.
 *
 * <p>Resume: before writing it reads the last record of its network in the topic (the same
 * {@link LastBlockReader} the NEAR source uses) and continues after it when it is a fixture record,
 * so a restart never writes a record twice. It stops after the last fixture record (Flow fixtures
 * do not loop). A Kafka failure stops the source; {@link #failure()} returns it.
 */
public final class FlowFixtureSource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlowFixtureSource.class);
  private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

  private final FlowFixtureSourceConfig config;
  private final FlowFixture fixture;
  private final NetworkKey key;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final AtomicLong written = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile Thread thread;

  public FlowFixtureSource(FlowFixtureSourceConfig config, ObjectMapper mapper) throws IOException {
    this(config, FlowFixture.load(config.fixturePath(), config.network(), new FlowAccessBlocks(mapper)));
  }

  public FlowFixtureSource(FlowFixtureSourceConfig config, FlowFixture fixture) {
    this.config = config;
    this.fixture = fixture;
    this.key = Serdes.networkKey(config.network());
  }

  /** Starts writing on its own thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = new Thread(this::run, "blockwire-flow-fixture-" + config.network());
    thread.start();
  }

  public long recordsWritten() {
    return written.get();
  }

  /** The number of records one full replay writes. */
  public int fixtureSize() {
    return fixture.size();
  }

  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  public boolean isRunning() {
    final Thread t = thread;
    return t != null && t.isAlive();
  }

  /** Waits until the writer has stopped (end of fixture, failure or close). */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    final Thread t = thread;
    if (t == null) {
      return true;
    }
    t.join(Math.max(1, timeout.toMillis()));
    return !t.isAlive();
  }

  private void run() {
    try (Producer<NetworkKey, FlowBlock> producer = newProducer()) {
      final List<FlowBlock> records = fixture.records();
      int next = resumeIndex();
      final long periodNanos = config.recordsPerSecond() > 0 ? (long) (1e9 / config.recordsPerSecond()) : 0;
      long due = System.nanoTime();
      for (; next < records.size(); next++) {
        final long wait = due - System.nanoTime();
        if (wait > 0 ? stop.await(wait, TimeUnit.NANOSECONDS) : stop.getCount() == 0) {
          return;
        }
        due = Math.max(due + periodNanos, System.nanoTime());
        final FlowBlock record = records.get(next);
        producer.send(new ProducerRecord<>(config.topic(), null, record.getHeader().getTimestampMs(), key, record)).get();
        written.incrementAndGet();
      }
      LOG.info("Flow fixture source for {} wrote the whole fixture ({} records written now)", config.network(),
          written.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | RuntimeException e) {
      failure.compareAndSet(null, e);
      LOG.error("Flow fixture source for {} stopped after {} records", config.network(), written.get(), e);
    }
  }

  private int resumeIndex() {
    final Optional<FlowBlock> last = LastBlockReader.read(config.bootstrapServers(), config.topic(), config.network(),
        RESUME_TIMEOUT, Serdes.FLOW_BLOCK, (a, b) -> 0); // one partition: its last record
    if (last.isEmpty()) {
      LOG.info("Flow fixture source for {}: {} is empty; writing the fixture from its start", config.network(),
          config.topic());
      return 0;
    }
    final Optional<Integer> after = fixture.indexAfter(last.get());
    if (after.isEmpty()) {
      LOG.warn("Flow fixture source for {}: the last record of {} (block {}) is not a fixture record; writing nothing",
          config.network(), config.topic(), last.get().getHeader().getHeight());
      return fixture.size();
    }
    LOG.info("Flow fixture source for {}: resuming after record {} of {}", config.network(), after.get(), fixture.size());
    return after.get();
  }

  private Producer<NetworkKey, FlowBlock> newProducer() {
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "blockwire-flow-fixture-" + config.network());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return new KafkaProducer<>(props, Serdes.NETWORK_KEY.serializer(), Serdes.FLOW_BLOCK.serializer());
  }

  /** Stops writing; idempotent. */
  @Override
  public void close() {
    stop.countDown();
    final Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(JOIN_TIMEOUT.toMillis());
        if (t.isAlive()) {
          t.interrupt();
          t.join(JOIN_TIMEOUT.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
