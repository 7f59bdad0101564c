package dev.blockwire.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void shouldRenderTheBarWithCountsRateAndEta() {
    assertThat(Progress.render("processing", 250, 1000, "blocks", 5_000))
        .isEqualTo("processing [########----------------------] 250/1000 blocks  50/s  ETA 15s");
    assertThat(Progress.render("processing", 1000, 1000, "blocks", 4_000))
        .isEqualTo("processing [##############################] 1000/1000 blocks  250/s  done");
    assertThat(Progress.render("seeding", 0, 0, "blocks", 0)).endsWith("0/0 blocks  0/s  done");
    assertThat(Progress.duration(185_000)).isEqualTo("3m05s");
    assertThat(Progress.duration(3_720_000)).isEqualTo("1h02m");
  }

  @Test
  void shouldRedrawOneLineOnATerminalAndPrintThrottledLinesOtherwise() {
    final AtomicLong clock = new AtomicLong();
    final StringWriter bar = new StringWriter();
    final Progress terminal = new Progress(new PrintWriter(bar), true, clock::get);
    terminal.phase("reading");
    terminal.update(1, 4, "offsets");
    clock.addAndGet(1_000);
    terminal.update(2, 4, "offsets");
    terminal.update(4, 4, "offsets");
    terminal.finishLine();
    assertThat(bar.toString()).startsWith("\rreading ").contains("\rreading    [###############---------------] 2/4")
        .endsWith("4/4 offsets  4/s  done\n").doesNotContain("\n\r");

    final StringWriter lines = new StringWriter();
    final Progress plain = new Progress(new PrintWriter(lines), false, clock::get);
    plain.phase("processing");
    plain.update(1, 10, "blocks");
    clock.addAndGet(1_000);
    plain.update(5, 10, "blocks"); // within the line interval: not printed
    clock.addAndGet(Progress.LINE_INTERVAL_MS);
    plain.update(6, 10, "blocks");
    plain.update(10, 10, "blocks");
    assertThat(lines.toString().lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("processing "))
        .noneMatch(line -> line.contains("\r"));
  }
}
