package dev.blockwire.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;

import dev.blockwire.ingest.load.EthLoadChain;
import dev.blockwire.ingest.load.FlowLoadChain;
import dev.blockwire.ingest.load.LoadGenerator;
import dev.blockwire.ingest.load.LoadProfile;
import dev.blockwire.ingest.load.NearLoadChain;
import dev.blockwire.ingest.load.SyntheticChain;

/**
 * Gateway fan-out: broker, processor and gateway each in a JVM of their own, the load generator
 * (this JVM) writing NEAR, Ethereum and Flow blocks at a fixed rate, and the load harness
 * ({@link FanoutClientMain}, another JVM) holding N connections. At the smallest and the largest
 * size a second measurement with the same connections scales the generator so that deliveries
 * reach {@value #TARGET_RATE} notifications/s (the target's rate). Then the same clients against a
 * bare broadcast server on the same stack ({@link BareMain}, the generator paused): at each
 * gateway measurement's rate (latency at equal load), then as fast as the stack delivers (its
 * limit). Every window records where the CPU went ({@link CpuWindow}).
 */
final class FanoutBench {

  static final List<Integer> DEFAULT_SIZES = List.of(1_000, 3_000, 10_000);
  /** NEAR: blocks per second and events per block; Ethereum: blocks per second, logs per block, reorgs; Flow. */
  static final double NEAR_BLOCKS_PER_SECOND = 5;
  static final int NEAR_EVENTS_PER_BLOCK = 20;
  static final double ETH_BLOCKS_PER_SECOND = 1;
  static final int ETH_LOGS_PER_BLOCK = 100;
  static final int ETH_REORG_EVERY = 20;
  static final int ETH_REORG_DEPTH = 2;
  /** Flow blocks per second (each written finalized, then sealed: twice as many raw records). */
  static final double FLOW_BLOCKS_PER_SECOND = 1;
  static final int FLOW_EVENTS_PER_BLOCK = 20;
  static final int PROCESSOR_COMMIT_MS = 20;
  /** The target's rate: notifications/s delivered. */
  static final double TARGET_RATE = 20_000;
  /**
   * Largest generator multiplier for the target run: Flow subscriptions are paced at 20 messages/s
   * (the Flow docs' limit), one per sealed block, so more than 18 Flow blocks/s would queue.
   */
  static final double MAX_MULTIPLIER = 18;
  /** The process names of the CPU table. */
  static final List<String> PROCESSES = List.of("broker", "processor", "server", "harness", "generator");

  /** What one client run measured. */
  record Measurement(int open, int failed, long closed, double seconds, long notifications, long removed, long bytes,
      long samples, long unresolved, long unrecognized, long errors, double p50, double p90, double p99, double p999,
      double max, double mean, double stage50, double stage99, double near50, double near99, double eth50,
      double eth99, double flow50, double flow99) {

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
      final Map<String, String> f = new HashMap<>();
      for (String part : line.substring("RESULT ".length()).split(" ")) {
        final int eq = part.indexOf('=');
        f.put(part.substring(0, eq), part.substring(eq + 1));
      }
      return new Measurement(Integer.parseInt(f.get("open")), Integer.parseInt(f.get("failed")),
          Long.parseLong(f.get("closed")), Double.parseDouble(f.get("seconds")), Long.parseLong(f.get("notifications")),
          Long.parseLong(f.get("removed")), Long.parseLong(f.get("bytes")), Long.parseLong(f.get("samples")),
          Long.parseLong(f.get("unresolved")), Long.parseLong(f.getOrDefault("unrecognized", "0")),
          Long.parseLong(f.get("errors")), d(f, "p50"), d(f, "p90"), d(f, "p99"), d(f, "p999"), d(f, "max"),
          d(f, "mean"), d(f, "stage50"), d(f, "stage99"), d(f, "near50"), d(f, "near99"), d(f, "eth50"),
          d(f, "eth99"), d(f, "flow50"), d(f, "flow99"));
    }

    private static double d(Map<String, String> fields, String name) {
      return Double.parseDouble(fields.getOrDefault(name, "NaN"));
    }
  }

  /**
   * One measurement window.
   *
   * @param multiplier the generator's rate over its base rate (1 = the base; 0 = paused, bare runs)
   * @param cpu CPU of each process over the window (names in {@link #PROCESSES}) and the machine's idle share
   */
  record Run(double multiplier, Measurement m, CpuWindow.Usage cpu) {

    /** CPU microseconds of {@code process} per notification delivered in the window. */
    double cpuPerNotification(String process) {
      return cpu.microsPer(process, m.notifications());
    }
  }

  /**
   * One connection count.
   *
   * @param gateway the gateway's windows: at the base rate, then (smallest and largest size) at the target rate
   * @param bareSameRate the bare server at each gateway window's rate, in the same order
   * @param bareLimit the bare server as fast as it delivers
   * @param heapBaseline gateway heap after GC with no client (history full)
   * @param heapLoaded gateway heap after GC with every client connected, after the base measurement
   */
  record Result(int connections, List<Run> gateway, List<Run> bareSameRate, Run bareLimit, long heapBaseline,
      long heapLoaded, Path jfr, Instant windowStart, Instant windowEnd) {

    Run base() {
      return gateway.get(0);
    }

    /** The target-rate window, or null. */
    Run target() {
      return gateway.size() > 1 ? gateway.get(1) : null;
    }

    double heapPerConnection() {
      return base().m().open() == 0 ? 0 : (double) (heapLoaded - heapBaseline) / base().m().open();
    }

    /** Gateway notifications/s (base rate) over the bare stack's limit with the same clients. */
    double ratioToLimit() {
      return base().m().perSecond() / bareLimit.m().perSecond();
    }
  }

  private final Path work;
  private final double scale;
  /** The harness's transport: {@code netty}, or {@code tyrus} (the previous one, to compare). */
  private final String clientKind;
  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final List<PacedChain<?>> chains = new ArrayList<>();

  FanoutBench(Path work, double scale, String clientKind) {
    this.work = work;
    this.scale = scale;
    this.clientKind = clientKind;
  }

  List<Result> run(List<Integer> sizes) throws Exception {
    final Path dir = work.resolve("gateway");
    final double measureSeconds = Math.max(5, 15 * scale);
    final List<Result> results = new ArrayList<>();
    pids.put("generator", ProcessHandle.current().pid());
    try (ChildJvm broker = ChildJvm.start("broker", BrokerMain.class, List.of("-Xms512m", "-Xmx1g"),
        List.of(dir.resolve("kafka").toString(), "0"), dir.resolve("broker.log"))) {
      final String bootstrap = broker.awaitLine("READY ", Duration.ofSeconds(90)).substring(6).strip();
      pids.put("broker", broker.pid());
      try (ChildJvm processor = ChildJvm.start("processor", ProcessorMain.class, List.of("-Xms256m", "-Xmx1g"),
              List.of(bootstrap, "bench-fanout", dir.resolve("state").toString(), Integer.toString(PROCESSOR_COMMIT_MS)),
              dir.resolve("processor.log"));
           LoadGenerator<?> near = generator(bootstrap, new NearLoadChain(nearProfile()), NEAR_BLOCKS_PER_SECOND);
           LoadGenerator<?> eth = generator(bootstrap, new EthLoadChain(ethProfile()), ETH_BLOCKS_PER_SECOND);
           LoadGenerator<?> flow = generator(bootstrap, new FlowLoadChain(flowProfile()), 2 * FLOW_BLOCKS_PER_SECOND)) {
        processor.awaitLine("RUNNING", Duration.ofSeconds(120));
        pids.put("processor", processor.pid());
        near.start();
        eth.start();
        flow.start();
        System.out.printf("fan-out: NEAR %.0f blocks/s x %d events, Ethereum %.0f blocks/s x %d logs, reorg every %d"
                + " depth %d, Flow %.0f blocks/s x %d events; processor commit interval %d ms%n", NEAR_BLOCKS_PER_SECOND,
            NEAR_EVENTS_PER_BLOCK, ETH_BLOCKS_PER_SECOND, ETH_LOGS_PER_BLOCK, ETH_REORG_EVERY, ETH_REORG_DEPTH,
            FLOW_BLOCKS_PER_SECOND, FLOW_EVENTS_PER_BLOCK, PROCESSOR_COMMIT_MS);
        final int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        final int smallest = sizes.stream().mapToInt(Integer::intValue).min().orElse(0);
        for (int size : sizes) {
          results.add(runSize(bootstrap, dir.resolve("n" + size), size, measureSeconds, size == largest,
              size == largest || size == smallest));
        }
        scale(1); // a paused chain would hold its generator's thread at close
      }
    }
    return results;
  }

  private static LoadProfile nearProfile() {
    return LoadProfile.near(NEAR_BLOCKS_PER_SECOND, NEAR_EVENTS_PER_BLOCK, 7, 0);
  }

  private static LoadProfile ethProfile() {
    return LoadProfile.eth(ETH_BLOCKS_PER_SECOND, ETH_LOGS_PER_BLOCK, ETH_REORG_EVERY, ETH_REORG_DEPTH, 7, 0);
  }

  private static LoadProfile flowProfile() {
    return LoadProfile.flow(2 * FLOW_BLOCKS_PER_SECOND, FLOW_EVENTS_PER_BLOCK, 7, 0);
  }

  /** A generator paced by its {@link PacedChain} (the generator's own pace is set far above any rate asked for). */
  private <B extends SpecificRecord> LoadGenerator<B> generator(String bootstrap, SyntheticChain<B> chain,
      double recordsPerSecond) {
    final PacedChain<B> paced = new PacedChain<>(chain, recordsPerSecond);
    chains.add(paced);
    final LoadProfile profile = new LoadProfile(chain.network(), 100_000, 1, 0, 0, 7, 0);
    return LoadGenerator.create(bootstrap, paced, profile);
  }

  /** Every chain at {@code multiplier} times its base rate (0 pauses them). */
  private void scale(double multiplier) {
    for (PacedChain<?> chain : chains) {
      chain.scale(multiplier);
    }
  }

  private Result runSize(String bootstrap, Path dir, int connections, double measureSeconds, boolean profile,
      boolean target) throws Exception {
    System.out.printf("fan-out with %d connections%n", connections);
    final Path jfr = dir.resolve("gateway.jfr");
    final List<String> gatewayJvm = new ArrayList<>(List.of("-Xms1g", "-Xmx1g"));
    if (profile) {
      gatewayJvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    final List<Run> gateway = new ArrayList<>();
    final long heapBaseline;
    final long heapLoaded;
    final Instant windowStart;
    final Instant windowEnd;
    scale(1);
    try (ChildJvm server = ChildJvm.start("gateway", GatewayMain.class, gatewayJvm, List.of(bootstrap,
        "gateway.max-connections-per-address=1000000", "gateway.subscribe-timeout-ms=600000",
        "gateway.near.history-blocks=1000", "gateway.near.history-events=1000", "gateway.eth.window-blocks=256",
        "gateway.eth.history-logs=1000", "gateway.flow.max-global-streams=1000000"), dir.resolve("gateway.log"))) {
      final int port = Integer.parseInt(server.awaitLine("READY ", Duration.ofSeconds(120)).substring(6).strip());
      pids.put("server", server.pid());
      Thread.sleep(3000);
      heapBaseline = heap(server);
      try (ChildJvm client = client(dir, "gateway-clients", port, connections, bootstrap, "gateway")) {
        pids.put("harness", client.pid());
        final String connected = client.awaitLine("CONNECTED ", Duration.ofSeconds(300));
        System.out.printf("  clients: %s of %d%n", connected.substring(10), connections);
        Thread.sleep(5000); // warm-up: subscriptions installed, JIT
        windowStart = Instant.now();
        gateway.add(measure(client, measureSeconds, 1));
        windowEnd = Instant.now();
        print("gateway", gateway.get(0));
        heapLoaded = heap(server);
        System.out.printf("  heap %.1f MB -> %.1f MB (%.1f KB per connection)%n", heapBaseline / 1e6, heapLoaded / 1e6,
            (heapLoaded - heapBaseline) / 1e3 / Math.max(1, gateway.get(0).m().open()));
        final double perSecond = gateway.get(0).m().perSecond();
        if (target && perSecond > 0) {
          final double multiplier = Math.max(1, Math.min(MAX_MULTIPLIER, TARGET_RATE * 1.05 / perSecond));
          scale(multiplier);
          Thread.sleep(5000); // the new rate reaches the clients; queues settle
          gateway.add(measure(client, measureSeconds, multiplier));
          print("gateway at the target rate", gateway.get(1));
          scale(1);
        }
      }
    }

    final List<Run> sameRate = new ArrayList<>();
    final Run limit;
    final int messageBytes = (int) Math.max(64, Math.round(gateway.get(0).m().meanBytes()));
    scale(0); // no Kafka work during the bare runs
    try (ChildJvm bare = ChildJvm.start("bare", BareMain.class, List.of("-Xms1g", "-Xmx1g"),
        List.of("4", Integer.toString(messageBytes)), dir.resolve("bare.log"))) {
      final int port = Integer.parseInt(bare.awaitLine("READY ", Duration.ofSeconds(60)).substring(6).strip());
      pids.put("server", bare.pid());
      try (ChildJvm client = client(dir, "bare-clients", port, connections, "-", "bare")) {
        pids.put("harness", client.pid());
        client.awaitLine("CONNECTED ", Duration.ofSeconds(300));
        for (Run run : gateway) {
          bare.send("rate " + Math.max(0.1, run.m().perSecond() / Math.max(1, connections)));
          Thread.sleep(2000);
          sameRate.add(measure(client, measureSeconds * 2 / 3, 0));
          print("bare at the same rate", sameRate.get(sameRate.size() - 1));
        }
        bare.send("rate 100000");
        Thread.sleep(2000);
        limit = measure(client, measureSeconds * 2 / 3, 0);
        print("bare limit", limit);
        bare.send("rate 0");
      }
    } finally {
      scale(1);
    }
    return new Result(connections, gateway, sameRate, limit, heapBaseline, heapLoaded, profile ? jfr : null,
        windowStart, windowEnd);
  }

  private static void print(String what, Run run) {
    final Measurement m = run.m();
    System.out.printf("  %s (generator x%.1f): %.0f notifications/s (%.1f MB/s), p50 %.1f ms, p99 %.1f ms, p99.9 %.1f"
            + " ms (NEAR %.1f / %.1f, Ethereum %.1f / %.1f, Flow %.1f / %.1f; processor stage %.1f / %.1f);"
            + " %d unresolved, %d unrecognized, %d errors; CPU us/notification: %s; machine idle %.0f%%, others %.2f"
            + " cores%n", what, run.multiplier(), m.perSecond(), m.megabytesPerSecond(), m.p50(), m.p99(), m.p999(),
        m.near50(), m.near99(), m.eth50(), m.eth99(), m.flow50(), m.flow99(), m.stage50(), m.stage99(),
        m.unresolved(), m.unrecognized(), m.errors(), cpuSummary(run), run.cpu().idleShare() * 100,
        run.cpu().othersCores());
  }

  private static String cpuSummary(Run run) {
    final StringBuilder out = new StringBuilder();
    for (String process : PROCESSES) {
      out.append(out.length() == 0 ? "" : ", ").append(process).append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.1f", run.cpuPerNotification(process)));
    }
    return out.toString();
  }

  private ChildJvm client(Path dir, String name, int port, int connections, String bootstrap, String mode)
      throws Exception {
    return ChildJvm.start(name, FanoutClientMain.class, List.of("-Xms512m", "-Xmx2g"),
        List.of("ws://127.0.0.1:" + port, Integer.toString(connections), mode, bootstrap, "7", "2", clientKind),
        dir.resolve(name + ".log"));
  }

  /** One window: CPU of every process sampled at the harness's window start and end. */
  private Run measure(ChildJvm client, double seconds, double multiplier) throws Exception {
    client.send("measure " + seconds);
    client.awaitLine("MEASURING", Duration.ofSeconds(30));
    final CpuWindow.Snapshot start = CpuWindow.take(pids);
    client.awaitLine("MEASURED", Duration.ofSeconds((long) seconds + 30));
    final CpuWindow.Snapshot end = CpuWindow.take(pids);
    final Measurement m = Measurement.parse(client.awaitLine("RESULT ", Duration.ofSeconds((long) seconds + 60)));
    return new Run(multiplier, m, CpuWindow.between(start, end));
  }

  private static long heap(ChildJvm jvm) throws InterruptedException {
    jvm.send("heap");
    return Long.parseLong(jvm.awaitLine("HEAP ", Duration.ofSeconds(60)).substring(5).strip());
  }
}
