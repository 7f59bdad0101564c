package dev.blockwire.app;

import java.time.Duration;
import java.util.Objects;

import dev.blockwire.config.Config;
import dev.blockwire.config.Setting;
import dev.blockwire.ingest.source.BlockSource;

/** What the {@code ingest} commands share: options over settings, and running a source until it stops. */
final class SourceRun {

  private SourceRun() {
  }

  /** {@code config} with {@code setting} set to a given command-line option; unchanged when it was not given. */
  static Config option(Config config, Setting<?> setting, Object value) {
    return value == null ? config : config.with(setting.name(), value.toString());
  }

  /**
   * Starts {@code created}, prints {@code started}, and waits until the source stops: at the end of its
   * work, on a failure, or when Ctrl-C closes it. Then it is closed.
   *
   * @return the source, stopped, for its counts and failure
   */
  static <S extends BlockSource> S untilStopped(S created, String started) throws InterruptedException {
    final Shutdown shutdown = new Shutdown();
    final S source = shutdown.register(Objects.requireNonNull(created, "created"));
    source.start();
    System.out.println(started);
    while (source.isRunning()) {
      source.awaitStopped(Duration.ofSeconds(1));
    }
    shutdown.closeNow();
    return source;
  }

  /** Exit code 1 if {@code source} stopped on an error of the {@code fatal} type (reports while retrying are not), else 0. */
  static int exitCode(BlockSource source, Class<? extends Throwable> fatal) {
    return source.failure().filter(fatal::isInstance).isPresent() ? 1 : 0;
  }
}
