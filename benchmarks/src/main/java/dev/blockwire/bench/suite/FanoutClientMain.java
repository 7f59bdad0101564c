package dev.blockwire.bench.suite;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.container.grizzly.client.GrizzlyClientProperties;

import dev.blockwire.ingest.load.EthLoadChain;
import dev.blockwire.ingest.load.NearLoadChain;
import dev.blockwire.ingest.load.Zipf;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;

/**
 * Child JVM: the fan-out load harness. Opens N websocket connections across the three dialects
 * (NEAR snake {@code /ws}, NEAR camel {@code /ws?format=camel}, Ethereum {@code /eth}) with
 * realistic subscriptions, then on {@code measure <seconds>} counts notifications and records the
 * latency of each from the raw record's timestamp (read from the raw topics by a side consumer and
 * matched by block hash) to its receipt here. In {@code bare} mode the latency is from the send time
 * the bare server writes in each message.
 *
 * <p>Mix of connection {@code i} (deterministic): 40% NEAR snake, 20% NEAR camel, 40% Ethereum.
 * NEAR: 1% match everything ({@code {}}), the others one to three contracts ({@code account_id}),
 * picked by interest (Zipf 0.8 over the generator's contracts: popular contracts have more
 * followers). Ethereum: 10% {@code newHeads}, 1% every log, the others ERC-20 {@code Transfer}s of
 * one to three contracts.
 *
 * <p>Args: url, connections, mode (gateway|bare), bootstrap servers (gateway mode; else -), seed.
 * Prints {@code CONNECTED <open> <failed>}, then {@code RESULT k=v ...} per measurement.
 */
public final class FanoutClientMain {

  private final Recorder latency = new Recorder(3);
  /** The same latency for the NEAR and the Ethereum dialect. */
  private final Recorder nearLatency = new Recorder(3);
  private final Recorder ethLatency = new Recorder(3);
  /** Raw record timestamp to the processor's NEAR output being readable (read_committed): the processor's part. */
  private final Recorder stage = new Recorder(3);
  private final AtomicLong notifications = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong unresolved = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong closed = new AtomicLong();
  private final Map<String, Long> rawTimestamps = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean measuring = new AtomicBoolean();
  private final boolean bare;

  /** A notification waiting for its raw timestamp. */
  private record Pending(String hash, long receivedMicros, boolean near) {}

  private void record(boolean near, long micros) {
    latency.recordValue(micros);
    (near ? nearLatency : ethLatency).recordValue(micros);
  }

  private FanoutClientMain(boolean bare) {
    this.bare = bare;
  }

  public static void main(String[] args) throws Exception {
    final String url = args[0];
    final int connections = Integer.parseInt(args[1]);
    final FanoutClientMain harness = new FanoutClientMain(args[2].equals("bare"));
    harness.run(url, connections, args[3], Long.parseLong(args[4]));
  }

  private void run(String url, int connections, String bootstrap, long seed) throws Exception {
    if (!bare) {
      final Thread side = new Thread(() -> followRawTopics(bootstrap), "raw-timestamps");
      side.setDaemon(true);
      side.start();
      final Thread output = new Thread(() -> followProcessorOutput(bootstrap), "processor-output");
      output.setDaemon(true);
      output.start();
    }
    final ClientManager client = ClientManager.createClient();
    client.getProperties().put(ClientProperties.SHARED_CONTAINER, true);
    client.getProperties().put(ClientProperties.SHARED_CONTAINER_IDLE_TIMEOUT, 600);
    client.getProperties().put(GrizzlyClientProperties.WORKER_THREAD_POOL_CONFIG,
        ThreadPoolConfig.defaultConfig().setCorePoolSize(2).setMaxPoolSize(2).setPoolName("client-worker"));
    client.getProperties().put(GrizzlyClientProperties.SELECTOR_THREAD_POOL_CONFIG,
        ThreadPoolConfig.defaultConfig().setCorePoolSize(1).setMaxPoolSize(1).setPoolName("client-selector"));
    final List<Session> sessions = new ArrayList<>(connections);
    final List<Future<Session>> connecting = new ArrayList<>();
    final SplittableRandom random = new SplittableRandom(seed);
    final Zipf nearInterest = new Zipf(NearLoadChain.CONTRACTS, 0.8);
    final Zipf ethInterest = new Zipf(EthLoadChain.CONTRACTS, 0.8);
    int failed = 0;
    for (int i = 0; i < connections; i++) {
      final int dialect = i % 10;
      final String path;
      final String subscribe;
      if (dialect < 6) {
        path = dialect < 4 ? "/ws" : "/ws?format=camel";
        subscribe = "{\"secret\":\"bench-" + i + "\",\"filter\":" + nearFilter(random, nearInterest) + "}";
      } else {
        path = "/eth";
        subscribe = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":" + ethParams(random, ethInterest)
            + "}";
      }
      connecting.add(client.asyncConnectToServer(new Connection(subscribe, this::onMessage), ClientEndpointConfig.Builder.create().build(),
          URI.create(url + path)));
      if (connecting.size() == 64 || i == connections - 1) {
        for (Future<Session> future : connecting) {
          try {
            sessions.add(future.get(60, TimeUnit.SECONDS));
          } catch (Exception e) {
            failed++;
            if (failed <= 3) {
              System.out.println("connect failed: " + e);
            }
          }
        }
        connecting.clear();
      }
    }
    System.out.println("CONNECTED " + sessions.size() + " " + failed);
    final int failedCount = failed;
    Commands.serve(command -> {
      if (command.startsWith("measure ")) {
        measure(Double.parseDouble(command.substring(8)), sessions.size(), failedCount);
      } else {
        System.out.println("unknown command " + command);
      }
    });
    for (Session session : sessions) {
      try {
        session.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    System.exit(0);
  }

  private static String nearFilter(SplittableRandom random, Zipf interest) {
    if (random.nextInt(100) < 1) {
      return "{}";
    }
    final int count = 1 + random.nextInt(3);
    final StringBuilder out = new StringBuilder("[");
    for (int k = 0; k < count; k++) {
      out.append(k == 0 ? "" : ",").append("{\"account_id\":\"").append(NearLoadChain.contract(interest.sample(random)))
          .append("\"}");
    }
    return out.append(']').toString();
  }

  private static String ethParams(SplittableRandom random, Zipf interest) {
    final int pick = random.nextInt(100);
    if (pick < 10) {
      return "[\"newHeads\"]";
    }
    if (pick < 11) {
      return "[\"logs\",{}]";
    }
    final int count = 1 + random.nextInt(3);
    final StringBuilder out = new StringBuilder("[\"logs\",{\"address\":[");
    for (int k = 0; k < count; k++) {
      out.append(k == 0 ? "" : ",").append('"').append(EthLoadChain.contract(interest.sample(random))).append('"');
    }
    return out.append("],\"topics\":[\"").append(EthLoadChain.TRANSFER).append("\"]}]").toString();
  }

  private void measure(double seconds, int open, int failed) {
    resolvePending(false);
    notifications.set(0);
    removed.set(0);
    bytes.set(0);
    unresolved.set(0);
    errors.set(0);
    latency.getIntervalHistogram(); // discard the warm-up
    stage.getIntervalHistogram();
    nearLatency.getIntervalHistogram();
    ethLatency.getIntervalHistogram();
    measuring.set(true);
    final long start = System.nanoTime();
    try {
      Thread.sleep((long) (seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    measuring.set(false);
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
    System.out.printf("RESULT open=%d failed=%d closed=%d seconds=%.3f notifications=%d removed=%d bytes=%d"
            + " samples=%d unresolved=%d errors=%d p50=%.3f p90=%.3f p99=%.3f p999=%.3f max=%.3f mean=%.3f"
            + " stage50=%.3f stage99=%.3f near50=%.3f near99=%.3f eth50=%.3f eth99=%.3f%n",
        open, failed, closed.get(), elapsed, notificationCount, removedCount, byteCount, h.getTotalCount(), unresolved.get(),
        errors.get(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0,
        h.getMean() / 1000.0, p.getValueAtPercentile(50) / 1000.0, p.getValueAtPercentile(99) / 1000.0,
        n.getValueAtPercentile(50) / 1000.0, n.getValueAtPercentile(99) / 1000.0,
        e.getValueAtPercentile(50) / 1000.0, e.getValueAtPercentile(99) / 1000.0);
  }

  private static long nowMicros() {
    final Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  /** One notification: counts it and records its latency (or queues it until its raw timestamp is known). */
  void onMessage(String text) {
    final long received = nowMicros();
    if (!measuring.get()) {
      return;
    }
    if (bare) {
      notifications.incrementAndGet();
      bytes.addAndGet(text.length());
      final int at = text.indexOf("\"t\":");
      if (at >= 0) {
        int end = at + 4;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
          end++;
        }
        latency.recordValue(Math.max(0, received - Long.parseLong(text.substring(at + 4, end))));
      }
      return;
    }
    if (text.startsWith("{\"jsonrpc\"") && !text.contains("\"method\":\"eth_subscription\"")) {
      if (text.contains("\"error\"")) {
        errors.incrementAndGet();
      }
      return; // a subscribe response
    }
    if (text.contains("\"error\":{")) {
      errors.incrementAndGet();
      return;
    }
    notifications.incrementAndGet();
    bytes.addAndGet(text.length());
    if (text.contains("\"removed\":true")) {
      removed.incrementAndGet(); // a retraction: caused by a later block; no latency sample
      return;
    }
    final String hash = hashOf(text);
    if (hash == null) {
      unresolved.incrementAndGet();
      return;
    }
    final boolean near = !text.startsWith("{\"jsonrpc\"");
    final Long raw = rawTimestamps.get(hash);
    if (raw != null) {
      record(near, Math.max(0, received - raw * 1000));
    } else {
      pending.add(new Pending(hash, received, near));
    }
  }

  private static String hashOf(String text) {
    for (String key : new String[] {"\"block_hash\":\"", "\"blockHash\":\"", ",\"hash\":\""}) {
      final int at = text.indexOf(key);
      if (at >= 0) {
        final int start = at + key.length();
        final int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
      }
    }
    return null;
  }

  private void resolvePending(boolean last) {
    final List<Pending> waiting = new ArrayList<>();
    Pending next;
    while ((next = pending.poll()) != null) {
      waiting.add(next);
    }
    for (Pending p : waiting) {
      final Long raw = rawTimestamps.get(p.hash());
      if (raw != null) {
        record(p.near(), Math.max(0, p.receivedMicros() - raw * 1000));
      } else if (last) {
        unresolved.incrementAndGet();
      } else {
        pending.add(p);
      }
    }
  }

  /** Side consumer: block hash → raw record timestamp, for the blocks written from now on. */
  private void followRawTopics(String bootstrap) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      final List<TopicPartition> partitions = List.of(new TopicPartition(Topics.NEAR_BLOCKS_RAW, 0),
          new TopicPartition(Topics.ETH_BLOCKS_RAW, 0));
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          final String hash = record.topic().equals(Topics.NEAR_BLOCKS_RAW)
              ? Serdes.NEAR_BLOCK.decode(record.value()).getHash()
              : Serdes.ETH_BLOCK.decode(record.value()).getHeader().getHash();
          rawTimestamps.put(hash, record.timestamp());
        }
        resolvePending(false);
      }
    } catch (RuntimeException e) {
      System.out.println("raw timestamp consumer stopped: " + e);
    }
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

  /** One connection: subscribes when open, hands every message to {@link #onMessage}. */
  final class Connection extends Endpoint {
    private final String subscribe;
    private final Consumer<String> handler;

    Connection(String subscribe, Consumer<String> handler) {
      this.subscribe = subscribe;
      this.handler = handler;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) handler::accept);
      session.getAsyncRemote().sendText(subscribe);
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
      closed.incrementAndGet();
    }
  }

}
