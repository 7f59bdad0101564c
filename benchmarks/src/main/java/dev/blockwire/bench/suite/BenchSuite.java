package dev.blockwire.bench.suite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The whole benchmark suite in one command: JMH micro-benchmarks, the processor end to end against
 * Kafka's own tools, and the gateway fan-out against a bare Tyrus/Grizzly broadcast; then the
 * tables, the curves as PNG and the profile summaries. Benchmarks report; they never fail a build.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.blockwire.bench.suite.BenchSuite [options]</pre>
 * ({@code --help} lists the options).
 */
@Command(name = "blockwire bench", sortOptions = false,
    description = "Runs the benchmark suite and prints its tables (./blockwire bench also rewrites the generated"
        + " part of BENCHMARKS.md and the curves beside it).")
public final class BenchSuite implements Callable<Integer> {

  private static final Set<String> PARTS = Set.of("jmh", "processor", "gateway");

  @Option(names = "--only", split = ",", paramLabel = "PART",
      description = "parts to run, of jmh, processor, gateway (default: all)")
  private Set<String> only = new LinkedHashSet<>(List.of("jmh", "processor", "gateway"));

  @Option(names = "--scale", description = "sizes of the runs, relative to the default (default: ${DEFAULT-VALUE})")
  private double scale = 1.0;

  @Option(names = "--out", description = "results directory (default: ${DEFAULT-VALUE})")
  private Path out = Path.of("benchmarks", "results");

  @Option(names = "--update", paramLabel = "FILE", description = "replace the generated part of this file (BENCHMARKS.md)")
  private Path update;

  @Option(names = "--connections", split = ",", paramLabel = "N",
      description = "gateway fan-out sizes (default: 1000,3000,10000)")
  private List<Integer> connections;

  @Option(names = "--client", description = "the load harness's transport: netty, or tyrus (the previous one, kept"
      + " to compare their CPU) (default: ${DEFAULT-VALUE})")
  private String client = "netty";

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchSuite()).execute(args));
  }

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  private boolean help;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!PARTS.containsAll(only)) {
      throw new ParameterException(spec.commandLine(), "--only takes parts of " + PARTS + ": " + only);
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
    return 0;
  }

  private BenchSuite() {}
}
