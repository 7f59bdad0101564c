package dev.blockwire.ingest.near;

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

import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearExecutionStatus;
import dev.blockwire.schemas.near.NearReceiptOutcome;

/**
 * Converts one finalized NEAR block in the JSON shape served by fastnear neardata
 * {@code /v0/block/{height}} (the near-indexer {@code StreamerMessage} with a {@code tx_hash} on each
 * receipt outcome, as NEAR Lake also stores it) into a {@link NearBlock}.
 *
 * <p>The shape read, everything else being accepted and ignored:
 * <pre>
 * {"block":{"header":{"height":N,"hash":…,"prev_hash":…,"epoch_id":…,"timestamp_nanosec":"N",…},…},
 *  "shards":[{"shard_id":N,
 *             "receipt_execution_outcomes":[{
 *               "execution_outcome":{"outcome":{"logs":[…],"status":…,…},…},
 *               "receipt":{"receipt_id":…,"predecessor_id":…,"receiver_id":…,
 *                          "receipt":{"Action":{"signer_id":…,"signer_public_key":…,…}} | {"Data":{…}}},
 *               "tx_hash":… | null}],…}]}
 * </pre>
 *
 * <p>Mapping: outcomes in shard order, then in the order of each shard's list; status
 * {@code SUCCESS} for {@code SuccessValue}/{@code SuccessReceiptId}, else {@code FAILURE}
 * ({@code Failure}, {@code "Unknown"}, anything else); signer only for {@code Action} receipts;
 * {@code tx_hash} when present and not null; the timestamp from {@code timestamp_nanosec} (a decimal
 * string, exact), falling back to the integer {@code timestamp} only when {@code timestamp_nanosec}
 * is absent. Numbers are never read through a double.
 *
 * <p>Malformed JSON and missing or mistyped required fields raise {@link NeardataFormatException}
 * naming the field: a source reports and stops, it never skips a block silently.
 *
 * <p>Thread-safe and stateless apart from the reader.
 */
public final class NeardataBlocks {

  private final ObjectReader reader;

  /** Uses the given mapper (the application's single {@code ObjectMapper}). */
  public NeardataBlocks(ObjectMapper mapper) {
    this.reader = Objects.requireNonNull(mapper, "mapper")
        .reader()
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * Parses one block document.
   *
   * @param json the document text; never null
   * @param network the network the block belongs to (e.g. {@code near-mainnet}); never null
   * @throws NeardataFormatException if the text is not one JSON document or lacks a required field
   */
  public NearBlock parse(String json, String network) {
    Objects.requireNonNull(json, "json");
    final JsonNode document;
    try {
      document = reader.readTree(json);
    } catch (JsonProcessingException e) {
      throw new NeardataFormatException("$", "neardata block: malformed JSON: " + e.getOriginalMessage(), e);
    }
    return convert(document, network);
  }

  /** As {@link #parse(String, String)}, from UTF-8 bytes. */
  public NearBlock parse(byte[] json, String network) {
    Objects.requireNonNull(json, "json");
    final JsonNode document;
    try {
      document = reader.readTree(json);
    } catch (JsonProcessingException e) {
      throw new NeardataFormatException("$", "neardata block: malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new NeardataFormatException("$", "neardata block: unreadable JSON: " + e.getMessage(), e);
    }
    return convert(document, network);
  }

  /**
   * Converts an already parsed document.
   *
   * @param document the block document; a JSON {@code null} (what neardata serves for a height
   *     without a block) is rejected like any other non-object
   * @param network never null
   * @throws NeardataFormatException if a required field is missing or mistyped
   */
  public NearBlock convert(JsonNode document, String network) {
    Objects.requireNonNull(network, "network");
    return new Reading(document).block(network);
  }

  /**
   * The status of an {@code ExecutionStatusView}: {@code SUCCESS} for an object holding
   * {@code SuccessValue} or {@code SuccessReceiptId}, {@code FAILURE} for anything else
   * ({@code {"Failure":…}}, the string {@code "Unknown"}, unknown shapes).
   *
   * @param status the JSON value of {@code outcome.status}; null or JSON null is not a status
   * @throws NeardataFormatException if {@code status} is missing or JSON null
   */
  public static NearExecutionStatus status(JsonNode status) {
    if (status == null || status.isNull() || status.isMissingNode()) {
      throw new NeardataFormatException("status", "neardata block: missing required field status");
    }
    if (status.isObject() && (status.has("SuccessValue") || status.has("SuccessReceiptId"))) {
      return NearExecutionStatus.SUCCESS;
    }
    return NearExecutionStatus.FAILURE;
  }

  /** One conversion: carries the block height for error messages once it is known. */
  private static final class Reading {

    private final JsonNode document;
    private Long height;

    Reading(JsonNode document) {
      this.document = document;
    }

    NearBlock block(String network) {
      if (document == null || document.isMissingNode()) {
        throw fail("$", "empty document");
      }
      if (document.isNull()) {
        throw fail("$", "document is null (neardata serves null for a height without a block)");
      }
      requireObject(document, "$");
      final JsonNode header = object(object(document, "block", "block"), "header", "block.header");
      height = integer(header, "height", "block.header.height");
      final String hash = text(header, "hash", "block.header.hash");
      final String prevHash = text(header, "prev_hash", "block.header.prev_hash");
      final String epochId = text(header, "epoch_id", "block.header.epoch_id");
      final long timestampNanos = timestampNanos(header);

      final JsonNode shards = array(document, "shards", "shards");
      final List<NearReceiptOutcome> outcomes = new ArrayList<>();
      for (int s = 0; s < shards.size(); s++) {
        readShard(shards.get(s), "shards[" + s + "]", outcomes);
      }
      return NearBlock.newBuilder()
          .setNetwork(network)
          .setHeight(height)
          .setHash(hash)
          .setPrevHash(prevHash)
          .setTimestampNanos(timestampNanos)
          .setEpochId(epochId)
          .setOutcomes(outcomes)
          .build();
    }

    private long timestampNanos(JsonNode header) {
      final JsonNode nanosec = header.get("timestamp_nanosec");
      if (nanosec != null && !nanosec.isNull()) {
        return decimal(nanosec, "block.header.timestamp_nanosec");
      }
      if (header.hasNonNull("timestamp")) {
        return integer(header, "timestamp", "block.header.timestamp");
      }
      throw fail("block.header.timestamp_nanosec", "missing required field");
    }

    private void readShard(JsonNode shard, String path, List<NearReceiptOutcome> into) {
      requireObject(shard, path);
      final long shardId = integer(shard, "shard_id", path + ".shard_id");
      if (shardId > Integer.MAX_VALUE) {
        throw fail(path + ".shard_id", "out of range: " + shardId);
      }
      final JsonNode outcomes = array(shard, "receipt_execution_outcomes", path + ".receipt_execution_outcomes");
      for (int i = 0; i < outcomes.size(); i++) {
        into.add(outcome(outcomes.get(i), path + ".receipt_execution_outcomes[" + i + "]", (int) shardId));
      }
    }

    private NearReceiptOutcome outcome(JsonNode item, String path, int shardId) {
      requireObject(item, path);
      final JsonNode outcome = object(
          object(item, "execution_outcome", path + ".execution_outcome"),
          "outcome", path + ".execution_outcome.outcome");
      final String outcomePath = path + ".execution_outcome.outcome";
      final JsonNode logsNode = array(outcome, "logs", outcomePath + ".logs");
      final List<String> logs = new ArrayList<>(logsNode.size());
      for (int l = 0; l < logsNode.size(); l++) {
        final JsonNode log = logsNode.get(l);
        if (!log.isTextual()) {
          throw fail(outcomePath + ".logs[" + l + "]", "not a string");
        }
        logs.add(log.textValue());
      }
      final NearExecutionStatus status;
      try {
        status = status(outcome.get("status"));
      } catch (NeardataFormatException e) {
        throw fail(outcomePath + ".status", "missing required field");
      }

      final String receiptPath = path + ".receipt";
      final JsonNode receipt = object(item, "receipt", receiptPath);
      final String receiptId = text(receipt, "receipt_id", receiptPath + ".receipt_id");
      final String predecessorId = text(receipt, "predecessor_id", receiptPath + ".predecessor_id");
      final String receiverId = text(receipt, "receiver_id", receiptPath + ".receiver_id");
      final JsonNode kind = object(receipt, "receipt", receiptPath + ".receipt");

      String signerId = null;
      String signerPublicKey = null;
      final JsonNode action = kind.get("Action");
      if (action != null) {
        final String actionPath = receiptPath + ".receipt.Action";
        requireObject(action, actionPath);
        signerId = text(action, "signer_id", actionPath + ".signer_id");
        signerPublicKey = optionalText(action, "signer_public_key", actionPath + ".signer_public_key");
      }
      final String txHash = optionalText(item, "tx_hash", path + ".tx_hash");

      return NearReceiptOutcome.newBuilder()
          .setReceiptId(receiptId)
          .setPredecessorId(predecessorId)
          .setReceiverId(receiverId)
          .setSignerId(signerId)
          .setSignerPublicKey(signerPublicKey)
          .setTxHash(txHash)
          .setShardId(shardId)
          .setStatus(status)
          .setLogs(logs)
          .build();
    }

    // --- typed field access, each failure naming the field ---

    private void requireObject(JsonNode node, String path) {
      if (node == null || !node.isObject()) {
        throw fail(path, "expected a JSON object but found " + describe(node));
      }
    }

    private JsonNode object(JsonNode parent, String name, String path) {
      final JsonNode node = required(parent, name, path);
      requireObject(node, path);
      return node;
    }

    private JsonNode array(JsonNode parent, String name, String path) {
      final JsonNode node = required(parent, name, path);
      if (!node.isArray()) {
        throw fail(path, "expected a JSON array but found " + describe(node));
      }
      return node;
    }

    private String text(JsonNode parent, String name, String path) {
      final JsonNode node = required(parent, name, path);
      if (!node.isTextual() || node.textValue().isEmpty()) {
        throw fail(path, "expected a non-empty string but found " + describe(node));
      }
      return node.textValue();
    }

    private String optionalText(JsonNode parent, String name, String path) {
      final JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isTextual()) {
        throw fail(path, "expected a string or null but found " + describe(node));
      }
      return node.textValue();
    }

    /** A non-negative integer given as a JSON integer or as a decimal string. */
    private long integer(JsonNode parent, String name, String path) {
      return decimal(required(parent, name, path), path);
    }

    private long decimal(JsonNode node, String path) {
      if (node.isIntegralNumber()) {
        if (!node.canConvertToLong() || node.longValue() < 0) {
          throw fail(path, "out of range: " + node.asText());
        }
        return node.longValue();
      }
      if (node.isTextual()) {
        final String text = node.textValue();
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw fail(path, "expected a decimal integer but found \"" + text + "\"");
        }
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw fail(path, "out of range: " + text);
        }
      }
      throw fail(path, "expected an integer but found " + describe(node));
    }

    private JsonNode required(JsonNode parent, String name, String path) {
      final JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        throw fail(path, "missing required field");
      }
      return node;
    }

    private NeardataFormatException fail(String path, String problem) {
      final String where = height == null ? "neardata block" : "neardata block " + height;
      return new NeardataFormatException(path, where + ": " + path + ": " + problem);
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
}
