package dev.blockwire.bench.suite;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.blockwire.bench.fanout.ClientMix;
import dev.blockwire.bench.fanout.Clients;
import dev.blockwire.bench.fanout.ClientProtocol;
import dev.blockwire.bench.fanout.FrameScan;
import dev.blockwire.bench.fanout.TyrusClients;
import dev.blockwire.bench.fanout.WsClients;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockStatus;

/**
 * Child JVM: the fan-out load harness. Opens N websocket connections across the three dialects
 * ({@link ClientMix}: NEAR snake and camel, Ethereum, Flow) on a few Netty event-loop threads, then
 * on {@code measure <seconds>} counts notifications and records the latency of each from the raw
 * record's timestamp (read from the raw topics by a side consumer and matched by block hash) to its
 * receipt here. Frames are classified and their block hash extracted by scanning bytes
 * ({@link ClientProtocol#read}); a frame of an unexpected shape is counted as unrecognized, a hash
 * with no raw record as unresolved. In {@code bare} mode the latency is from the send time the bare
 * server writes in each message.
 *
 * <p>Args: url, connections, mode (gateway|bare), bootstrap servers (gateway mode; else -), seed,
 * [event-loop threads, default 2], [client: netty (default) or tyrus, the previous transport]. Prints {@code CONNECTED <open> <failed>}, then per measurement
 * {@code MEASURING}, {@code MEASURED} (the window's ends) and {@code RESULT k=v ...}.
 */
public final class FanoutClientMain implements Clients.Sink {

  private static final byte[] BARE_TIME = FrameScan.ascii("{\"t\":");

  private final Recorder latency = new Recorder(3);
  /** The same latency per chain. */
  private final Recorder nearLatency = new Recorder(3);
  private final Recorder ethLatency = new Recorder(3);
  private final Recorder flowLatency = new Recorder(3);
  /** Raw record timestamp to the processor's NEAR output being readable (read_committed): the processor's part. */
  private final Recorder stage = new Recorder(3);
  private final AtomicLong notifications = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong unresolved = new AtomicLong();
  private final AtomicLong unrecognized = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong closed = new AtomicLong();
  private final AtomicInteger samplesShown = new AtomicInteger();
  private final AtomicInteger closesShown = new AtomicInteger();
  /** Raw record key ({@link FrameScan#key(CharSequence)} of the block hash, + {@link ClientProtocol#SEALED}) → timestamp ms. */
  private final Map<Long, Long> rawTimestamps = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean measuring = new AtomicBoolean();
  private final boolean bare;

  /** A notification waiting for its raw timestamp. */
  private record Pending(long key, long receivedMicros, ClientProtocol.Chain chain) {}

  private FanoutClientMain(boolean bare) {
    this.bare = bare;
  }

  public static void main(String[] args) throws Exception {
    final String url = args[0];
    final int connections = Integer.parseInt(args[1]);
    final FanoutClientMain harness = new FanoutClientMain(args[2].equals("bare"));
    final int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;
    final boolean tyrus = args.length > 6 && args[6].equals("tyrus");
    harness.run(url, connections, args[3], Long.parseLong(args[4]),
        tyrus ? new TyrusClients(harness) : new WsClients(threads, harness));
  }

  private void run(String url, int connections, String bootstrap, long seed, Clients transport) throws Exception {
    if (!bare) {
      final Thread side = new Thread(() -> followRawTopics(bootstrap), "raw-timestamps");
      side.setDaemon(true);
      side.start();
      final Thread output = new Thread(() -> followProcessorOutput(bootstrap), "processor-output");
      output.setDaemon(true);
      output.start();
    }
    final List<AutoCloseable> channels = new ArrayList<>(connections);
    int failed = 0;
    try (Clients clients = transport) {
      System.out.println("client transport " + clients.transport());
      final ClientMix mix = new ClientMix(seed);
      final URI base = URI.create(url);
      final Semaphore inFlight = new Semaphore(256); // handshakes at once
      final List<CompletableFuture<AutoCloseable>> opening = new ArrayList<>(connections);
      for (int i = 0; i < connections; i++) {
        if (!inFlight.tryAcquire(120, TimeUnit.SECONDS)) {
          throw new IllegalStateException("handshakes stalled at connection " + i);
        }
        final CompletableFuture<AutoCloseable> open = clients.connect(base, mix.connection(i), 60_000);
        open.whenComplete((channel, error) -> inFlight.release());
        opening.add(open);
      }
      for (CompletableFuture<AutoCloseable> open : opening) {
        try {
          channels.add(open.get(120, TimeUnit.SECONDS));
        } catch (Exception e) {
          failed++;
          if (failed <= 3) {
            System.out.println("connect failed: " + e);
          }
        }
      }
      System.out.println("CONNECTED " + channels.size() + " " + failed);
      final int failedCount = failed;
      Commands.serve(command -> {
        if (command.startsWith("measure ")) {
          measure(Double.parseDouble(command.substring(8)), channels.size(), failedCount);
        } else {
          System.out.println("unknown command " + command);
        }
      });
      for (AutoCloseable channel : channels) {
        try {
          channel.close();
        } catch (Exception e) {
          // closing anyway
        }
      }
    }
    System.exit(0);
  }

  private void measure(double seconds, int open, int failed) {
    resolvePending(false);
    notifications.set(0);
    removed.set(0);
    bytes.set(0);
    unresolved.set(0);
    unrecognized.set(0);
    errors.set(0);
    latency.getIntervalHistogram(); // discard the warm-up
    stage.getIntervalHistogram();
    nearLatency.getIntervalHistogram();
    ethLatency.getIntervalHistogram();
    flowLatency.getIntervalHistogram();
    measuring.set(true);
    System.out.println("MEASURING");
    final long start = System.nanoTime();
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    measuring.set(false);
    System.out.println("MEASURED");
    final double elapsed = (System.nanoTime() - start) / 1e9;
    final long notificationCount = notifications.get();
    final long byteCount = bytes.get();
    final long removedCount = removed.get();
    try {
      Thread.sleep(1500); // late raw timestamps
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    resolvePending(true);
    final Histogram h = latency.getIntervalHistogram();
    final Histogram p = stage.getIntervalHistogram();
    final Histogram n = nearLatency.getIntervalHistogram();
    final Histogram e = ethLatency.getIntervalHistogram();
    final Histogram f = flowLatency.getIntervalHistogram();
    System.out.printf("RESULT open=%d failed=%d closed=%d seconds=%.3f notifications=%d removed=%d bytes=%d"
            + " samples=%d unresolved=%d unrecognized=%d errors=%d p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f"
            + " mean=%.3f stage50=%.3f stage99=%.3f near50=%.3f near99=%.3f eth50=%.3f eth99=%.3f flow50=%.3f"
            + " flow99=%.3f nearN=%d ethN=%d flowN=%d%n",
        open, failed, closed.get(), elapsed, notificationCount, removedCount, byteCount, h.getTotalCount(),
        unresolved.get(), unrecognized.get(), errors.get(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
        h.getMaxValue() / 1000.0, h.getMean() / 1000.0, ms(p, 50), ms(p, 99), ms(n, 50), ms(n, 99), ms(e, 50),
        ms(e, 99), ms(f, 50), ms(f, 99), n.getTotalCount(), e.getTotalCount(), f.getTotalCount());
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static long nowMicros() {
    final Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  /** One frame: counts it and records its latency (or queues it until its raw timestamp is known). */
  @Override
  public void frame(ClientProtocol protocol, ByteBuf content) {
    if (!measuring.get()) {
      if (!bare) {
        protocol.read(content); // an Ethereum connection learns its subscription id from the response
      }
      return;
    }
    final long received = nowMicros();
    if (bare) {
      notifications.incrementAndGet();
      bytes.addAndGet(content.readableBytes());
      final long sent = FrameScan.startsWith(content, BARE_TIME) ? bareTime(content) : -1;
      if (sent >= 0) {
        latency.recordValue(Math.max(0, received - sent));
      } else {
        unrecognized.incrementAndGet();
      }
      return;
    }
    switch (protocol.read(content)) {
      case ClientProtocol.NOTIFICATION -> {
        notifications.incrementAndGet();
        bytes.addAndGet(content.readableBytes());
        final Long raw = rawTimestamps.get(protocol.key());
        if (raw != null) {
          record(protocol.chain(), Math.max(0, received - raw * 1000));
        } else {
          pending.add(new Pending(protocol.key(), received, protocol.chain()));
        }
      }
      case ClientProtocol.RETRACTION -> { // caused by a later block: no latency sample
        notifications.incrementAndGet();
        removed.incrementAndGet();
        bytes.addAndGet(content.readableBytes());
      }
      case ClientProtocol.CONTROL -> { }
      case ClientProtocol.ERROR -> {
        errors.incrementAndGet();
        show("error", content);
      }
      default -> {
        unrecognized.incrementAndGet();
        show("unrecognized", content);
      }
    }
  }

  private static long bareTime(ByteBuf content) {
    return FrameScan.digitsAt(content, content.readerIndex() + BARE_TIME.length);
  }

  /** The first few odd frames go to the log, so that a wrong count can be looked at. */
  private void show(String what, ByteBuf content) {
    if (samplesShown.incrementAndGet() <= 5) {
      System.out.println(what + " frame: " + content.toString(content.readerIndex(),
          Math.min(400, content.readableBytes()), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Override
  public void closeFrame(ClientProtocol protocol, int code, String reason) {
    if (closesShown.incrementAndGet() <= 5) {
      System.out.println("closed by the server: " + protocol.path() + " " + code + " " + reason);
    }
  }

  @Override
  public void closed(ClientProtocol protocol) {
    closed.incrementAndGet();
  }

  private void record(ClientProtocol.Chain chain, long micros) {
    latency.recordValue(micros);
    switch (chain) {
      case NEAR -> nearLatency.recordValue(micros);
      case ETH -> ethLatency.recordValue(micros);
      case FLOW -> flowLatency.recordValue(micros);
    }
  }

  private void resolvePending(boolean last) {
    final List<Pending> waiting = new ArrayList<>();
    Pending next;
    while ((next = pending.poll()) != null) {
      waiting.add(next);
    }
    for (Pending p : waiting) {
      final Long raw = rawTimestamps.get(p.key());
      if (raw != null) {
        record(p.chain(), Math.max(0, p.receivedMicros() - raw * 1000));
      } else if (last) {
        unresolved.incrementAndGet();
      } else {
        pending.add(p);
      }
    }
  }

  /** Side consumer: raw record key → raw record timestamp, for the blocks written from now on. */
  private void followRawTopics(String bootstrap) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> partitions = List.of(new TopicPartition(Topics.NEAR_BLOCKS_RAW, 0),
          new TopicPartition(Topics.ETH_BLOCKS_RAW, 0), new TopicPartition(Topics.FLOW_BLOCKS_RAW, 0));
      consumer.assign(partitions);
      // from a minute back: a notification of the first window may come from a block written before this
      // consumer started when the processor lags
      final Map<TopicPartition, Long> since = new java.util.HashMap<>();
      partitions.forEach(p -> since.put(p, System.currentTimeMillis() - 60_000));
      consumer.offsetsForTimes(since).forEach((partition, offset) -> {
        if (offset == null) {
          consumer.seekToEnd(List.of(partition));
        } else {
          consumer.seek(partition, offset.offset());
        }
      });
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          rawTimestamps.put(rawKey(record), record.timestamp());
        }
        resolvePending(false);
      }
    } catch (RuntimeException e) {
      System.out.println("raw timestamp consumer stopped: " + e);
    }
  }

  private static long rawKey(ConsumerRecord<byte[], byte[]> record) {
    if (record.topic().equals(Topics.NEAR_BLOCKS_RAW)) {
      return FrameScan.key(Serdes.NEAR_BLOCK.decode(record.value()).getHash());
    }
    if (record.topic().equals(Topics.ETH_BLOCKS_RAW)) {
      return FrameScan.key(Serdes.ETH_BLOCK.decode(record.value()).getHeader().getHash());
    }
    final FlowBlock block = Serdes.FLOW_BLOCK.decode(record.value());
    return FrameScan.key(block.getHeader().getId())
        + (block.getStatus() == FlowBlockStatus.SEALED ? ClientProtocol.SEALED : 0);
  }

  /** The processor's ordered NEAR output as the gateway reads it: its record timestamp is the raw record's. */
  private void followProcessorOutput(String bootstrap) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> partitions = List.of(new TopicPartition(Topics.NEAR_EVENTS_BLOCKS, 0));
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (measuring.get()) {
            stage.recordValue(Math.max(0, nowMicros() - record.timestamp() * 1000));
          }
        }
      }
    } catch (RuntimeException e) {
      System.out.println("processor output consumer stopped: " + e);
    }
  }
}
