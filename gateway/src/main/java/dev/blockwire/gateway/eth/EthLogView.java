package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import dev.blockwire.gateway.gojson.GoJson;
import dev.blockwire.schemas.eth.EthLog;

/**
 * A log ready to send: its match keys and its JSON, rendered once (types.Log as geth marshals it)
 * and shared by every subscriber and every eth_getLogs answer.
 *
 * @param address lower-case 20-byte hex
 * @param topics lower-case 32-byte hex, 0 to 4
 * @param json the log object, {@code removed} as given
 * @param unresolved the source log while its block timestamp is unknown (rendered as 0x0), else null
 */
record EthLogView(String address, List<String> topics, long blockNumber, String blockHash, int logIndex,
    String transactionHash, boolean removed, String json, EthLog unresolved) {

  /**
   * Renders a log; {@code fallbackTimestamp} (null if unknown) stands in for a missing
   * {@code block_timestamp}, and 0 when neither is known, as geth writes an unset timestamp.
   */
  static EthLogView of(EthLog log, Long fallbackTimestamp) {
    final String address = lower(log.getAddress());
    final List<String> topics = new ArrayList<>(log.getTopics().size());
    for (CharSequence topic : log.getTopics()) {
      topics.add(lower(topic));
    }
    final Long timestamp = log.getBlockTimestamp() != null ? log.getBlockTimestamp() : fallbackTimestamp;
    final String blockHash = lower(log.getBlockHash());
    final String txHash = lower(log.getTransactionHash());
    final StringBuilder out = new StringBuilder(320 + 70 * topics.size() + log.getData().length());
    out.append("{\"address\":");
    GoJson.appendMarshalled(out, address).append(",\"topics\":[");
    for (int i = 0; i < topics.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      GoJson.appendMarshalled(out, topics.get(i));
    }
    out.append("],\"data\":");
    GoJson.appendMarshalled(out, lower(log.getData()));
    out.append(",\"blockNumber\":\"").append(EthJson.quantity(log.getBlockNumber()));
    out.append("\",\"transactionHash\":");
    GoJson.appendMarshalled(out, txHash);
    out.append(",\"transactionIndex\":\"").append(EthJson.quantity(log.getTransactionIndex()));
    out.append("\",\"blockHash\":");
    GoJson.appendMarshalled(out, blockHash);
    out.append(",\"blockTimestamp\":\"").append(EthJson.quantity(timestamp == null ? 0 : timestamp));
    out.append("\",\"logIndex\":\"").append(EthJson.quantity(log.getLogIndex()));
    out.append("\",\"removed\":").append(log.getRemoved()).append('}');
    return new EthLogView(address, Collections.unmodifiableList(topics), log.getBlockNumber(), blockHash,
        log.getLogIndex(), txHash, log.getRemoved(), out.toString(), timestamp == null ? log : null);
  }

  /** Re-renders a log whose block timestamp was unknown, now that it is (or stays 0x0 when null). */
  EthLogView resolve(Long timestamp) {
    return unresolved == null || timestamp == null ? this : of(unresolved, timestamp);
  }

  private static String lower(CharSequence value) {
    return value.toString().toLowerCase(Locale.ROOT);
  }
}
