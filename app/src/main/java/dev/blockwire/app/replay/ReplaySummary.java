package dev.blockwire.app.replay;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a replay did, printed at its end.
 *
 * @param chains the chains replayed
 * @param fromHeight first height of the range
 * @param toHeight last height asked for ({@link Long#MAX_VALUE}: up to the raw topics' end)
 * @param seedBlocks the seed depth
 * @param inputs per raw topic read, in order
 * @param outputs records written per output topic (dead letters included), in order
 * @param deadLetterTopic the replay's dead-letter topic
 * @param reorgs Ethereum chain updates that dropped blocks
 * @param droppedBlocks blocks those updates dropped
 * @param removedLogs Ethereum logs written with {@code removed: true}
 * @param elapsedMs wall time of the whole replay
 * @param inputsDeleted true when the copies of the raw range were deleted at the end
 */
public record ReplaySummary(List<ReplayChain> chains, long fromHeight, long toHeight, int seedBlocks,
    List<Input> inputs, Map<String, Long> outputs, String deadLetterTopic, long reorgs, long droppedBlocks,
    long removedLogs, long elapsedMs, boolean inputsDeleted) {

  /**
   * One raw topic's part in the replay.
   *
   * @param topic the raw topic read
   * @param copy the topic the range was copied to (the replay processor's input)
   * @param blocks true for a block topic
   * @param rangeRecords records at heights in the range
   * @param seedRecords records of the seed (before the range; their outputs are dropped)
   * @param contextRecords records of the range's span outside its heights (reorg branches, late seals)
   * @param undecodable records skipped because their height did not decode
   * @param lastHeight the highest height read, -1 if none
   */
  public record Input(String topic, String copy, boolean blocks, long rangeRecords, long seedRecords,
      long contextRecords, long undecodable, long lastHeight) {}

  /** Blocks of the range read from the block topics. */
  public long blocksRead() {
    return inputs.stream().filter(Input::blocks).mapToLong(Input::rangeRecords).sum();
  }

  /** Dead letters written. */
  public long deadLetters() {
    return outputs.getOrDefault(deadLetterTopic, 0L);
  }

  /** The summary as printed: one fact per line, names aligned. */
  public String render() {
    final StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Replayed %s, heights %d to %s (seed: %d blocks before %d).%n",
        chains.stream().map(ReplayChain::cliName).collect(Collectors.joining(", ")), fromHeight,
        toHeight == Long.MAX_VALUE ? "the end" : Long.toString(toHeight), seedBlocks, fromHeight));
    out.append(String.format(Locale.ROOT, "  blocks read:      %d%n", blocksRead()));
    for (Input input : inputs) {
      out.append(String.format(Locale.ROOT, "    %-22s %d in range, %d seed, %d interleaved%s, last height %s -> copy %s%n",
          input.topic(), input.rangeRecords(), input.seedRecords(), input.contextRecords(),
          input.undecodable() == 0 ? "" : ", " + input.undecodable() + " undecodable skipped",
          input.lastHeight() < 0 ? "-" : Long.toString(input.lastHeight()), input.copy()));
    }
    out.append("  records written:\n");
    final int width = outputs.keySet().stream().mapToInt(String::length).max().orElse(10);
    outputs.forEach((topic, count) -> out.append(String.format(Locale.ROOT, "    %-" + width + "s %d%n", topic, count)));
    out.append(String.format(Locale.ROOT, "  dead letters:     %d%n", deadLetters()));
    out.append(String.format(Locale.ROOT, "  reorg removals:   %d reorgs, %d blocks dropped, %d logs removed%n", reorgs,
        droppedBlocks, removedLogs));
    out.append(String.format(Locale.ROOT, "  elapsed:          %.1f s%n", elapsedMs / 1000.0));
    out.append("  output topics:    ").append(String.join(", ", outputs.keySet())).append('\n');
    out.append("  input copies:     ").append(inputs.stream().map(Input::copy).collect(Collectors.joining(", ")))
        .append(inputsDeleted ? " (deleted)" : " (kept: dead letters point into them)").append('\n');
    return out.toString();
  }
}
