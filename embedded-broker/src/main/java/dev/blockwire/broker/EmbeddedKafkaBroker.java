package dev.blockwire.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller roles in one node) running in
 * this JVM, for {@code blockwire run} and integration tests.
 *
 * <p>Both listeners bind to {@code 127.0.0.1} only. The data folder is the broker's
 * {@code log.dirs}: closing the broker and starting it again on the same folder keeps every
 * topic and record. Topics are never auto-created; create them with {@link TopicAdmin}.
 *
 * <p>A fatal metadata error inside the broker halts the JVM, as it does in a standalone broker;
 * run the broker in a child JVM when that matters.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /** The only address the broker listens on. */
  public static final String HOST = "127.0.0.1";
  /** How long {@link #start} waits for the broker to answer before giving up. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;
  private static final String META_PROPERTIES = "meta.properties";

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final int brokerPort;
  private final int controllerPort;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafkaBroker(KafkaRaftServer server, Path dataDir, int brokerPort, int controllerPort) {
    this.server = server;
    this.dataDir = dataDir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
  }

  /** Starts a broker on free ports with its data in {@code dataDir}; see {@link #start(Path, int, int)}. */
  public static EmbeddedKafkaBroker start(Path dataDir) {
    return start(dataDir, 0, 0);
  }

  /**
   * Formats {@code dataDir} if it is new, starts the broker and returns once it answers requests.
   *
   * @param dataDir folder of the broker's data, dedicated to it (Kafka reads every subfolder as a
   *     partition): created if missing, reused as is if already formatted, refused if it holds
   *     anything else
   * @param brokerPort port of the client listener, 0 to pick a free one
   * @param controllerPort port of the KRaft controller listener, 0 to pick a free one
   * @throws IllegalStateException if the broker fails to start or does not answer within
   *     {@link #READY_TIMEOUT}; nothing is left running then
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int brokerPort, int controllerPort) {
    requirePort(brokerPort, "brokerPort");
    requirePort(controllerPort, "controllerPort");
    if (brokerPort != 0 && brokerPort == controllerPort) {
      throw new IllegalArgumentException("brokerPort and controllerPort must differ: " + brokerPort);
    }
    long startedAt = System.nanoTime();
    long deadline = startedAt + READY_TIMEOUT.toNanos();
    Path dir = createDirectories(dataDir.toAbsolutePath());
    requireKafkaOrEmpty(dir);

    // The controller quorum address must be known before startup, so port 0 cannot be passed
    // through: pick free ports now and accept the small race with other processes.
    int bport = brokerPort != 0 ? brokerPort : freePort(controllerPort);
    int cport = controllerPort != 0 ? controllerPort : freePort(bport);

    Properties props = serverProperties(dir, bport, cport);
    format(props, clusterId(dir));
    KafkaRaftServer server;
    try {
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    } catch (RuntimeException e) { // e.g. the folder was formatted for another node or holds other files
      throw new IllegalStateException("Could not open Kafka data in " + dir + ": " + e.getMessage(), e);
    }
    EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, dir, bport, cport);
    try {
      broker.startup(deadline);
      broker.awaitAnswering(deadline);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    LOG.info("Kafka broker ready on {} in {} ms (data in {})", broker.bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt), dir);
    return broker;
  }

  /** The client address, {@code 127.0.0.1:PORT}. Never null. */
  public String bootstrapServers() {
    return HOST + ":" + brokerPort;
  }

  /** Port of the client listener. */
  public int brokerPort() {
    return brokerPort;
  }

  /** Port of the KRaft controller listener. */
  public int controllerPort() {
    return controllerPort;
  }

  /** The folder holding the broker's data ({@code log.dirs}), absolute. */
  public Path dataDir() {
    return dataDir;
  }

  /** Shuts the broker down and waits until it has stopped. Calling it again does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long begin = System.nanoTime();
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Kafka broker on {} stopped in {} ms", bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
  }

  private static Properties serverProperties(Path dataDir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", String.valueOf(NODE_ID)),
        Map.entry("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort),
        Map.entry("listeners",
            "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("log.dirs", dataDir.toString()),
        // One node: every internal topic has one replica, or groups and transactions never start.
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        // The default holds every new group's first rebalance 3 s for late joiners.
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        // Topics are created explicitly with their partition counts (TopicAdmin).
        Map.entry("auto.create.topics.enable", "false"),
        // The log cleaner allocates this on the heap at startup (default 128 MiB) to compact
        // topics such as Streams changelogs; 8 MiB still dedupes ~350k keys per pass.
        Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024)),
        // 50 partitions each by default: on one node that is 100 partition folders and about
        // 0.5 s more before the first group join and the first transaction, for nothing.
        Map.entry("offsets.topic.num.partitions", "5"),
        Map.entry("transaction.state.log.num.partitions", "5")));
    return p;
  }

  private void startup(long deadline) {
    // KafkaRaftServer.startup() blocks until the broker is unfenced, with no bound of its own.
    CompletableFuture<Void> started = new CompletableFuture<>();
    Thread starter = new Thread(() -> {
      try {
        server.startup();
        started.complete(null);
      } catch (Throwable t) {
        started.completeExceptionally(t);
      }
    }, "blockwire-broker-startup");
    starter.setDaemon(true);
    starter.start();
    try {
      started.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka broker on " + bootstrapServers()
          + " (controller port " + controllerPort + ", data in " + dataDir + ") failed to start: "
          + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw notReady(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting the Kafka broker", e);
    }
  }

  private void awaitAnswering(long deadline) {
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    Throwable last = null;
    try (Admin admin = Admin.create(config)) {
      while (remainingMillis(deadline) > 0) {
        int attempt = (int) Math.min(remainingMillis(deadline), 5_000);
        try {
          Collection<Node> nodes =
              admin.describeCluster(new DescribeClusterOptions().timeoutMs(attempt)).nodes().get();
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (ExecutionException e) {
          last = e.getCause();
        }
        Thread.sleep(Math.min(50, remainingMillis(deadline)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
    }
    throw notReady(last);
  }

  private IllegalStateException notReady(Throwable cause) {
    return new IllegalStateException("Kafka broker on " + bootstrapServers() + " (data in " + dataDir
        + ") did not answer within " + READY_TIMEOUT.toSeconds() + " s", cause);
  }

  /** Formats the storage unless already formatted, so a restart keeps its data. */
  private static void format(Properties props, String clusterId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path config = null;
    int code;
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      // StorageTool only reads its config from a file; keep it out of log.dirs.
      config = Files.createTempFile("blockwire-broker-", ".properties");
      try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        props.store(w, "blockwire embedded broker, for the storage format step only");
      }
      code = StorageTool.execute(new String[] {
          "format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"}, print);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the broker config for the format step", e);
    } catch (RuntimeException e) { // FormatterException, TerseFailure: bad config or data dir
      throw new IllegalStateException("Could not format Kafka storage in " + props.get("log.dirs")
          + ": " + e.getMessage() + output(out), e);
    } finally {
      deleteQuietly(config);
    }
    if (code != 0) {
      throw new IllegalStateException("Could not format Kafka storage in " + props.get("log.dirs")
          + " (exit code " + code + ")" + output(out));
    }
    LOG.debug("Storage format: {}", out.toString(StandardCharsets.UTF_8).trim());
  }

  /** The cluster id already written in the data folder, else a new one. */
  private static String clusterId(Path dataDir) {
    Path meta = dataDir.resolve(META_PROPERTIES);
    if (Files.isRegularFile(meta)) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(meta)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not read " + meta, e);
      }
      String id = p.getProperty("cluster.id");
      if (id != null && !id.isBlank()) {
        return id;
      }
    }
    return Uuid.randomUuid().toString();
  }

  /**
   * Refuses a folder that holds other files and was never formatted: Kafka takes every subfolder
   * of log.dirs for a partition, and a foreign one makes its fault handler halt the whole JVM.
   */
  private static void requireKafkaOrEmpty(Path dir) {
    if (Files.isRegularFile(dir.resolve(META_PROPERTIES))) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> found = entries.limit(5).map(p -> p.getFileName().toString()).toList();
      if (!found.isEmpty()) {
        throw new IllegalStateException("Broker data folder " + dir + " is neither empty nor Kafka "
            + "data (no " + META_PROPERTIES + "), it holds " + found + ": use a folder of its own");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list the broker data folder " + dir, e);
    }
  }

  private static int freePort(int avoid) {
    for (int attempt = 0; attempt < 10; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
        int port = socket.getLocalPort();
        if (port != avoid) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Could not find a free port on " + HOST, e);
      }
    }
    throw new IllegalStateException("Could not find a free port on " + HOST + " other than " + avoid);
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the broker data folder " + dir, e);
    }
  }

  private static void requirePort(int port, String name) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be 0 (pick a free port) or 1-65535: " + port);
    }
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  private static String output(ByteArrayOutputStream out) {
    String text = out.toString(StandardCharsets.UTF_8).trim();
    return text.isEmpty() ? "" : System.lineSeparator() + text;
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("Could not delete {}", file, e);
    }
  }
}
