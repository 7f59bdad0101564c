package dev.blockwire.bench.suite;

import java.util.concurrent.locks.LockSupport;

import dev.blockwire.gateway.BareBroadcastServer;

/**
 * Child JVM: the bare broadcast server. Args: worker threads, message bytes. Prints {@code READY <port>}.
 * Command {@code rate <broadcasts per second>} starts broadcasting (0 stops); every message carries
 * its send time ({@code "t":<epoch microseconds>}) and is padded to the given size.
 */
public final class BareMain {

  public static void main(String[] args) throws Exception {
    final int workers = Integer.parseInt(args[0]);
    final int bytes = Integer.parseInt(args[1]);
    try (BareBroadcastServer server = new BareBroadcastServer("127.0.0.1", workers)) {
      final double[] rate = {0};
      final Thread broadcaster = new Thread(() -> {
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
          if (rate[0] <= 0) {
            LockSupport.parkNanos(10_000_000L);
            next = System.nanoTime();
            continue;
          }
          final long period = (long) (1e9 / rate[0]);
          final long wait = next - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          next = Math.max(next + period, System.nanoTime() - 50_000_000L);
          server.broadcast(message(bytes));
        }
      }, "bare-broadcaster");
      broadcaster.setDaemon(true);
      broadcaster.start();
      System.out.println("READY " + server.port());
      Commands.serve(command -> {
        if (command.startsWith("rate ")) {
          rate[0] = Double.parseDouble(command.substring(5));
          System.out.println("OK rate " + rate[0]);
        } else if (command.equals("stats")) {
          System.out.println("STATS " + server.subscribers() + " " + server.sent() + " " + server.skipped());
        } else {
          System.out.println("unknown command " + command);
        }
      });
      broadcaster.interrupt();
    }
    System.exit(0);
  }

  private static String message(int bytes) {
    final java.time.Instant now = java.time.Instant.now();
    final long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    final StringBuilder out = new StringBuilder(bytes + 32).append("{\"t\":").append(micros).append(",\"pad\":\"");
    while (out.length() < bytes - 2) {
      out.append('x');
    }
    return out.append("\"}").toString();
  }

  private BareMain() {}
}
