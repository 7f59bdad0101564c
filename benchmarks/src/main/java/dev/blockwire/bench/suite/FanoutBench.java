package dev.blockwire.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import dev.blockwire.ingest.load.EthLoadChain;
import dev.blockwire.ingest.load.LoadGenerator;
import dev.blockwire.ingest.load.LoadProfile;
import dev.blockwire.ingest.load.NearLoadChain;
import dev.blockwire.ingest.load.SyntheticChain;

/**
 * Gateway fan-out: broker, processor and gateway each in a JVM of their own, the load generator
 * writing NEAR and Ethereum blocks at a fixed rate, and the load harness ({@link FanoutClientMain},
 * another JVM) holding N connections. Then the same clients against a bare broadcast server on the
 * same stack ({@link BareMain}): once at the gateway's notification rate (latency at equal load),
 * once as fast as the stack delivers (its limit).
 */
final class FanoutBench {

  static final List<Integer> DEFAULT_SIZES = List.of(1_000, 3_000, 10_000);
  /** NEAR: blocks per second and events per block; Ethereum: blocks per second, logs per block, reorgs. */
  static final double NEAR_BLOCKS_PER_SECOND = 5;
  static final int NEAR_EVENTS_PER_BLOCK = 20;
  static final double ETH_BLOCKS_PER_SECOND = 1;
  static final int ETH_LOGS_PER_BLOCK = 100;
  static final int ETH_REORG_EVERY = 20;
  static final int ETH_REORG_DEPTH = 2;
  static final int PROCESSOR_COMMIT_MS = 20;

  /** What one client run measured. */
  record Measurement(int open, int failed, long closed, double seconds, long notifications, long removed, long bytes,
      long samples, long unresolved, long errors, double p50, double p90, double p99, double p999, double max,
      double mean, double stage50, double stage99, double near50, double near99, double eth50, double eth99) {

    double perSecond() {
      return notifications / seconds;
    }

    double megabytesPerSecond() {
      return bytes / seconds / 1e6;
    }

    double meanBytes() {
      return notifications == 0 ? 0 : (double) bytes / notifications;
    }

    static Measurement parse(String line) {
      final Map<String, String> fields = new HashMap<>();
      for (String part : line.substring("RESULT ".length()).split(" ")) {
        final int eq = part.indexOf('=');
        fields.put(part.substring(0, eq), part.substring(eq + 1));
      }
      return new Measurement(Integer.parseInt(fields.get("open")), Integer.parseInt(fields.get("failed")),
          Long.parseLong(fields.get("closed")), Double.parseDouble(fields.get("seconds")),
          Long.parseLong(fields.get("notifications")), Long.parseLong(fields.get("removed")),
          Long.parseLong(fields.get("bytes")), Long.parseLong(fields.get("samples")),
          Long.parseLong(fields.get("unresolved")), Long.parseLong(fields.get("errors")),
          Double.parseDouble(fields.get("p50")), Double.parseDouble(fields.get("p90")),
          Double.parseDouble(fields.get("p99")), Double.parseDouble(fields.get("p999")),
          Double.parseDouble(fields.get("max")), Double.parseDouble(fields.get("mean")),
          Double.parseDouble(fields.get("stage50")), Double.parseDouble(fields.get("stage99")),
          Double.parseDouble(fields.get("near50")), Double.parseDouble(fields.get("near99")),
          Double.parseDouble(fields.get("eth50")), Double.parseDouble(fields.get("eth99")));
    }
  }

  /**
   * One connection count: the gateway, the bare server at the same rate, the bare server's limit.
   *
   * @param heapBaseline gateway heap after GC with no client (history full)
   * @param heapLoaded gateway heap after GC with every client connected, after the measurement
   * @param gatewayCpuPerNotification gateway process CPU microseconds per notification delivered
   * @param bareCpuPerNotification the same for the bare server at the same rate
   */
  record Result(int connections, Measurement gateway, long heapBaseline, long heapLoaded,
      double gatewayCpuPerNotification, Measurement bareSameRate, double bareCpuPerNotification, Measurement bareLimit,
      Path jfr, java.time.Instant windowStart, java.time.Instant windowEnd) {

    double heapPerConnection() {
      return gateway.open() == 0 ? 0 : (double) (heapLoaded - heapBaseline) / gateway.open();
    }

    /** Gateway notifications/s over the bare stack's limit with the same clients. */
    double ratioToLimit() {
      return gateway.perSecond() / bareLimit.perSecond();
    }
  }

  private final Path work;
  private final double scale;

  FanoutBench(Path work, double scale) {
    this.work = work;
    this.scale = scale;
  }

  List<Result> run(List<Integer> sizes) throws Exception {
    final Path dir = work.resolve("gateway");
    final double measureSeconds = Math.max(5, 15 * scale);
    final List<Result> results = new ArrayList<>();
    try (ChildJvm broker = ChildJvm.start("broker", BrokerMain.class, List.of("-Xms512m", "-Xmx1g"),
        List.of(dir.resolve("kafka").toString(), "0"), dir.resolve("broker.log"))) {
      final String bootstrap = broker.awaitLine("READY ", Duration.ofSeconds(90)).substring(6).strip();
      try (ChildJvm processor = ChildJvm.start("processor", ProcessorMain.class, List.of("-Xms256m", "-Xmx1g"),
              List.of(bootstrap, "bench-fanout", dir.resolve("state").toString(), Integer.toString(PROCESSOR_COMMIT_MS)),
              dir.resolve("processor.log"));
           LoadGenerator<?> near = generator(bootstrap, new NearLoadChain(
               LoadProfile.near(NEAR_BLOCKS_PER_SECOND, NEAR_EVENTS_PER_BLOCK, 7, 0)),
               LoadProfile.near(NEAR_BLOCKS_PER_SECOND, NEAR_EVENTS_PER_BLOCK, 7, 0));
           LoadGenerator<?> eth = generator(bootstrap, new EthLoadChain(ethProfile()), ethProfile())) {
        processor.awaitLine("RUNNING", Duration.ofSeconds(120));
        near.start();
        eth.start();
        System.out.printf("fan-out: NEAR %.0f blocks/s x %d events, Ethereum %.0f blocks/s x %d logs, reorg every %d"
                + " depth %d; processor commit interval %d ms%n", NEAR_BLOCKS_PER_SECOND, NEAR_EVENTS_PER_BLOCK,
            ETH_BLOCKS_PER_SECOND, ETH_LOGS_PER_BLOCK, ETH_REORG_EVERY, ETH_REORG_DEPTH, PROCESSOR_COMMIT_MS);
        final int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int size : sizes) {
          results.add(runSize(bootstrap, dir.resolve("n" + size), size, measureSeconds, size == largest));
        }
      }
    }
    return results;
  }

  private static LoadProfile ethProfile() {
    return LoadProfile.eth(ETH_BLOCKS_PER_SECOND, ETH_LOGS_PER_BLOCK, ETH_REORG_EVERY, ETH_REORG_DEPTH, 7, 0);
  }

  private static <B extends SpecificRecord> LoadGenerator<B> generator(String bootstrap, SyntheticChain<B> chain,
      LoadProfile profile) {
    return LoadGenerator.create(bootstrap, chain, profile);
  }

  private Result runSize(String bootstrap, Path dir, int connections, double measureSeconds, boolean profile)
      throws Exception {
    System.out.printf("fan-out with %d connections%n", connections);
    final Path jfr = dir.resolve("gateway.jfr");
    final List<String> gatewayJvm = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
    if (profile) {
      gatewayJvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    final Measurement gateway;
    final long heapBaseline;
    final long heapLoaded;
    final double gatewayCpu;
    final java.time.Instant windowStart;
    final java.time.Instant windowEnd;
    try (ChildJvm server = ChildJvm.start("gateway", GatewayMain.class, gatewayJvm, List.of(bootstrap,
        "gateway.max-connections-per-address=1000000", "gateway.subscribe-timeout-ms=600000",
        "gateway.near.history-blocks=1000", "gateway.near.history-events=1000", "gateway.eth.window-blocks=256",
        "gateway.eth.history-logs=1000"), dir.resolve("gateway.log"))) {
      final int port = Integer.parseInt(server.awaitLine("READY ", Duration.ofSeconds(120)).substring(6).strip());
      Thread.sleep(3000);
      heapBaseline = heap(server);
      try (ChildJvm client = client(dir, "gateway-clients", port, connections, bootstrap, "gateway")) {
        final long cpuStart = cpu(server);
        final String connected = client.awaitLine("CONNECTED ", Duration.ofSeconds(300));
        System.out.printf("  clients: %s of %d%n", connected.substring(10), connections);
        Thread.sleep(5000); // warm-up: subscriptions installed, JIT
        windowStart = java.time.Instant.now();
        gateway = measureOnly(client, measureSeconds);
        windowEnd = java.time.Instant.now();
        gatewayCpu = (cpu(server) - cpuStart) / 1e3 / Math.max(1, gateway.notifications());
        heapLoaded = heap(server);
      }
    }
    System.out.printf("  gateway: %.0f notifications/s (%.1f MB/s), p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms"
            + " (NEAR p50 %.1f / p99 %.1f, Ethereum p50 %.1f / p99 %.1f; processor stage p50 %.1f ms, p99 %.1f ms); heap %.1f MB -> %.1f MB (%.1f KB per connection);"
            + " %.1f us CPU per notification%n",
        gateway.perSecond(), gateway.megabytesPerSecond(), gateway.p50(), gateway.p99(), gateway.p999(),
        gateway.near50(), gateway.near99(), gateway.eth50(), gateway.eth99(), gateway.stage50(), gateway.stage99(),
        heapBaseline / 1e6, heapLoaded / 1e6, (heapLoaded - heapBaseline) / 1e3 / Math.max(1, gateway.open()),
        gatewayCpu);

    final Measurement sameRate;
    final Measurement limit;
    final double bareCpu;
    final int messageBytes = (int) Math.max(64, Math.round(gateway.meanBytes()));
    try (ChildJvm bare = ChildJvm.start("bare", BareMain.class, List.of("-Xms1g", "-Xmx1g"),
        List.of("4", Integer.toString(messageBytes)), dir.resolve("bare.log"))) {
      final int port = Integer.parseInt(bare.awaitLine("READY ", Duration.ofSeconds(60)).substring(6).strip());
      try (ChildJvm client = client(dir, "bare-clients", port, connections, "-", "bare")) {
        client.awaitLine("CONNECTED ", Duration.ofSeconds(300));
        bare.send("rate " + Math.max(0.1, gateway.perSecond() / Math.max(1, connections)));
        Thread.sleep(2000);
        final long cpuStart = cpu(bare);
        sameRate = measureOnly(client, measureSeconds * 2 / 3);
        bareCpu = (cpu(bare) - cpuStart) / 1e3 / Math.max(1, sameRate.notifications());
        bare.send("rate 100000");
        Thread.sleep(2000);
        limit = measureOnly(client, measureSeconds * 2 / 3);
        bare.send("rate 0");
      }
    }
    System.out.printf("  bare at the same rate: %.0f notifications/s, p50 %.1f ms, p99 %.1f ms; %.1f us CPU per"
            + " notification; bare limit: %.0f notifications/s (%.1f MB/s)%n", sameRate.perSecond(), sameRate.p50(),
        sameRate.p99(), bareCpu, limit.perSecond(), limit.megabytesPerSecond());
    return new Result(connections, gateway, heapBaseline, heapLoaded, gatewayCpu, sameRate, bareCpu, limit,
        profile ? jfr : null, windowStart, windowEnd);
  }

  private static ChildJvm client(Path dir, String name, int port, int connections, String bootstrap, String mode)
      throws Exception {
    return ChildJvm.start(name, FanoutClientMain.class, List.of("-Xms512m", "-Xmx3g"),
        List.of("ws://127.0.0.1:" + port, Integer.toString(connections), mode, bootstrap, "7"),
        dir.resolve(name + ".log"));
  }

  private static Measurement measureOnly(ChildJvm client, double seconds) throws Exception {
    client.send("measure " + seconds);
    return Measurement.parse(client.awaitLine("RESULT ", Duration.ofSeconds((long) seconds + 60)));
  }

  private static long heap(ChildJvm jvm) throws InterruptedException {
    jvm.send("heap");
    return Long.parseLong(jvm.awaitLine("HEAP ", Duration.ofSeconds(60)).substring(5).strip());
  }

  private static long cpu(ChildJvm jvm) throws InterruptedException {
    jvm.send("cpu");
    return Long.parseLong(jvm.awaitLine("CPU ", Duration.ofSeconds(30)).substring(4).strip());
  }
}
