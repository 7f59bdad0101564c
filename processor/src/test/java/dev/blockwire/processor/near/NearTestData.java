package dev.blockwire.processor.near;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearExecutionStatus;
import dev.blockwire.schemas.near.NearReceiptOutcome;

/** Test inputs: the real mainnet log lines of spec §6 and small block builders. */
final class NearTestData {

  static final String NETWORK = "near-mainnet";
  static final String EPOCH = "epoch-7";
  /** Block 124766310, the F3 block: 1722521008924147927 ns. */
  static final long F3_TIMESTAMP_NANOS = 1_722_521_008_924_147_927L;

  private static final Map<String, String> FIXTURES = load();

  static String fixture(String name) {
    final String line = FIXTURES.get(name);
    if (line == null) {
      throw new IllegalArgumentException("no fixture " + name + " in " + FIXTURES.keySet());
    }
    return line;
  }

  /** The JSON part of a fixture line (what follows EVENT_JSON:). */
  static String fixtureJson(String name) {
    return fixture(name).substring(Nep297Parser.PREFIX.length());
  }

  static Map<String, String> fixtures() {
    return FIXTURES;
  }

  static NearReceiptOutcome outcome(String receiptId, String receiverId, String predecessorId,
      NearExecutionStatus status, String... logs) {
    return NearReceiptOutcome.newBuilder()
        .setReceiptId(receiptId)
        .setPredecessorId(predecessorId)
        .setReceiverId(receiverId)
        .setShardId(0)
        .setStatus(status)
        .setLogs(List.of(logs))
        .build();
  }

  static NearReceiptOutcome outcome(String receiptId, String receiverId, String... logs) {
    return outcome(receiptId, receiverId, "alice.near", NearExecutionStatus.SUCCESS, logs);
  }

  /** Block {@code height} of {@link #NETWORK}: hash {@code hash-<height>}, parent {@code hash-<height-1>}. */
  static NearBlock block(long height, NearReceiptOutcome... outcomes) {
    return block(NETWORK, height, "hash-" + (height - 1), outcomes);
  }

  static NearBlock block(String network, long height, String prevHash, NearReceiptOutcome... outcomes) {
    return NearBlock.newBuilder()
        .setNetwork(network)
        .setHeight(height)
        .setHash("hash-" + height)
        .setPrevHash(prevHash)
        .setTimestampNanos(timestampNanos(height))
        .setEpochId(EPOCH)
        .setOutcomes(List.of(outcomes))
        .build();
  }

  /** One second per height after the F3 block's time, keeping its sub-millisecond part. */
  static long timestampNanos(long height) {
    return F3_TIMESTAMP_NANOS + (height - 124_766_310L) * 1_000_000_000L;
  }

  static long timestampMs(long height) {
    return timestampNanos(height) / 1_000_000L;
  }

  /** A valid event line of exactly {@code bytes} bytes of UTF-8, padded with 2-byte 'é' in "data". */
  static String eventLineOfBytes(int bytes) {
    final String head = "EVENT_JSON:{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\",\"data\":\"";
    final String tail = "\"}";
    final int padding = bytes - head.length() - tail.length();
    final StringBuilder line = new StringBuilder(head);
    line.append("é".repeat(padding / 2));
    if (padding % 2 == 1) {
      line.append('x');
    }
    final String result = line.append(tail).toString();
    if (result.getBytes(StandardCharsets.UTF_8).length != bytes) {
      throw new AssertionError("built a line of the wrong size");
    }
    return result;
  }

  private static Map<String, String> load() {
    final Map<String, String> lines = new LinkedHashMap<>();
    try (InputStream in = NearTestData.class.getResourceAsStream("/near/mainnet-logs.tsv");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String row;
      while ((row = reader.readLine()) != null) {
        if (row.isEmpty() || row.startsWith("#")) {
          continue;
        }
        final int tab = row.indexOf('\t');
        lines.put(row.substring(0, tab), row.substring(tab + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return java.util.Collections.unmodifiableMap(lines);
  }

  private NearTestData() {}
}
