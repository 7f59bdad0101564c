package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;

/**
 * A canonical block in the gateway's window: its header (and the newHeads JSON, rendered once),
 * its logs and its transaction hashes. Immutable; log changes make a copy.
 */
final class EthBlockView {

  final EthHeader header;
  final long number;
  final String hash;
  final long timestamp;
  /** The newHeads payload (types.Header JSON for the target geth version). */
  final String headsJson;
  final List<EthLogView> logs;
  final List<String> transactionHashes;

  private EthBlockView(EthHeader header, String headsJson, List<EthLogView> logs, List<String> transactionHashes) {
    this.header = header;
    this.number = header.getNumber();
    this.hash = header.getHash().toString().toLowerCase(Locale.ROOT);
    this.timestamp = header.getTimestamp();
    this.headsJson = headsJson;
    this.logs = logs;
    this.transactionHashes = transactionHashes;
  }

  static EthBlockView of(EthChainBlock block, GethVersion version) {
    final EthHeader header = block.getHeader();
    final List<EthLogView> logs = new ArrayList<>(block.getLogs().size());
    for (EthLog log : block.getLogs()) {
      logs.add(EthLogView.of(log, header.getTimestamp()));
    }
    final List<String> txs = new ArrayList<>(block.getTransactionHashes().size());
    for (CharSequence tx : block.getTransactionHashes()) {
      txs.add(tx.toString().toLowerCase(Locale.ROOT));
    }
    return new EthBlockView(header, EthJson.newHead(header, version), Collections.unmodifiableList(logs),
        Collections.unmodifiableList(txs));
  }

  /** A copy with other logs (logs appended to or retracted from a canonical block, or pruned). */
  EthBlockView withLogs(List<EthLogView> newLogs) {
    return new EthBlockView(header, headsJson, Collections.unmodifiableList(new ArrayList<>(newLogs)),
        transactionHashes);
  }
}
