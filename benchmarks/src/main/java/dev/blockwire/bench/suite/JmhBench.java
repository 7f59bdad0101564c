package dev.blockwire.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs every JMH benchmark of this module (one fork; short iterations that fit the suite's budget). */
final class JmhBench {

  /** One benchmark result: {@code Class.method}, its parameter (or ""), ops/s and the 99.9% error. */
  record Row(String benchmark, String param, double score, double error) {}

  static List<Row> run(Path out, double scale) throws Exception {
    final int seconds = scale >= 1 ? 1 : 1;
    final Options options = new OptionsBuilder()
        .include("dev\\.blockwire\\..*Benchmark.*")
        .warmupIterations(scale >= 1 ? 3 : 1).warmupTime(TimeValue.seconds(seconds))
        .measurementIterations(scale >= 1 ? 4 : 2).measurementTime(TimeValue.seconds(seconds))
        .forks(1)
        .resultFormat(ResultFormatType.JSON).result(out.resolve("jmh.json").toString())
        .build();
    final Collection<RunResult> results = new Runner(options).run();
    final List<Row> rows = new ArrayList<>();
    for (RunResult result : results) {
      final String full = result.getParams().getBenchmark();
      final String[] parts = full.split("\\.");
      final String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
      final String param = result.getParams().getParamsKeys().isEmpty() ? ""
          : String.join(",", result.getParams().getParamsKeys().stream().map(result.getParams()::getParam).toList());
      rows.add(new Row(name, param, result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()));
    }
    rows.sort((a, b) -> (a.benchmark() + a.param()).compareTo(b.benchmark() + b.param()));
    return rows;
  }

  private JmhBench() {}
}
