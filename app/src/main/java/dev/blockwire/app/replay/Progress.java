package dev.blockwire.app.replay;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The replay's progress on stderr: on a terminal one line redrawn in place with a carriage return
 * ({@code processing [########------------]  4200/10000 blocks  1830/s  ETA 3s}); otherwise plain
 * lines, at most one every {@value #LINE_INTERVAL_MS} ms, so a log file stays readable. {@link #none()}
 * prints nothing.
 */
public final class Progress {

  static final int WIDTH = 30;
  static final long LINE_INTERVAL_MS = 5_000;
  private static final long REDRAW_INTERVAL_MS = 200;

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier clockMs;
  private String phase;
  private long phaseStartMs;
  private long lastPrintMs = Long.MIN_VALUE;
  private boolean lineOpen;

  /**
   * @param out where to print (stderr); null prints nothing
   * @param terminal true to redraw one line, false for plain lines
   */
  public Progress(PrintWriter out, boolean terminal, LongSupplier clockMs) {
    this.out = out;
    this.terminal = terminal;
    this.clockMs = clockMs;
  }

  /** Progress that prints nothing. */
  public static Progress none() {
    return new Progress(null, false, System::currentTimeMillis);
  }

  /** Starts a phase ({@code seeding}, {@code reading}, {@code processing}); ends the previous one's line. */
  void phase(String name) {
    finishLine();
    phase = name;
    phaseStartMs = clockMs.getAsLong();
    lastPrintMs = Long.MIN_VALUE;
  }

  /** Reports {@code done} of {@code total} {@code unit}; prints when due (always when {@code done == total}). */
  void update(long done, long total, String unit) {
    if (out == null) {
      return;
    }
    final long now = clockMs.getAsLong();
    final boolean complete = done >= total;
    if (!complete && lastPrintMs != Long.MIN_VALUE && now - lastPrintMs < (terminal ? REDRAW_INTERVAL_MS : LINE_INTERVAL_MS)) {
      return;
    }
    lastPrintMs = now;
    final String text = render(phase, done, total, unit, now - phaseStartMs);
    if (terminal) {
      out.print("\r" + text);
      lineOpen = true;
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** Ends the open terminal line, if any. */
  void finishLine() {
    if (out != null && lineOpen) {
      out.println();
      out.flush();
    }
    lineOpen = false;
  }

  /** One progress line: phase, bar, done/total, rate, ETA. */
  static String render(String phase, long done, long total, String unit, long elapsedMs) {
    final double fraction = total <= 0 ? 1.0 : Math.min(1.0, (double) done / total);
    final int filled = (int) Math.round(fraction * WIDTH);
    final double rate = elapsedMs <= 0 ? 0 : done * 1000.0 / elapsedMs;
    final String eta = done >= total ? "done" : rate <= 0 ? "ETA --" : "ETA " + duration((long) ((total - done) / rate * 1000));
    return String.format(Locale.ROOT, "%-10s [%s%s] %d/%d %s  %.0f/s  %s", phase, "#".repeat(filled),
        "-".repeat(WIDTH - filled), done, total, unit, rate, eta);
  }

  /** {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
  static String duration(long ms) {
    final long s = Math.max(0, ms) / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }
}
