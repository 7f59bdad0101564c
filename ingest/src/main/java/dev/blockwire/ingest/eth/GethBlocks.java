package dev.blockwire.ingest.eth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;

/**
 * Converts an Ethereum block as a geth node serves it into an {@link EthBlock}: the block as
 * {@code eth_getBlockByHash(hash, false)} returns it (header fields and {@code transactions} as
 * hashes) plus its logs as {@code eth_getLogs({"blockHash": hash})} returns them.
 *
 * <p>Read, everything else being accepted and ignored ({@code size}, {@code uncles},
 * {@code withdrawals}, {@code totalDifficulty}, …):
 * <pre>
 * block: {"hash","parentHash","sha3Uncles","miner","stateRoot","transactionsRoot","receiptsRoot",
 *         "logsBloom","difficulty","number","gasLimit","gasUsed","timestamp","extraData","mixHash",
 *         "nonce", fork fields "baseFeePerGas","withdrawalsRoot","blobGasUsed","excessBlobGas",
 *         "parentBeaconBlockRoot","requestsHash","blockAccessListHash","slotNumber" (absent or null
 *         when the fork does not apply), "transactions":["0x…"|{"hash":"0x…",…}]}
 * log:   {"address","topics":[…],"data","blockNumber","transactionHash","transactionIndex",
 *         "blockHash","blockTimestamp" (optional),"logIndex","removed" (optional)}
 * </pre>
 * The same reader takes a {@code newHeads} header ({@link #header}), which has the same fields.
 *
 * <p>Mapping and checks:
 * <ul>
 *   <li>Hex strings are kept exactly as given; they must be {@code 0x}-prefixed <em>lowercase</em> hex
 *       (geth never sends anything else, and downstream filters compare them as text). Hashes and
 *       roots are 32 bytes, addresses 20, {@code logsBloom} 256, {@code nonce} 8; byte strings
 *       ({@code extraData}, {@code data}) have an even number of digits.
 *   <li>Quantities are {@code 0x}-prefixed hex; {@code number}, {@code timestamp},
 *       {@code blockNumber}, {@code transactionIndex} and {@code logIndex} are parsed (exact, never
 *       through a double); the others ({@code difficulty}, {@code gasLimit}, …) are kept as text.
 *   <li>{@code blockTimestamp} may be a hex quantity (geth 1.16.1+) or a JSON integer (geth 1.16.0);
 *       when absent (older nodes) the header's {@code timestamp} is used.
 *   <li>Every log must belong to the block ({@code blockHash}, {@code blockNumber} and, when given,
 *       {@code blockTimestamp} equal the header's), be in log order (strictly increasing
 *       {@code logIndex}) and not be {@code removed}; a raw block never carries retractions.
 * </ul>
 * Malformed JSON and missing, mistyped or badly encoded fields raise {@link GethFormatException}
 * naming the field: a source reports and stops, it never writes a doubtful block.
 *
 * <p>Thread-safe and stateless apart from the reader.
 */
public final class GethBlocks {

  private static final int HASH_BYTES = 32;
  private static final int ADDRESS_BYTES = 20;
  private static final int BLOOM_BYTES = 256;
  private static final int NONCE_BYTES = 8;

  private final ObjectReader reader;

  /** Uses the given mapper (the application's single {@code ObjectMapper}). */
  public GethBlocks(ObjectMapper mapper) {
    this.reader = Objects.requireNonNull(mapper, "mapper")
        .reader()
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Parses one document {@code {"block": <eth_getBlockByHash JSON>, "logs": [<log JSON>, …]}} (a line
   * of an Ethereum fixture).
   *
   * @param json the document text; never null
   * @param network the network the block belongs to (e.g. {@code eth-mainnet}); never null
   * @throws GethFormatException if the text is not one JSON document or a field is missing or bad
   */
  public EthBlock parse(String json, String network) {
    Objects.requireNonNull(json, "json");
    final JsonNode document;
    try {
      document = reader.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GethFormatException("$", "geth block: malformed JSON: " + e.getOriginalMessage(), e);
    }
    return convert(document, network);
  }

  /** As {@link #parse(String, String)}, from UTF-8 bytes. */
  public EthBlock parse(byte[] json, String network) {
    Objects.requireNonNull(json, "json");
    final JsonNode document;
    try {
      document = reader.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GethFormatException("$", "geth block: malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new GethFormatException("$", "geth block: unreadable JSON: " + e.getMessage(), e);
    }
    return convert(document, network);
  }

  /**
   * Converts an already parsed {@code {"block": …, "logs": […]}} document.
   *
   * @throws GethFormatException if a field is missing or bad
   */
  public EthBlock convert(JsonNode document, String network) {
    Objects.requireNonNull(network, "network");
    final Reading reading = new Reading("");
    reading.requireObject(document, "$");
    return convert(reading.required(document, "block", "block"), reading.required(document, "logs", "logs"),
        network, "block", "logs");
  }

  /**
   * Converts a block and its logs as two RPC results.
   *
   * @param block the {@code eth_getBlockByHash(hash, false)} result (a JSON {@code null}, what a node
   *     returns for an unknown hash, is rejected)
   * @param logs the {@code eth_getLogs({"blockHash": hash})} result, a JSON array
   * @param network never null
   * @throws GethFormatException if a field is missing or bad
   */
  public EthBlock convert(JsonNode block, JsonNode logs, String network) {
    Objects.requireNonNull(network, "network");
    return convert(block, logs, network, "block", "logs");
  }

  private EthBlock convert(JsonNode block, JsonNode logs, String network, String blockPath, String logsPath) {
    final Reading reading = new Reading(blockPath);
    final EthHeader header = reading.header(block);
    final JsonNode txs = reading.array(block, "transactions", blockPath + ".transactions");
    final List<String> transactionHashes = new ArrayList<>(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      transactionHashes.add(reading.transactionHash(txs.get(i), blockPath + ".transactions[" + i + "]"));
    }
    if (logs == null || !logs.isArray()) {
      throw reading.fail(logsPath, "expected a JSON array but found " + describe(logs));
    }
    final List<EthLog> converted = new ArrayList<>(logs.size());
    for (int i = 0; i < logs.size(); i++) {
      final String path = logsPath + "[" + i + "]";
      final EthLog log = reading.log(logs.get(i), path, header.getTimestamp());
      reading.requireBelongs(log, header, logs.get(i), path);
      if (log.getRemoved()) {
        throw reading.fail(path + ".removed", "a block's logs cannot be removed logs");
      }
      if (!converted.isEmpty() && log.getLogIndex() <= converted.get(converted.size() - 1).getLogIndex()) {
        throw reading.fail(path + ".logIndex", "logs must be in log order: " + log.getLogIndex()
            + " does not follow " + converted.get(converted.size() - 1).getLogIndex());
      }
      converted.add(log);
    }
    return EthBlock.newBuilder()
        .setNetwork(network)
        .setHeader(header)
        .setLogs(converted)
        .setTransactionHashes(transactionHashes)
        .build();
  }

  /**
   * Converts a header: a {@code newHeads} notification result, or a block object (whose extra fields
   * are ignored).
   *
   * @throws GethFormatException if a field is missing or bad; paths start with {@code header}
   */
  public EthHeader header(JsonNode header) {
    return new Reading("header").header(header);
  }

  /**
   * Converts one log as {@code eth_getLogs} or a {@code logs} subscription delivers it.
   * {@code blockTimestamp} is null when absent; {@code removed} is false when absent.
   *
   * @throws GethFormatException if a field is missing or bad; paths start with {@code log}
   */
  public EthLog log(JsonNode log) {
    return new Reading("log").log(log, "log", null);
  }

  /** One conversion: carries the block number for error messages once it is known. */
  private static final class Reading {

    private final String prefix;
    private Long number;

    Reading(String prefix) {
      this.prefix = prefix;
    }

    EthHeader header(JsonNode node) {
      if (node == null || node.isMissingNode()) {
        throw fail(prefix, "missing required field");
      }
      if (node.isNull()) {
        throw fail(prefix, "is null (a node returns null for a block it does not have)");
      }
      requireObject(node, prefix);
      number = quantity(node, "number", path("number"), Long.MAX_VALUE);
      return EthHeader.newBuilder()
          .setHash(data(node, "hash", HASH_BYTES))
          .setParentHash(data(node, "parentHash", HASH_BYTES))
          .setSha3Uncles(data(node, "sha3Uncles", HASH_BYTES))
          .setMiner(data(node, "miner", ADDRESS_BYTES))
          .setStateRoot(data(node, "stateRoot", HASH_BYTES))
          .setTransactionsRoot(data(node, "transactionsRoot", HASH_BYTES))
          .setReceiptsRoot(data(node, "receiptsRoot", HASH_BYTES))
          .setLogsBloom(data(node, "logsBloom", BLOOM_BYTES))
          .setDifficulty(quantityText(node, "difficulty"))
          .setNumber(number)
          .setGasLimit(quantityText(node, "gasLimit"))
          .setGasUsed(quantityText(node, "gasUsed"))
          .setTimestamp(quantity(node, "timestamp", path("timestamp"), Long.MAX_VALUE))
          .setExtraData(data(node, "extraData", -1))
          .setMixHash(data(node, "mixHash", HASH_BYTES))
          .setNonce(data(node, "nonce", NONCE_BYTES))
          .setBaseFeePerGas(optionalQuantityText(node, "baseFeePerGas"))
          .setWithdrawalsRoot(optionalData(node, "withdrawalsRoot", HASH_BYTES))
          .setBlobGasUsed(optionalQuantityText(node, "blobGasUsed"))
          .setExcessBlobGas(optionalQuantityText(node, "excessBlobGas"))
          .setParentBeaconBlockRoot(optionalData(node, "parentBeaconBlockRoot", HASH_BYTES))
          .setRequestsHash(optionalData(node, "requestsHash", HASH_BYTES))
          .setBlockAccessListHash(optionalData(node, "blockAccessListHash", HASH_BYTES))
          .setSlotNumber(optionalQuantityText(node, "slotNumber"))
          .build();
    }

    String transactionHash(JsonNode tx, String path) {
      if (tx != null && tx.isObject()) {
        return hex(required(tx, "hash", path + ".hash"), path + ".hash", HASH_BYTES);
      }
      return hex(tx, path, HASH_BYTES);
    }

    /** A log; {@code blockTimestamp} falls back to {@code headerTimestamp} when absent. */
    EthLog log(JsonNode node, String path, Long headerTimestamp) {
      requireObject(node, path);
      final JsonNode topicsNode = array(node, "topics", path + ".topics");
      if (topicsNode.size() > 4) {
        throw fail(path + ".topics", "a log has at most 4 topics (LOG0..LOG4) but found " + topicsNode.size());
      }
      final List<String> topics = new ArrayList<>(topicsNode.size());
      for (int t = 0; t < topicsNode.size(); t++) {
        topics.add(hex(topicsNode.get(t), path + ".topics[" + t + "]", HASH_BYTES));
      }
      final JsonNode removed = node.get("removed");
      if (removed != null && !removed.isNull() && !removed.isBoolean()) {
        throw fail(path + ".removed", "expected true or false but found " + describe(removed));
      }
      return EthLog.newBuilder()
          .setAddress(hex(required(node, "address", path + ".address"), path + ".address", ADDRESS_BYTES))
          .setTopics(topics)
          .setData(hex(required(node, "data", path + ".data"), path + ".data", -1))
          .setBlockNumber(quantity(node, "blockNumber", path + ".blockNumber", Long.MAX_VALUE))
          .setTransactionHash(hex(required(node, "transactionHash", path + ".transactionHash"),
              path + ".transactionHash", HASH_BYTES))
          .setTransactionIndex((int) quantity(node, "transactionIndex", path + ".transactionIndex", Integer.MAX_VALUE))
          .setBlockHash(hex(required(node, "blockHash", path + ".blockHash"), path + ".blockHash", HASH_BYTES))
          .setBlockTimestamp(blockTimestamp(node.get("blockTimestamp"), path + ".blockTimestamp", headerTimestamp))
          .setLogIndex((int) quantity(node, "logIndex", path + ".logIndex", Integer.MAX_VALUE))
          .setRemoved(removed != null && removed.asBoolean())
          .build();
    }

    void requireBelongs(EthLog log, EthHeader header, JsonNode node, String path) {
      if (!log.getBlockHash().equals(header.getHash())) {
        throw fail(path + ".blockHash", "the log belongs to block " + log.getBlockHash() + ", not " + header.getHash());
      }
      if (log.getBlockNumber() != header.getNumber()) {
        throw fail(path + ".blockNumber", "the log belongs to block number " + log.getBlockNumber()
            + ", not " + header.getNumber());
      }
      final JsonNode given = node.get("blockTimestamp");
      if (given != null && !given.isNull() && log.getBlockTimestamp() != header.getTimestamp()) {
        throw fail(path + ".blockTimestamp", "the log's block time " + log.getBlockTimestamp()
            + " is not the header's " + header.getTimestamp());
      }
    }

    private Long blockTimestamp(JsonNode node, String path, Long headerTimestamp) {
      if (node == null || node.isNull()) {
        return headerTimestamp;
      }
      if (node.isIntegralNumber()) {
        if (!node.canConvertToLong() || node.longValue() < 0) {
          throw fail(path, "out of range: " + node.asText());
        }
        return node.longValue();
      }
      return parseQuantity(node, path, Long.MAX_VALUE);
    }

    // --- typed field access, each failure naming the field ---

    private String path(String name) {
      return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Required 0x-prefixed lowercase hex of {@code bytes} bytes ({@code -1}: any whole number of bytes). */
    private String data(JsonNode parent, String name, int bytes) {
      return hex(required(parent, name, path(name)), path(name), bytes);
    }

    private String optionalData(JsonNode parent, String name, int bytes) {
      final JsonNode node = parent.get(name);
      return node == null || node.isNull() ? null : hex(node, path(name), bytes);
    }

    private String quantityText(JsonNode parent, String name) {
      final JsonNode node = required(parent, name, path(name));
      checkQuantity(node, path(name));
      return node.textValue();
    }

    private String optionalQuantityText(JsonNode parent, String name) {
      final JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        return null;
      }
      checkQuantity(node, path(name));
      return node.textValue();
    }

    private long quantity(JsonNode parent, String name, String path, long max) {
      return parseQuantity(required(parent, name, path), path, max);
    }

    private long parseQuantity(JsonNode node, String path, long max) {
      checkQuantity(node, path);
      final String digits = node.textValue().substring(2);
      final long value;
      try {
        value = digits.length() > 16 ? -1 : Long.parseUnsignedLong(digits, 16);
      } catch (NumberFormatException e) {
        throw fail(path, "out of range: " + node.textValue());
      }
      if (value < 0 || value > max) {
        throw fail(path, "out of range: " + node.textValue());
      }
      return value;
    }

    private void checkQuantity(JsonNode node, String path) {
      if (!node.isTextual()) {
        throw fail(path, "expected a hex quantity string but found " + describe(node));
      }
      final String text = node.textValue();
      if (!text.startsWith("0x") || text.length() == 2 || !lowercaseHex(text, 2)) {
        throw fail(path, "expected a lowercase hex quantity like \"0x1b4\" but found \"" + text + "\"");
      }
    }

    private String hex(JsonNode node, String path, int bytes) {
      if (node == null || node.isNull()) {
        throw fail(path, "missing required field");
      }
      if (!node.isTextual()) {
        throw fail(path, "expected a hex string but found " + describe(node));
      }
      final String text = node.textValue();
      if (!text.startsWith("0x") || !lowercaseHex(text, 2)) {
        throw fail(path, "expected 0x-prefixed lowercase hex but found \"" + abbreviate(text) + "\"");
      }
      final int digits = text.length() - 2;
      if (bytes >= 0 && digits != 2 * bytes) {
        throw fail(path, "expected " + bytes + " bytes (" + 2 * bytes + " hex digits) but found " + digits + " digits");
      }
      if (digits % 2 != 0) {
        throw fail(path, "odd number of hex digits (" + digits + ")");
      }
      return text;
    }

    private static boolean lowercaseHex(String text, int from) {
      for (int i = from; i < text.length(); i++) {
        final char c = text.charAt(i);
        if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
          return false;
        }
      }
      return true;
    }

    void requireObject(JsonNode node, String path) {
      if (node == null || !node.isObject()) {
        throw fail(path, "expected a JSON object but found " + describe(node));
      }
    }

    JsonNode array(JsonNode parent, String name, String path) {
      final JsonNode node = required(parent, name, path);
      if (!node.isArray()) {
        throw fail(path, "expected a JSON array but found " + describe(node));
      }
      return node;
    }

    JsonNode required(JsonNode parent, String name, String path) {
      final JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        throw fail(path, "missing required field");
      }
      return node;
    }

    GethFormatException fail(String path, String problem) {
      final String where = number == null ? "geth block" : "geth block " + number;
      return new GethFormatException(path, where + ": " + path + ": " + problem);
    }

    private static String abbreviate(String text) {
      return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    switch (node.getNodeType()) {
      case OBJECT: return "an object";
      case ARRAY: return "an array";
      case STRING: return "a string";
      case NUMBER: return "a number";
      case BOOLEAN: return "a boolean";
      case NULL: return "null";
      default: return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }
}
