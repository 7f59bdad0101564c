package dev.blockwire.bench.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the suite ran on: CPU, cores, memory, OS, Java, load, commit. */
record Machine(String cpu, int cores, long memoryBytes, String os, String java, String loadAtStart, String commit,
    String openFilesLimit) {

  static Machine describe() {
    return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(), memory(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), loadAverage(),
        command("git", "rev-parse", "--short", "HEAD"), command("sh", "-c", "ulimit -n"));
  }

  /** {@code /proc/loadavg}'s three averages, or "unknown". */
  static String loadAverage() {
    try {
      final String[] fields = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return System.getProperty("os.arch");
  }

  private static long memory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return -1;
  }

  private static String command(String... command) {
    try {
      final Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return process.waitFor() == 0 ? out : "unknown";
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }
}
