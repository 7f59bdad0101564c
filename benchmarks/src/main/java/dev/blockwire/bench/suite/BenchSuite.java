package dev.blockwire.bench.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole benchmark suite in one command: JMH micro-benchmarks, the processor end to end against
 * Kafka's own tools, and the gateway fan-out against a bare Tyrus/Grizzly broadcast; then the
 * tables, the curves as PNG and the profile summaries. Benchmarks report; they never fail a build.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.blockwire.bench.suite.BenchSuite [options]</pre>
 * Options: {@code --only jmh,processor,gateway}, {@code --scale 1.0} (sizes of the runs),
 * {@code --out DIR} (default {@code benchmarks/results}), {@code --update FILE} (replace the
 * generated part of BENCHMARKS.md), {@code --connections 1000,10000}, {@code --client netty|tyrus} (the load
 * harness's transport; {@code tyrus} is the previous one, kept to compare their CPU).
 */
public final class BenchSuite {

  public static void main(String[] args) throws Exception {
    Set<String> only = new LinkedHashSet<>(List.of("jmh", "processor", "gateway"));
    double scale = 1.0;
    Path out = Path.of("benchmarks", "results");
    Path update = null;
    List<Integer> connections = null;
    String client = "netty";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--only" -> only = new LinkedHashSet<>(List.of(args[++i].split(",")));
        case "--scale" -> scale = Double.parseDouble(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--update" -> update = Path.of(args[++i]);
        case "--client" -> client = args[++i];
        case "--connections" -> {
          connections = new ArrayList<>();
          for (String n : args[++i].split(",")) {
            connections.add(Integer.parseInt(n));
          }
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    final Instant start = Instant.now();
    Files.createDirectories(out);
    final Path work = Files.createTempDirectory("blockwire-bench");
    final Report report = new Report(Machine.describe(), start);
    System.out.println(report.machine());
    if (only.contains("jmh")) {
      report.jmh(JmhBench.run(out, scale));
    }
    if (only.contains("processor")) {
      final ProcessorBench bench = new ProcessorBench(work, 100);
      final List<ProcessorBench.Result> results = new ArrayList<>();
      for (ProcessorBench.Scenario scenario : ProcessorBench.scenarios(scale)) {
        results.add(bench.run(scenario));
      }
      report.processor(results);
    }
    if (only.contains("gateway")) {
      report.gateway(new FanoutBench(work, scale, client).run(connections == null ? FanoutBench.DEFAULT_SIZES : connections));
    }
    report.finish(Duration.between(start, Instant.now()));
    if (update != null) {
      report.plotsTo(update.toAbsolutePath().getParent());
    }
    final String markdown = report.markdown(out);
    Files.writeString(out.resolve("results.md"), markdown);
    System.out.println();
    System.out.println(markdown);
    if (update != null) {
      report.update(update, markdown);
      System.out.println("updated " + update);
    }
  }

  private BenchSuite() {}
}
