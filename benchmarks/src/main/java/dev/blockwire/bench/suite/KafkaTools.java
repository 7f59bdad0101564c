package dev.blockwire.bench.suite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Kafka's own performance tools (kafka-tools {@code ProducerPerformance} and
 * {@code ConsumerPerformance}), each in a child JVM against the suite's broker: the limit the
 * processor is compared with.
 */
final class KafkaTools {

  /** What one tool run measured. */
  record Rate(double recordsPerSecond, double megabytesPerSecond) {}

  /**
   * Reads {@code records} records of {@code topic} from the beginning with a plain consumer.
   * Uses the fetch rates (time spent fetching, rebalance excluded).
   */
  static Rate consume(String bootstrap, String topic, long records, Path logDir) throws Exception {
    try (ChildJvm tool = ChildJvm.start("consumer-perf-" + topic, ConsumerPerformance.class,
        List.of("-Xmx1g"), List.of("--bootstrap-server", bootstrap, "--topic", topic, "--num-records",
            Long.toString(records), "--timeout", "60000", "--hide-header", "--group", "bench-limit-" + System.nanoTime(),
            "--command-property", "max.partition.fetch.bytes=16777216", "fetch.max.bytes=67108864"),
        logDir.resolve("consumer-perf-" + topic + ".log"))) {
      // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
      final String line = tool.awaitLine("20", Duration.ofSeconds(120));
      final String[] fields = line.split(",\\s*");
      tool.waitFor(Duration.ofSeconds(10));
      return new Rate(Double.parseDouble(fields[9]), Double.parseDouble(fields[8]));
    }
  }

  /**
   * Writes {@code records} records of {@code recordBytes} bytes each to {@code topic} as fast as
   * the producer can (acks=all, idempotent: the client defaults).
   */
  static Rate produce(String bootstrap, String topic, long records, int recordBytes, Path logDir) throws Exception {
    try (ChildJvm tool = ChildJvm.start("producer-perf-" + topic, ProducerPerformance.class,
        List.of("-Xmx1g"), List.of("--bootstrap-server", bootstrap, "--topic", topic, "--num-records",
            Long.toString(records), "--record-size", Integer.toString(Math.max(1, recordBytes)), "--throughput", "-1",
            "--command-property", "max.request.size=16777216", "batch.size=262144", "linger.ms=5"),
        logDir.resolve("producer-perf-" + topic + ".log"))) {
      // "N records sent, X records/sec (Y MB/sec), ... 50th, ..." is the final summary
      String line;
      do {
        line = tool.awaitLine(Long.toString(records) + " records sent", Duration.ofSeconds(180));
      } while (!line.contains("50th"));
      tool.waitFor(Duration.ofSeconds(10));
      final double perSecond = Double.parseDouble(line.substring(line.indexOf(',') + 1, line.indexOf("records/sec")).strip());
      final double mb = Double.parseDouble(line.substring(line.indexOf('(') + 1, line.indexOf("MB/sec")).strip());
      return new Rate(perSecond, mb);
    }
  }

  private KafkaTools() {}
}
