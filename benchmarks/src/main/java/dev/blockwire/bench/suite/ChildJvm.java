package dev.blockwire.bench.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JVM's classpath: its standard output is kept in a log file and offered line
 * by line to {@link #awaitLine}; commands go to its standard input. Parts of the suite run in child
 * JVMs so that each has its own heap, GC and profile, as in a deployment.
 */
final class ChildJvm implements AutoCloseable {

  private final String name;
  private final Process process;
  private final PrintWriter stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread pump;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.pump = new Thread(() -> pump(log), "child-" + name);
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code main} in a new JVM.
   *
   * @param jvmOptions e.g. {@code -Xmx1g}
   * @param log file that receives the child's output (stdout and stderr)
   */
  static ChildJvm start(String name, Class<?> main, List<String> jvmOptions, List<String> args, Path log)
      throws IOException {
    final List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.net.preferIPv4Stack=true");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    Files.createDirectories(log.getParent());
    final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    return new ChildJvm(name, builder.start(), log);
  }

  private void pump(Path log) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
         OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      String line;
      while ((line = reader.readLine()) != null) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("CHILD-IO-ERROR " + e);
    }
  }

  /**
   * The next output line that starts with {@code prefix} (earlier lines are skipped).
   *
   * @throws IllegalStateException if the child exits or the timeout passes first
   */
  String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    final long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      final long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(name + ": no line starting with \"" + prefix + "\" within " + timeout);
      }
      final String line = lines.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
      if (line == null && !process.isAlive() && lines.isEmpty()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before \"" + prefix + "\"");
      }
    }
  }

  /** Sends one command line to the child's standard input. */
  void send(String command) {
    stdin.println(command);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the child to exit on its own. */
  boolean waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Asks the child to stop ({@code stop} on stdin), then ends it if it does not within 20 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      send("stop");
      stdin.close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      }
    }
    pump.join(2000);
  }
}
