package dev.blockwire.ingest.eth.node;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@link EthNode} over JSON-RPC: {@code eth_getBlockByNumber}, {@code eth_getBlockByHash} (without
 * transaction bodies) and {@code eth_getLogs} by block hash.
 *
 * <p>A node answers what it has, which is not always what was asked: a block by hash must carry that
 * hash and a block by number that number (ganache, after {@code evm_revert}, serves the block now at
 * that height for an orphaned hash); anything else counts as "not there". Unreadable answers are
 * {@link IOException}s.
 */
final class RpcEthNode implements EthNode {

  private final JsonRpc rpc;

  RpcEthNode(JsonRpc rpc) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
  }

  @Override
  public NodeBlock head() throws IOException {
    final JsonNode block = rpc.call("eth_getBlockByNumber", "latest", false);
    if (block.isNull()) {
      throw new IOException("eth_getBlockByNumber(latest) answered null");
    }
    return nodeBlock(block, "eth_getBlockByNumber(latest)");
  }

  @Override
  public Optional<NodeBlock> blockByNumber(long number) throws IOException {
    final String quantity = "0x" + Long.toHexString(number);
    final JsonNode block = rpc.call("eth_getBlockByNumber", quantity, false);
    if (block.isNull()) {
      return Optional.empty();
    }
    final NodeBlock read = nodeBlock(block, "eth_getBlockByNumber(" + quantity + ")");
    return read.number() == number ? Optional.of(read) : Optional.empty();
  }

  @Override
  public Optional<NodeBlock> blockByHash(String hash) throws IOException {
    final JsonNode block = rpc.call("eth_getBlockByHash", hash, false);
    if (block.isNull()) {
      return Optional.empty();
    }
    final NodeBlock read = nodeBlock(block, "eth_getBlockByHash(" + hash + ")");
    return read.hash().equals(hash) ? Optional.of(read) : Optional.empty();
  }

  @Override
  public JsonNode logs(String blockHash) throws IOException {
    final JsonNode logs = rpc.call("eth_getLogs", Map.of("blockHash", blockHash));
    if (!logs.isArray()) {
      throw new IOException("eth_getLogs(" + blockHash + ") answered " + logs.getNodeType() + ", not an array");
    }
    return logs;
  }

  private static NodeBlock nodeBlock(JsonNode block, String call) throws IOException {
    final JsonNode number = block.get("number");
    final JsonNode hash = block.get("hash");
    final JsonNode parent = block.get("parentHash");
    if (!block.isObject() || number == null || !number.isTextual() || hash == null || !hash.isTextual()
        || parent == null || !parent.isTextual()) {
      throw new IOException(call + " answered something that is not a block: " + abbreviate(block.toString()));
    }
    final long height;
    try {
      height = Long.parseLong(number.asText().substring(2), 16);
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new IOException(call + " answered a bad block number " + number);
    }
    return new NodeBlock(height, hash.asText(), parent.asText(), block);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }
}
