package dev.blockwire.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CPU went over a measurement window, from {@code /proc}: each named process's CPU time
 * ({@code utime + stime} of {@code /proc/<pid>/stat}) and the whole machine's ({@code /proc/stat}),
 * so a table can say how much of the two cores each JVM took, how idle the machine stayed and how
 * much went to processes outside the benchmark (other builds on a shared machine). Linux only;
 * elsewhere the values are NaN.
 */
final class CpuWindow {

  /** Clock ticks per second of {@code /proc} times (USER_HZ; 100 on Linux). */
  private static final double TICKS = 100.0;

  /** Per process CPU ticks, and the machine's total and idle ticks, at one moment. */
  record Snapshot(Map<String, Long> processTicks, long machineTotal, long machineIdle, long nanos) {}

  /**
   * What a window cost.
   *
   * @param cpuSeconds per named process, CPU seconds in the window
   * @param idleShare the machine's idle (and I/O wait) share of all its cores' time in the window
   * @param othersCores cores busy with processes not named here (busy time minus the named processes')
   * @param seconds wall-clock length of the window
   */
  record Usage(Map<String, Double> cpuSeconds, double idleShare, double othersCores, double seconds) {

    /** CPU microseconds of {@code name} per {@code count} (e.g. notifications), NaN if unknown. */
    double microsPer(String name, long count) {
      final Double seconds = cpuSeconds.get(name);
      return seconds == null || count <= 0 ? Double.NaN : seconds * 1e6 / count;
    }

    /** Cores {@code name} kept busy on average. */
    double cores(String name) {
      final Double cpu = cpuSeconds.get(name);
      return cpu == null ? Double.NaN : cpu / seconds;
    }
  }

  static Snapshot take(Map<String, Long> pids) {
    final Map<String, Long> ticks = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : pids.entrySet()) {
      ticks.put(e.getKey(), processTicks(e.getValue()));
    }
    long total = -1;
    long idle = -1;
    try {
      final String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      total = 0;
      for (int i = 1; i <= 8 && i < cpu.length; i++) { // user nice system idle iowait irq softirq steal
        total += Long.parseLong(cpu[i]);
      }
      idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
    } catch (IOException | RuntimeException e) {
      // not Linux: unknown
    }
    return new Snapshot(ticks, total, idle, System.nanoTime());
  }

  static Usage between(Snapshot start, Snapshot end) {
    final Map<String, Double> seconds = new LinkedHashMap<>();
    double ours = 0;
    for (Map.Entry<String, Long> e : end.processTicks().entrySet()) {
      final Long before = start.processTicks().get(e.getKey());
      if (before != null && before >= 0 && e.getValue() >= 0) {
        final double s = (e.getValue() - before) / TICKS;
        seconds.put(e.getKey(), s);
        ours += s;
      }
    }
    final double wall = (end.nanos() - start.nanos()) / 1e9;
    final long total = end.machineTotal() - start.machineTotal();
    final double idleShare = start.machineTotal() < 0 || total <= 0 ? Double.NaN
        : (double) (end.machineIdle() - start.machineIdle()) / total;
    final double busySeconds = start.machineTotal() < 0 || total <= 0 ? Double.NaN
        : (total - (end.machineIdle() - start.machineIdle())) / TICKS;
    return new Usage(seconds, idleShare, (busySeconds - ours) / wall, wall);
  }

  /** utime + stime of a process in clock ticks, or -1 if it cannot be read. */
  private static long processTicks(long pid) {
    try {
      final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private CpuWindow() {}
}
