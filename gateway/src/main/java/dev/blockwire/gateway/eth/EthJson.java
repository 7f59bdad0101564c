package dev.blockwire.gateway.eth;

import java.util.Map;
import java.util.TreeMap;

import dev.blockwire.gateway.gojson.GoJson;
import dev.blockwire.schemas.eth.EthHeader;

/** The Ethereum payloads as geth marshals them: headers (newHeads and eth_getBlockBy*) and quantities. */
final class EthJson {

  /** {@code hexutil.Uint64}: 0x and minimal lower-case hex. */
  static String quantity(long value) {
    return "0x" + Long.toHexString(value);
  }

  /**
   * {@code types.Header.MarshalJSON} (the newHeads payload): fixed field order, fork fields
   * present as null when unset, {@code hash} last.
   */
  static String newHead(EthHeader h, GethVersion version) {
    final StringBuilder out = new StringBuilder(1200);
    out.append('{');
    field(out, "parentHash", h.getParentHash()).append(',');
    field(out, "sha3Uncles", h.getSha3Uncles()).append(',');
    field(out, "miner", h.getMiner()).append(',');
    field(out, "stateRoot", h.getStateRoot()).append(',');
    field(out, "transactionsRoot", h.getTransactionsRoot()).append(',');
    field(out, "receiptsRoot", h.getReceiptsRoot()).append(',');
    field(out, "logsBloom", h.getLogsBloom()).append(',');
    field(out, "difficulty", h.getDifficulty()).append(',');
    field(out, "number", quantity(h.getNumber())).append(',');
    field(out, "gasLimit", h.getGasLimit()).append(',');
    field(out, "gasUsed", h.getGasUsed()).append(',');
    field(out, "timestamp", quantity(h.getTimestamp())).append(',');
    field(out, "extraData", h.getExtraData()).append(',');
    field(out, "mixHash", h.getMixHash()).append(',');
    field(out, "nonce", h.getNonce()).append(',');
    field(out, "baseFeePerGas", h.getBaseFeePerGas()).append(',');
    field(out, "withdrawalsRoot", h.getWithdrawalsRoot()).append(',');
    field(out, "blobGasUsed", h.getBlobGasUsed()).append(',');
    field(out, "excessBlobGas", h.getExcessBlobGas()).append(',');
    field(out, "parentBeaconBlockRoot", h.getParentBeaconBlockRoot()).append(',');
    field(out, "requestsHash", h.getRequestsHash()).append(',');
    if (version.hasAmsterdamFields()) {
      field(out, "blockAccessListHash", h.getBlockAccessListHash()).append(',');
      field(out, "slotNumber", h.getSlotNumber()).append(',');
    }
    field(out, "hash", h.getHash());
    return out.append('}').toString();
  }

  /**
   * {@code RPCMarshalBlock} without transaction bodies: geth builds a Go map, so the keys come out
   * sorted; unset fork fields are omitted. {@code size} and {@code withdrawals} are not known
   * to the gateway and are left out; {@code uncles} is always empty (post-merge).
   */
  static String block(EthBlockView block, GethVersion version) {
    final EthHeader h = block.header;
    final Map<String, String> fields = new TreeMap<>();
    put(fields, "number", quantity(h.getNumber()));
    put(fields, "hash", h.getHash());
    put(fields, "parentHash", h.getParentHash());
    put(fields, "nonce", h.getNonce());
    put(fields, "mixHash", h.getMixHash());
    put(fields, "sha3Uncles", h.getSha3Uncles());
    put(fields, "logsBloom", h.getLogsBloom());
    put(fields, "stateRoot", h.getStateRoot());
    put(fields, "miner", h.getMiner());
    put(fields, "difficulty", h.getDifficulty());
    put(fields, "extraData", h.getExtraData());
    put(fields, "gasLimit", h.getGasLimit());
    put(fields, "gasUsed", h.getGasUsed());
    put(fields, "timestamp", quantity(h.getTimestamp()));
    put(fields, "transactionsRoot", h.getTransactionsRoot());
    put(fields, "receiptsRoot", h.getReceiptsRoot());
    put(fields, "baseFeePerGas", h.getBaseFeePerGas());
    put(fields, "withdrawalsRoot", h.getWithdrawalsRoot());
    put(fields, "blobGasUsed", h.getBlobGasUsed());
    put(fields, "excessBlobGas", h.getExcessBlobGas());
    put(fields, "parentBeaconBlockRoot", h.getParentBeaconBlockRoot());
    put(fields, "requestsHash", h.getRequestsHash());
    if (version.hasAmsterdamFields()) {
      put(fields, "blockAccessListHash", h.getBlockAccessListHash());
      put(fields, "slotNumber", h.getSlotNumber());
    }
    final StringBuilder txs = new StringBuilder(2 + 67 * block.transactionHashes.size()).append('[');
    for (int i = 0; i < block.transactionHashes.size(); i++) {
      if (i > 0) {
        txs.append(',');
      }
      GoJson.appendMarshalled(txs, block.transactionHashes.get(i));
    }
    fields.put("transactions", txs.append(']').toString());
    fields.put("uncles", "[]");
    final StringBuilder out = new StringBuilder(1400 + txs.length()).append('{');
    boolean first = true;
    for (Map.Entry<String, String> entry : fields.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append('"').append(entry.getKey()).append("\":").append(entry.getValue());
    }
    return out.append('}').toString();
  }

  private static void put(Map<String, String> fields, String name, CharSequence value) {
    if (value != null) {
      fields.put(name, GoJson.appendMarshalled(new StringBuilder(), value.toString()).toString());
    }
  }

  private static StringBuilder field(StringBuilder out, String name, CharSequence value) {
    out.append('"').append(name).append("\":");
    return value == null ? out.append("null") : GoJson.appendMarshalled(out, value.toString());
  }

  private EthJson() {}
}
