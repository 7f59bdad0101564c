package dev.blockwire.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.blockwire.ingest.load.LoadChains;


/** The suite's tables (Markdown), its curves (PNG) and its verdicts on the targets. */
final class Report {

  static final String BEGIN = "<!-- BEGIN GENERATED: blockwire bench -->";
  static final String END = "<!-- END GENERATED: blockwire bench -->";

  private final Machine machine;
  private final Instant start;
  private List<JmhBench.Row> jmh = List.of();
  private List<ProcessorBench.Result> processor = List.of();
  private List<FanoutBench.Result> gateway = List.of();
  private Duration took = Duration.ZERO;
  private String loadAtEnd = "";
  private Path plotDir;

  Report(Machine machine, Instant start) {
    this.machine = machine;
    this.start = start;
  }

  String machine() {
    return String.format(Locale.ROOT, "machine: %s, %d cores, %.1f GiB, %s, %s; load average %s; commit %s",
        machine.cpu(), machine.cores(), machine.memoryBytes() / (double) (1L << 30), machine.os(), machine.java(),
        machine.loadAtStart(), machine.commit());
  }

  void jmh(List<JmhBench.Row> rows) {
    this.jmh = rows;
  }

  void processor(List<ProcessorBench.Result> results) {
    this.processor = results;
  }

  void gateway(List<FanoutBench.Result> results) {
    this.gateway = results;
  }

  void finish(Duration duration) {
    this.took = duration;
    this.loadAtEnd = Machine.loadAverage();
  }

  void plotsTo(Path dir) {
    this.plotDir = dir;
  }

  /** The whole generated section; draws the plots into the plot folder (default: {@code out}). */
  String markdown(Path out) throws IOException {
    final Path plots = plotDir == null ? out : plotDir;
    final StringBuilder md = new StringBuilder();
    md.append("## Machine and run\n\n");
    md.append("| | |\n|---|---|\n");
    row(md, "CPU", machine.cpu());
    row(md, "cores / memory", machine.cores() + " / " + String.format(Locale.ROOT, "%.1f GiB",
        machine.memoryBytes() / (double) (1L << 30)));
    row(md, "OS / Java", machine.os() + " / " + machine.java());
    row(md, "open files limit (`ulimit -n`)", machine.openFilesLimit());
    row(md, "started / took", start + " / " + took.toSeconds() + " s");
    row(md, "load average at start / end (1, 5, 15 min)", machine.loadAtStart() + " / " + loadAtEnd
        + " (other engineers' builds share the machine)");
    row(md, "commit", machine.commit());
    md.append('\n');
    if (!jmh.isEmpty()) {
      jmhTables(md);
    }
    if (!processor.isEmpty()) {
      processorTables(md, plots);
    }
    if (!gateway.isEmpty()) {
      gatewayTables(md, plots);
    }
    targets(md);
    profiles(md);
    return md.toString();
  }

  // ------------------------------------------------------------------ JMH

  private void jmhTables(StringBuilder md) {
    md.append("## JMH micro-benchmarks\n\n");
    md.append("One fork, short iterations (the suite's budget); ± is JMH's 99.9% error. Ratio = the benchmark's"
        + " ops/s over the floor's (1.0 = as fast as the floor).\n\n");
    md.append("| benchmark | input | ops/s | ± | ratio to Jackson readTree | ratio to Jackson write |\n");
    md.append("|---|---|---:|---:|---:|---:|\n");
    for (JmhBench.Row r : jmh) {
      final String readFloor = floor(r, "jacksonReadTree");
      final String writeFloor = floor(r, "jacksonWrite");
      md.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %s | %s |%n", r.benchmark(),
          r.param().isEmpty() ? "" : r.param(), ops(r.score()), ops(r.error()), readFloor, writeFloor));
    }
    md.append('\n');
  }

  /** The ratio of a measured benchmark to its floor in the same class and input, or blank. */
  private String floor(JmhBench.Row r, String floorPrefix) {
    final String method = r.benchmark().substring(r.benchmark().indexOf('.') + 1);
    if (method.startsWith("jackson")) {
      return "";
    }
    final String clazz = r.benchmark().substring(0, r.benchmark().indexOf('.'));
    final String kind = method.contains("Header") ? "Header" : method.contains("Log") ? "Log" : "";
    for (JmhBench.Row f : jmh) {
      final String fm = f.benchmark().substring(f.benchmark().indexOf('.') + 1);
      if (f.benchmark().startsWith(clazz + ".") && fm.startsWith(floorPrefix) && f.param().equals(r.param())
          && (kind.isEmpty() || fm.contains(kind))) {
        return String.format(Locale.ROOT, "%.2f", r.score() / f.score());
      }
    }
    return "";
  }

  // ------------------------------------------------------------------ processor

  private void processorTables(StringBuilder md, Path plots) throws IOException {
    md.append("## Processor end to end (exactly_once_v2) against the broker's own limit\n\n");
    md.append("The load generator fills the raw topic of a fresh embedded broker (its own JVM); the processor (its"
        + " own JVM, commit interval 100 ms) drains it. Rates are over the processing window: from the processor's"
        + " first commit seen to its commit of the topic's end. Limit = raw records/s that Kafka's own tools reach on"
        + " the same broker for the same work, read and write in series (2 cores are shared):"
        + " `1 / (1/consumer + (out/in)/producer)`, with `ConsumerPerformance` reading the raw records and"
        + " `ProducerPerformance` writing as many records of the mean output size as the processor wrote."
        + " Ratio = processor / limit.\n\n");
    md.append("| scenario | raw in (records, MB) | events | out (records, MB) | in rec/s | in MB/s | out rec/s |"
        + " out MB/s | events/s | consumer limit rec/s (MB/s) | producer limit rec/s (MB/s) | limit rec/s |"
        + " **ratio** | dead letters |\n");
    md.append("|---|---|---:|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|\n");
    for (ProcessorBench.Result r : processor) {
      final ProcessorBench.Scenario s = r.scenario();
      final String name = s.chain() == LoadChains.NEAR
          ? "NEAR, " + s.eventsPerBlock() + " events/block"
          : "Ethereum, " + s.eventsPerBlock() + " logs/block, " + (s.reorgEvery() == 0 ? "no reorgs"
              : "reorg depth " + s.reorgDepth() + " every " + s.reorgEvery());
      md.append(String.format(Locale.ROOT,
          "| %s | %d, %.1f | %d | %d, %.1f | %s | %.1f | %s | %.1f | %s | %s (%.1f) | %s (%.1f) | %s | **%.2f** | %d |%n",
          name, r.inRecords(), r.inBytes() / 1e6, r.events(), r.outRecords(), r.outBytes() / 1e6,
          ops(r.inRecordsPerSecond()), r.inMegabytesPerSecond(), ops(r.outRecordsPerSecond()),
          r.outMegabytesPerSecond(), ops(r.eventsPerSecond()), ops(r.consumerLimit().recordsPerSecond()),
          r.consumerLimit().megabytesPerSecond(), ops(r.producerLimit().recordsPerSecond()),
          r.producerLimit().megabytesPerSecond(), ops(r.limitRecordsPerSecond()), r.ratio(), r.deadLetters()));
    }
    md.append("\nOutputs per scenario (records / mean bytes): ");
    final List<String> parts = new ArrayList<>();
    for (ProcessorBench.Result r : processor) {
      final StringBuilder p = new StringBuilder(r.scenario().name()).append(": ");
      for (Map.Entry<String, TopicStats.Count> e : r.outputs().entrySet()) {
        p.append(e.getKey()).append(' ').append(e.getValue().records()).append(" / ")
            .append(Math.round(e.getValue().meanBytes())).append(' ');
      }
      parts.add(p.toString().strip());
    }
    md.append(String.join("; ", parts)).append(".\n\n");
    final List<Plot.Series> near = new ArrayList<>();
    final List<Plot.Series> eth = new ArrayList<>();
    near.add(series("events/s (processor)", "near-events-per-block", r -> r.eventsPerSecond()));
    near.add(series("events/s at the broker limit", "near-events-per-block",
        r -> r.limitRecordsPerSecond() * r.events() / r.inRecords()));
    eth.add(series("raw blocks/s (processor)", "eth-reorg-depth", ProcessorBench.Result::inRecordsPerSecond));
    eth.add(series("raw blocks/s at the broker limit", "eth-reorg-depth", ProcessorBench.Result::limitRecordsPerSecond));
    if (near.get(0).x().length > 0) {
      Plot.write(plots.resolve("BENCHMARKS-processor-near.png"), "Processor, NEAR: events/s by events per block",
          "events per block (log scale)", "events per second", true, near);
      md.append("![NEAR processor curve](BENCHMARKS-processor-near.png)\n\n");
    }
    if (eth.get(0).x().length > 0) {
      Plot.write(plots.resolve("BENCHMARKS-processor-eth.png"),
          "Processor, Ethereum: blocks/s by reorg depth (100 logs/block, reorg every 32)", "reorg depth (blocks)",
          "raw blocks per second", false, eth);
      md.append("![Ethereum processor curve](BENCHMARKS-processor-eth.png)\n\n");
    }
  }

  private Plot.Series series(String name, String curve, java.util.function.ToDoubleFunction<ProcessorBench.Result> f) {
    final List<ProcessorBench.Result> points = processor.stream().filter(r -> r.scenario().curve().equals(curve)).toList();
    final double[] x = new double[points.size()];
    final double[] y = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      x[i] = points.get(i).scenario().x();
      y[i] = f.applyAsDouble(points.get(i));
    }
    return new Plot.Series(name, x, y);
  }

  // ------------------------------------------------------------------ gateway

  private void gatewayTables(StringBuilder md, Path plots) throws IOException {
    md.append("## Gateway fan-out against a bare broadcast on the same stack\n\n");
    md.append(String.format(Locale.ROOT, "Generator (base rate, x1): NEAR %.0f blocks/s x %d events, Ethereum %.0f block/s"
            + " x %d logs with a depth-%d reorg every %d blocks, Flow %.0f block/s x %d events (each block written"
            + " finalized, then sealed); processor commit interval %d ms; broker, processor, gateway (-Xmx1g) and the"
            + " load harness (Netty client, 2 event-loop threads) in four JVMs, the generator in the suite's, all on the"
            + " same 2 cores. **Target rows** (`x` > 1): at the smallest and the largest size, the same connections"
            + " measured again with every chain of the generator sped up by the factor shown, chosen from the x1 row so"
            + " that deliveries reach about %,.0f notifications/s (at most x%.0f: Flow streams are paced at 20"
            + " messages/s). Clients: %s. Latency: raw record timestamp (wall clock at emission) to receipt at the"
            + " client, every non-removed notification (Flow: from the finalized record for finalized digests, from the"
            + " sealed record for sealed digests and events); \"of which processor\": raw record timestamp to the"
            + " processor's NEAR output being readable (read_committed) by a consumer in the harness JVM. Heap per"
            + " connection: gateway heap after full GC with the clients connected minus before they connected (x1 row)."
            + " Bare: the same clients against `BareBroadcastServer` (same Tyrus/Grizzly setup, no Kafka, no filters;"
            + " the generator paused) at each row's rate, then as fast as it delivers (its limit). Ratio = gateway"
            + " notifications/s at x1 / bare limit.%n%n",
        FanoutBench.NEAR_BLOCKS_PER_SECOND, FanoutBench.NEAR_EVENTS_PER_BLOCK, FanoutBench.ETH_BLOCKS_PER_SECOND,
        FanoutBench.ETH_LOGS_PER_BLOCK, FanoutBench.ETH_REORG_DEPTH, FanoutBench.ETH_REORG_EVERY,
        FanoutBench.FLOW_BLOCKS_PER_SECOND, FanoutBench.FLOW_EVENTS_PER_BLOCK, FanoutBench.PROCESSOR_COMMIT_MS,
        FanoutBench.TARGET_RATE, FanoutBench.MAX_MULTIPLIER, dev.blockwire.bench.fanout.ClientMix.DESCRIPTION));
    md.append("| connections (open) | generator | notifications/s | MB/s | p50 ms | p99 ms | p99.9 ms | max ms |"
        + " NEAR p50 / p99 ms | Ethereum p50 / p99 ms | Flow p50 / p99 ms | of which processor p50 / p99 ms |"
        + " heap per connection | heap loaded | bare same rate p50 / p99 ms | bare limit notifications/s |"
        + " ratio to limit |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---:|---:|---|---:|---:|\n");
    for (FanoutBench.Result r : gateway) {
      for (int i = 0; i < r.gateway().size(); i++) {
        final FanoutBench.Run run = r.gateway().get(i);
        final FanoutBench.Measurement g = run.m();
        final FanoutBench.Measurement bare = r.bareSameRate().get(i).m();
        final boolean base = i == 0;
        md.append(String.format(Locale.ROOT,
            "| %d (%d) | x%.1f | %s | %.2f | %.1f | %.1f | %.1f | %.1f | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f |"
                + " %.1f / %.1f | %s | %s | %.1f / %.1f | %s | %s |%n",
            r.connections(), g.open(), run.multiplier(), ops(g.perSecond()), g.megabytesPerSecond(), g.p50(), g.p99(),
            g.p999(), g.max(), g.near50(), g.near99(), g.eth50(), g.eth99(), g.flow50(), g.flow99(), g.stage50(),
            g.stage99(), base ? String.format(Locale.ROOT, "%.1f KB", r.heapPerConnection() / 1e3) : "",
            base ? String.format(Locale.ROOT, "%.0f MB", r.heapLoaded() / 1e6) : "", bare.p50(), bare.p99(),
            base ? ops(r.bareLimit().m().perSecond()) : "",
            base ? String.format(Locale.ROOT, "%.2f", r.ratioToLimit()) : ""));
      }
    }
    md.append("\nClient-side details: ");
    final List<String> parts = new ArrayList<>();
    for (FanoutBench.Result r : gateway) {
      for (FanoutBench.Run run : r.gateway()) {
        final FanoutBench.Measurement m = run.m();
        parts.add(String.format(Locale.ROOT, "%d connections x%.1f: %d notifications in %.1f s (%d retractions), %d"
                + " latency samples, %d unresolved, %d unrecognized, %d errors, %d closed, mean %.0f bytes",
            r.connections(), run.multiplier(), m.notifications(), m.seconds(), m.removed(), m.samples(),
            m.unresolved(), m.unrecognized(), m.errors(), m.closed(), m.meanBytes()));
      }
    }
    md.append(String.join("; ", parts)).append(".\n\n");
    cpuTable(md);
    final double[] x = gateway.stream().mapToDouble(FanoutBench.Result::connections).toArray();
    Plot.write(plots.resolve("BENCHMARKS-gateway-rate.png"), "Gateway fan-out: notifications/s by connections",
        "connections (log scale)", "notifications per second", true, List.of(
            new Plot.Series("gateway (base generator rate)", x,
                gateway.stream().mapToDouble(r -> r.base().m().perSecond()).toArray()),
            new Plot.Series("bare Tyrus/Grizzly broadcast limit", x,
                gateway.stream().mapToDouble(r -> r.bareLimit().m().perSecond()).toArray())));
    Plot.write(plots.resolve("BENCHMARKS-gateway-latency.png"), "Gateway fan-out: latency by connections",
        "connections (log scale)", "milliseconds", true, List.of(
            new Plot.Series("gateway p50", x, gateway.stream().mapToDouble(r -> r.base().m().p50()).toArray()),
            new Plot.Series("gateway p99", x, gateway.stream().mapToDouble(r -> r.base().m().p99()).toArray()),
            new Plot.Series("bare p99 at the same rate", x,
                gateway.stream().mapToDouble(r -> r.bareSameRate().get(0).m().p99()).toArray())));
    Plot.write(plots.resolve("BENCHMARKS-gateway-heap.png"), "Gateway heap after GC by connections",
        "connections (log scale)", "MB", true, List.of(
            new Plot.Series("heap with clients", x, gateway.stream().mapToDouble(r -> r.heapLoaded() / 1e6).toArray()),
            new Plot.Series("heap before clients", x,
                gateway.stream().mapToDouble(r -> r.heapBaseline() / 1e6).toArray())));
    md.append("![gateway rate](BENCHMARKS-gateway-rate.png)\n![gateway latency](BENCHMARKS-gateway-latency.png)\n"
        + "![gateway heap](BENCHMARKS-gateway-heap.png)\n\n");
  }

  /** Where the CPU went in each window: per process per notification, and how idle the machine stayed. */
  private void cpuTable(StringBuilder md) {
    md.append("### Where the CPU went\n\nPer measurement window, from `/proc`: each process's CPU time over the"
        + " notifications delivered in the window (µs per notification; \"server\" is the gateway, or the bare"
        + " server in bare rows; \"generator\" is the suite's JVM, which writes the blocks), the cores all of"
        + " them kept busy, the machine's idle share of its 2 cores, and the cores busy with processes outside the"
        + " benchmark (other builds on a shared machine). A machine near 0% idle was saturated: its latencies"
        + " include waiting for a core.\n\n");
    md.append("| connections | window | notifications/s | broker | processor | server | harness | generator |"
        + " benchmark cores | machine idle | other processes' cores |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (FanoutBench.Result r : gateway) {
      for (int i = 0; i < r.gateway().size(); i++) {
        cpuRow(md, r.connections(), String.format(Locale.ROOT, "gateway x%.1f", r.gateway().get(i).multiplier()),
            r.gateway().get(i));
      }
      for (int i = 0; i < r.bareSameRate().size(); i++) {
        cpuRow(md, r.connections(), String.format(Locale.ROOT, "bare, rate of x%.1f", r.gateway().get(i).multiplier()),
            r.bareSameRate().get(i));
      }
      cpuRow(md, r.connections(), "bare limit", r.bareLimit());
    }
    md.append('\n');
  }

  private static void cpuRow(StringBuilder md, int connections, String window, FanoutBench.Run run) {
    double cores = 0;
    for (String process : FanoutBench.PROCESSES) {
      final double c = run.cpu().cores(process);
      cores += Double.isNaN(c) ? 0 : c;
    }
    md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.0f%% | %.2f |%n",
        connections, window, ops(run.m().perSecond()), run.cpuPerNotification("broker"),
        run.cpuPerNotification("processor"), run.cpuPerNotification("server"), run.cpuPerNotification("harness"),
        run.cpuPerNotification("generator"), cores, run.cpu().idleShare() * 100, run.cpu().othersCores()));
  }

  // ------------------------------------------------------------------ targets and profiles

  private void targets(StringBuilder md) {
    md.append("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    if (!processor.isEmpty()) {
      final double worst = processor.stream().mapToDouble(ProcessorBench.Result::ratio).min().orElse(0);
      final double best = processor.stream().mapToDouble(ProcessorBench.Result::ratio).max().orElse(0);
      md.append(String.format(Locale.ROOT, "| processor >= 50%% of the broker's own read+write limit | %.0f%% to %.0f%%"
          + " over %d scenarios | %s |%n", worst * 100, best * 100, processor.size(),
          worst >= 0.5 ? "yes" : best >= 0.5 ? "partly" : "no"));
    }
    if (!gateway.isEmpty()) {
      final FanoutBench.Result largest = gateway.get(gateway.size() - 1);
      md.append(String.format(Locale.ROOT, "| gateway holds 10,000 connections in under 1 GiB of heap | %d open,"
              + " %.0f MB heap after GC (%.1f KB per connection), -Xmx1g | %s |%n", largest.base().m().open(),
          largest.heapLoaded() / 1e6, largest.heapPerConnection() / 1e3,
          largest.base().m().open() >= 10_000 && largest.heapLoaded() < (1L << 30) ? "yes" : "no"));
      final List<String> measured = new ArrayList<>();
      boolean met = false;
      boolean any = false;
      for (FanoutBench.Result r : gateway) {
        final FanoutBench.Run run = r.target();
        if (run != null) {
          any = true;
          measured.add(String.format(Locale.ROOT, "p99 %.1f ms at %s notifications/s (%d connections, generator x%.1f)",
              run.m().p99(), ops(run.m().perSecond()), r.connections(), run.multiplier()));
          met |= run.m().p99() < 50 && run.m().perSecond() >= FanoutBench.TARGET_RATE;
        }
      }
      md.append(String.format(Locale.ROOT, "| p99 latency under 50 ms at 20,000 notifications/s | %s | %s |%n",
          any ? String.join("; ", measured) : "not measured (no target-rate row)", any && met ? "yes" : "no"));
    }
    md.append('\n');
  }

  private void profiles(StringBuilder md) throws IOException {
    record Window(Path file, java.time.Instant from, java.time.Instant to) {}
    final List<Window> files = new ArrayList<>();
    for (ProcessorBench.Result r : processor) {
      if (r.scenario().name().equals("near-e100") || r.scenario().name().equals("eth-d4")) {
        files.add(new Window(r.jfr(), r.windowStart(), r.windowEnd()));
      }
    }
    for (FanoutBench.Result r : gateway) {
      if (r.jfr() != null) {
        files.add(new Window(r.jfr(), r.windowStart(), r.windowEnd()));
      }
    }
    if (files.isEmpty()) {
      return;
    }
    md.append("## Profiles (JFR, `settings=profile`): top frames\n\nSamples of the measured window only (the"
        + " processor's drain, the gateway's measurement), not the JVM's start-up.\n\n");
    for (Window window : files) {
      final Path file = window.file();
      final JfrSummary summary = JfrSummary.read(file, 12, window.from(), window.to());
      md.append(String.format(Locale.ROOT, "### %s (%d CPU samples; %d GC pauses, %d ms in pauses)%n%n",
          file.getParent().getFileName() + "/" + file.getFileName(), summary.samples(), summary.gcPauses(),
          summary.gcPauseTotal().toMillis()));
      md.append("| self: sampled method | % | first Blockwire frame on the stack | % |\n|---|---:|---|---:|\n");
      for (int i = 0; i < Math.max(summary.self().size(), summary.blockwire().size()); i++) {
        final JfrSummary.Share a = i < summary.self().size() ? summary.self().get(i) : null;
        final JfrSummary.Share b = i < summary.blockwire().size() ? summary.blockwire().get(i) : null;
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", a == null ? "" : "`" + a.frame() + "`",
            a == null ? "" : String.format(Locale.ROOT, "%.1f", a.percent()), b == null ? "" : "`" + b.frame() + "`",
            b == null ? "" : String.format(Locale.ROOT, "%.1f", b.percent())));
      }
      md.append('\n');
    }
  }

  /** Replaces the generated part of {@code file} (between the markers), or appends it. */
  void update(Path file, String markdown) throws IOException {
    final String text = Files.exists(file) ? Files.readString(file) : "";
    final String block = BEGIN + "\n\n" + markdown.strip() + "\n\n" + END;
    final int from = text.indexOf(BEGIN);
    final int to = text.indexOf(END);
    final String updated = from >= 0 && to > from
        ? text.substring(0, from) + block + text.substring(to + END.length())
        : text + "\n" + block + "\n";
    Files.writeString(file, updated);
  }

  private static void row(StringBuilder md, String name, String value) {
    md.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  static String ops(double value) {
    if (value >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", value / 1e6);
    }
    if (value >= 1e4) {
      return String.format(Locale.ROOT, "%.0fk", value / 1e3);
    }
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return String.format(Locale.ROOT, "%.1f", value);
  }

}
