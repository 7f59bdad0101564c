package dev.blockwire.bench.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import com.sun.management.OperatingSystemMXBean;

/**
 * The control loop of a child JVM: reads commands from standard input until {@code stop} or end of
 * input. {@code heap} answers {@code HEAP <used bytes after a full GC>}, {@code cpu} answers
 * {@code CPU <process CPU nanoseconds>}; anything else goes to the child's own handler.
 */
final class Commands {

  static void serve(Consumer<String> other) throws IOException {
    final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      final String command = line.strip();
      if (command.equals("stop")) {
        return;
      } else if (command.equals("heap")) {
        System.out.println("HEAP " + usedHeapAfterGc());
      } else if (command.equals("cpu")) {
        System.out.println("CPU " + processCpuNanos());
      } else if (!command.isEmpty()) {
        other.accept(command);
      }
    }
  }

  /** Heap in use after two full collections: what the live objects take. */
  static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    final MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }

  static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private Commands() {}
}
