package dev.blockwire.app;

import dev.blockwire.config.Config;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import picocli.CommandLine.Option;

/** Options of a fixture source command, applied to that chain's settings. */
final class FixtureOptions {

  @Option(names = "--blocks-per-second", description = "Pace (default: 1; 0 = as fast as possible).")
  Double blocksPerSecond;

  @Option(names = "--file", description = "JSON Lines fixture (default: the built-in one).")
  String file;

  @Option(names = "--once", description = "Stop after one pass instead of looping.")
  boolean once;

  /** {@code config} with these options set on {@code settings}. */
  Config apply(Config config, FixtureSourceConfig.Settings settings) {
    Config applied = SourceRun.option(config, settings.blocksPerSecond(), blocksPerSecond);
    applied = SourceRun.option(applied, settings.path(), file);
    if (once) {
      applied = applied.with(settings.loop().name(), "false");
    }
    return applied;
  }
}
