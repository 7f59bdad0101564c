package dev.blockwire.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.blockwire.app.replay.Progress;
import dev.blockwire.app.replay.Replay;
import dev.blockwire.app.replay.ReplayChain;
import dev.blockwire.app.replay.ReplayRefusedException;
import dev.blockwire.app.replay.ReplayRequest;
import dev.blockwire.app.replay.ReplaySummary;
import dev.blockwire.processor.ProcessorConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code blockwire replay}: re-runs a height range of the raw topics through the processor into
 * fresh output topics (see {@link Replay}). Exit codes: 0 done, 1 failed, 2 bad options, 3 refused
 * (an output topic holds records and {@code --force} was not given).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Re-run a height range of the raw topics through the processor into fresh output topics"
        + " (<topic><suffix>), e.g. after a processor fix; the live processor and its topics are untouched.",
        "Exit codes: 0 done, 1 failed, 2 bad options, 3 refused (output topics hold records; see --force)."})
final class ReplayCommand implements Callable<Integer> {

  static final int REFUSED = 3;

  @Mixin
  KafkaOptions kafka;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"--chain", "--network"}, required = true, paramLabel = "near|eth|flow|all",
      description = "Chain whose raw topics are replayed.")
  String chain;

  @Option(names = "--from-height", required = true, paramLabel = "N", description = "First block height of the range.")
  long fromHeight;

  @Option(names = "--to-height", paramLabel = "M",
      description = "Last block height of the range, inclusive (default: up to the raw topics' current end).")
  Long toHeight;

  @Option(names = "--output-suffix", paramLabel = "SUFFIX",
      description = "Appended to every output topic name, e.g. .replay-1 (near.events.replay-1).")
  String outputSuffix;

  @Option(names = "--output-prefix", paramLabel = "PREFIX",
      description = "Put before every output topic name, e.g. replay-1. (replay-1.near.events).")
  String outputPrefix;

  @Option(names = "--seed-blocks", paramLabel = "N",
      description = "Blocks below --from-height run first to rebuild the chain state (Ethereum reorg ancestry,"
          + " Flow's last sealed block); their outputs are dropped (default: processor.eth.window-depth).")
  Integer seedBlocks;

  @Option(names = "--force", description = "Write into output topics that hold records: they are emptied first.")
  boolean force;

  @Option(names = "--delete-input", description = "Delete the copies of the raw range at the end (dead letters"
      + " point into them; kept by default).")
  boolean deleteInput;

  @Option(names = "--stall-timeout-s", defaultValue = "120", paramLabel = "S",
      description = "Fail when the replay makes no progress for this long (default: ${DEFAULT-VALUE}).")
  long stallTimeoutSeconds;

  @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|bar|lines|none",
      description = "Progress on stderr: a bar redrawn in place (on a terminal), plain lines, or none"
          + " (default: ${DEFAULT-VALUE}).")
  String progress;

  @Override
  public Integer call() throws Exception {
    final PrintWriter out = spec.commandLine().getOut();
    final PrintWriter err = spec.commandLine().getErr();
    final ProcessorConfig config = ProcessorConfig.from(kafka.config());
    final ReplayRequest request;
    try {
      request = new ReplayRequest(chains(chain), fromHeight, toHeight == null ? Long.MAX_VALUE : toHeight,
          seedBlocks == null ? config.ethWindowDepth() : seedBlocks, outputPrefix, outputSuffix, force, deleteInput,
          Duration.ofSeconds(stallTimeoutSeconds));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      final ReplaySummary summary = new Replay(config, request, progress(err)).run();
      out.print(summary.render());
      out.flush();
      return 0;
    } catch (ReplayRefusedException e) {
      err.println(e.getMessage());
      err.flush();
      return REFUSED;
    } catch (IllegalStateException e) {
      err.println("replay failed: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private Set<ReplayChain> chains(String name) {
    if (name.equalsIgnoreCase("all")) {
      return EnumSet.allOf(ReplayChain.class);
    }
    try {
      return EnumSet.of(ReplayChain.of(name));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--chain must be near, eth, flow or all: " + name);
    }
  }

  private Progress progress(PrintWriter err) {
    return switch (progress) {
      case "none" -> Progress.none();
      case "bar" -> new Progress(err, true, System::currentTimeMillis);
      case "lines" -> new Progress(err, false, System::currentTimeMillis);
      case "auto" -> new Progress(err, System.console() != null, System::currentTimeMillis);
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--progress must be auto, bar, lines or none: " + progress);
    };
  }
}
