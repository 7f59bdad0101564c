package dev.blockwire.ingest.eth.node;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Ethereum node in memory: a tree of blocks in geth's JSON, one branch of which is the canonical
 * chain (what {@code head} and {@code blockByNumber} answer). Blocks are mined on any parent, so a
 * test builds reorgs by mining a branch and making its tip the head. {@link #down} makes every call
 * fail as an unreachable node does. Thread-safe (synchronized), for the source's thread.
 */
final class FakeEthNode implements EthNode {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String CONTRACT = "0x" + "ab".repeat(20);
  static final String TOPIC = "0x" + "cd".repeat(32);

  private final Map<String, ObjectNode> blocks = new HashMap<>();
  private final Map<String, ArrayNode> logs = new HashMap<>();
  private final Map<Long, String> canonical = new HashMap<>();
  private final Map<String, ArrayNode> logsOverride = new HashMap<>();
  private final AtomicInteger calls = new AtomicInteger();
  private long nextId = 1;
  private String head;
  volatile boolean down;

  /** A node whose chain is a genesis block (number 0) only. */
  FakeEthNode() {
    final ObjectNode genesis = block(0, "0x" + "0".repeat(64), 0);
    setHead(genesis.get("hash").asText());
  }

  /** The hash of the canonical block at {@code number}. */
  synchronized String hashAt(long number) {
    return canonical.get(number);
  }

  synchronized String headHash() {
    return head;
  }

  /** Mines {@code count} blocks on the head, each with {@code logsPerBlock} logs; the last becomes the head. */
  synchronized List<String> mine(int count, int logsPerBlock) {
    final List<String> mined = mineOn(head, count, logsPerBlock);
    setHead(mined.get(mined.size() - 1));
    return mined;
  }

  /** Mines a branch of {@code count} blocks on {@code parent} without changing the head. */
  synchronized List<String> mineOn(String parent, int count, int logsPerBlock) {
    final List<String> mined = new ArrayList<>();
    String tip = parent;
    for (int i = 0; i < count; i++) {
      tip = block(number(tip) + 1, tip, logsPerBlock).get("hash").asText();
      mined.add(tip);
    }
    return mined;
  }

  /** Makes {@code hash} the head: the canonical chain becomes its ancestry. */
  synchronized void setHead(String hash) {
    head = hash;
    canonical.clear();
    for (String at = hash; at != null && blocks.containsKey(at); at = blocks.get(at).get("parentHash").asText()) {
      canonical.put(number(at), at);
    }
  }

  /** Makes eth_getLogs for {@code hash} answer {@code answer} instead of the block's logs. */
  synchronized void answerLogs(String hash, ArrayNode answer) {
    logsOverride.put(hash, answer);
  }

  synchronized ArrayNode logsOf(String hash) {
    return logs.get(hash);
  }

  int calls() {
    return calls.get();
  }

  @Override
  public synchronized NodeBlock head() throws IOException {
    call();
    return nodeBlock(head);
  }

  @Override
  public synchronized Optional<NodeBlock> blockByNumber(long number) throws IOException {
    call();
    final String hash = canonical.get(number);
    return hash == null ? Optional.empty() : Optional.of(nodeBlock(hash));
  }

  @Override
  public synchronized Optional<NodeBlock> blockByHash(String hash) throws IOException {
    call();
    return blocks.containsKey(hash) ? Optional.of(nodeBlock(hash)) : Optional.empty();
  }

  @Override
  public synchronized JsonNode logs(String blockHash) throws IOException {
    call();
    if (logsOverride.containsKey(blockHash)) {
      return logsOverride.get(blockHash);
    }
    return logs.getOrDefault(blockHash, MAPPER.createArrayNode());
  }

  long number(String hash) {
    return Long.parseLong(blocks.get(hash).get("number").asText().substring(2), 16);
  }

  private void call() throws IOException {
    calls.incrementAndGet();
    if (down) {
      throw new ConnectException("Connection refused (fake node is down)");
    }
  }

  private NodeBlock nodeBlock(String hash) {
    final ObjectNode block = blocks.get(hash);
    return new NodeBlock(number(hash), hash, block.get("parentHash").asText(), block.deepCopy());
  }

  private ObjectNode block(long number, String parent, int logCount) {
    final long id = nextId++;
    final String hash = hex(32, 0xb10c0000L + id);
    final ObjectNode block = MAPPER.createObjectNode();
    block.put("hash", hash);
    block.put("parentHash", parent);
    block.put("sha3Uncles", hex(32, 1));
    block.put("miner", hex(20, 2));
    block.put("stateRoot", hex(32, 3));
    block.put("transactionsRoot", hex(32, 4));
    block.put("receiptsRoot", hex(32, 5));
    block.put("logsBloom", logCount == 0 ? hex(256, 0) : hex(256, id));
    block.put("difficulty", "0x0");
    block.put("number", "0x" + Long.toHexString(number));
    block.put("gasLimit", "0x1c9c380");
    block.put("gasUsed", "0x0");
    block.put("timestamp", "0x" + Long.toHexString(1_700_000_000L + number * 12));
    block.put("extraData", "0x");
    block.put("mixHash", hex(32, 6));
    block.put("nonce", hex(8, 0));
    block.put("baseFeePerGas", "0x7");
    final ArrayNode transactions = block.putArray("transactions");
    final ArrayNode blockLogs = MAPPER.createArrayNode();
    for (int i = 0; i < logCount; i++) {
      final String tx = hex(32, 0x7700000000L + id * 100 + i);
      transactions.add(tx);
      final ObjectNode log = blockLogs.addObject();
      log.put("address", CONTRACT);
      log.putArray("topics").add(TOPIC);
      log.put("data", hex(32, id * 100 + i));
      log.put("blockNumber", "0x" + Long.toHexString(number));
      log.put("transactionHash", tx);
      log.put("transactionIndex", "0x" + Integer.toHexString(i));
      log.put("blockHash", hash);
      log.put("logIndex", "0x" + Integer.toHexString(i));
      log.put("removed", false);
    }
    blocks.put(hash, block);
    logs.put(hash, blockLogs);
    return block;
  }

  static String hex(int bytes, long value) {
    final String digits = Long.toHexString(value);
    return "0x" + "0".repeat(2 * bytes - digits.length()) + digits;
  }
}
