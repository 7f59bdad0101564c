package dev.blockwire.app.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.blockwire.processor.TopicNames;

/**
 * What to replay.
 *
 * @param chains the chains whose raw topics are re-run; not empty
 * @param fromHeight first block height of the range, {@code >= 0}
 * @param toHeight last block height of the range (inclusive); {@link Long#MAX_VALUE} = up to the raw topics' end
 * @param seedBlocks blocks below {@code fromHeight} run first to rebuild the processor's chain state
 *     (the Ethereum window, the last finalized and sealed Flow blocks); their outputs are dropped. Also the
 *     bound of the raw topics' disorder (reorg depth, seal lag)
 * @param outputPrefix put before every output (and input copy) topic name; may be empty
 * @param outputSuffix put after every output (and input copy) topic name; may be empty, not both
 * @param force write into output topics that already hold records (they are emptied first)
 * @param deleteInput delete the copies of the raw range once the replay is done
 * @param stallTimeout fail when nothing advances for this long
 */
public record ReplayRequest(Set<ReplayChain> chains, long fromHeight, long toHeight, int seedBlocks,
    String outputPrefix, String outputSuffix, boolean force, boolean deleteInput, Duration stallTimeout) {

  private static final Pattern TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]*");

  public ReplayRequest {
    chains = chains.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(chains));
    outputPrefix = outputPrefix == null ? "" : outputPrefix;
    outputSuffix = outputSuffix == null ? "" : outputSuffix;
    final List<String> problems = new ArrayList<>();
    if (chains.isEmpty()) {
      problems.add("no chain to replay");
    }
    if (fromHeight < 0) {
      problems.add("--from-height must be >= 0: " + fromHeight);
    }
    if (toHeight < fromHeight) {
      problems.add("--to-height " + toHeight + " is below --from-height " + fromHeight);
    }
    if (seedBlocks < 0) {
      problems.add("--seed-blocks must be >= 0: " + seedBlocks);
    }
    if (outputPrefix.isEmpty() && outputSuffix.isEmpty()) {
      problems.add("give --output-suffix or --output-prefix: the replay never writes the live topics");
    }
    if (!TOPIC_CHARS.matcher(outputPrefix + outputSuffix).matches()) {
      problems.add("--output-prefix and --output-suffix may hold only letters, digits, '.', '_' and '-'");
    }
    if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
      problems.add("the stall timeout must be positive");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** A topic's replay name: prefix + name + suffix. */
  public String rename(String topic) {
    return outputPrefix + topic + outputSuffix;
  }

  /** The names the replay's topology uses: copies of the raw topics in, fresh outputs out. */
  public TopicNames replayNames() {
    return TopicNames.DEFAULT.withInputs(this::rename).withOutputs(this::rename);
  }

  /** Chains in a stable order. */
  public List<ReplayChain> orderedChains() {
    return List.copyOf(EnumSet.copyOf(chains));
  }
}
