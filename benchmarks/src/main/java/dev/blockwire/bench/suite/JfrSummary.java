package dev.blockwire.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The top frames of a JFR recording's CPU samples ({@code jdk.ExecutionSample}): by the sampled
 * method itself (self) and by the first Blockwire frame on the stack (where our code spends, or
 * causes, the time), plus the GC pause total.
 */
record JfrSummary(Path file, long samples, List<Share> self, List<Share> blockwire, long gcPauses,
    Duration gcPauseTotal) {

  /** A frame and its share of the samples. */
  record Share(String frame, long samples, double percent) {}

  /** Reads the samples taken between {@code from} and {@code to} (the measured window; null = all). */
  static JfrSummary read(Path file, int top, Instant from, Instant to) throws IOException {
    final Map<String, Long> self = new HashMap<>();
    final Map<String, Long> ours = new HashMap<>();
    long samples = 0;
    long gcPauses = 0;
    Duration gcTotal = Duration.ZERO;
    if (!Files.exists(file)) {
      return new JfrSummary(file, 0, List.of(), List.of(), 0, Duration.ZERO);
    }
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        final RecordedEvent event = recording.readEvent();
        if (from != null && (event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to))) {
          continue;
        }
        final String type = event.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
          final RecordedStackTrace stack = event.getStackTrace();
          if (stack == null || stack.getFrames().isEmpty()) {
            continue;
          }
          samples++;
          self.merge(name(stack.getFrames().get(0)), 1L, Long::sum);
          String first = "(no Blockwire frame)";
          for (RecordedFrame frame : stack.getFrames()) {
            if (frame.getMethod().getType().getName().startsWith("dev.blockwire.")) {
              first = name(frame);
              break;
            }
          }
          ours.merge(first, 1L, Long::sum);
        } else if (type.equals("jdk.GarbageCollection")) {
          gcPauses++;
          gcTotal = gcTotal.plus(event.getDuration("sumOfPauses"));
        }
      }
    }
    return new JfrSummary(file, samples, top(self, samples, top), top(ours, samples, top), gcPauses, gcTotal);
  }

  private static String name(RecordedFrame frame) {
    final String type = frame.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
  }

  private static List<Share> top(Map<String, Long> counts, long total, int top) {
    final List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
    final List<Share> shares = new ArrayList<>();
    for (Map.Entry<String, Long> entry : entries.subList(0, Math.min(top, entries.size()))) {
      shares.add(new Share(entry.getKey(), entry.getValue(), 100.0 * entry.getValue() / Math.max(1, total)));
    }
    return shares;
  }
}
