package dev.blockwire.ingest.flow;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.blockwire.schemas.flow.FlowAggregatedSignature;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockSeal;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowCollectionGuarantee;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowHeader;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import dev.blockwire.schemas.flow.FlowTransactionStatus;

/**
 * Converts one Flow block status change, written in the access node's REST shapes, into a
 * {@link FlowBlock}. The document (one line of a fixture, or what a node client assembles):
 * <pre>
 * {"block_status":"finalized"|"sealed",
 *  "block":{"header":{"id","parent_id","height":"N","timestamp":"RFC3339","parent_voter_signature"},
 *           "payload":{"collection_guarantees":[{collection_id,signer_indices,signature,reference_block_id,cluster_chain_id}],
 *                      "block_seals":[{block_id,result_id,final_state,aggregated_approval_signatures:[{verifier_signatures,signer_ids}]}]}},
 *  "events":[{"type","transaction_id","transaction_index":"N","event_index":"N","payload":"base64 JSON-CDC"}],
 *  "transaction_results":[{"transaction_id","block_id","collection_id","status":"Pending"|…,"status_code":0,
 *                          "error_message","computation_used":"N","events":[…]}]}
 * </pre>
 * Numbers are decimal strings as the REST API writes them; {@code events} and
 * {@code transaction_results} may be absent. Missing or mistyped fields raise
 * {@link FlowFormatException} naming the field. Thread-safe.
 */
public final class FlowAccessBlocks {

  private final ObjectReader reader;

  public FlowAccessBlocks(ObjectMapper mapper) {
    this.reader = Objects.requireNonNull(mapper, "mapper").reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * @throws FlowFormatException if the text is not one JSON object of the shape above
   */
  public FlowBlock parse(String json, String network) {
    Objects.requireNonNull(network, "network");
    final JsonNode document;
    try {
      document = reader.readTree(json);
    } catch (JsonProcessingException e) {
      throw new FlowFormatException("$", "flow block: malformed JSON: " + e.getOriginalMessage(), e);
    }
    return parse(document, network);
  }

  /**
   * The same from a parsed document (what the access-node source assembles).
   *
   * @throws FlowFormatException if the document is not of the shape above
   */
  public FlowBlock parse(JsonNode document, String network) {
    Objects.requireNonNull(network, "network");
    if (document == null || !document.isObject()) {
      throw new FlowFormatException("$", "flow block: the document is not a JSON object");
    }
    final JsonNode block = object(document, "block", "block");
    final JsonNode header = object(block, "header", "block.header");
    final JsonNode payload = object(block, "payload", "block.payload");
    return FlowBlock.newBuilder()
        .setNetwork(network)
        .setHeader(new FlowHeader(text(header, "id", "block.header"), text(header, "parent_id", "block.header"),
            uint(header, "height", "block.header"), timestampMs(header, "block.header"),
            text(header, "parent_voter_signature", "block.header")))
        .setCollectionGuarantees(list(payload, "collection_guarantees", "block.payload", g -> new FlowCollectionGuarantee(
            text(g, "collection_id", "collection_guarantees"), text(g, "signer_indices", "collection_guarantees"),
            text(g, "signature", "collection_guarantees"), text(g, "reference_block_id", "collection_guarantees"),
            text(g, "cluster_chain_id", "collection_guarantees")), true))
        .setBlockSeals(list(payload, "block_seals", "block.payload", s -> new FlowBlockSeal(
            text(s, "block_id", "block_seals"), text(s, "result_id", "block_seals"), text(s, "final_state", "block_seals"),
            list(s, "aggregated_approval_signatures", "block_seals", a -> new FlowAggregatedSignature(
                list(a, "verifier_signatures", "aggregated_approval_signatures", JsonNode::asText, true),
                list(a, "signer_ids", "aggregated_approval_signatures", JsonNode::asText, true)), true)), true))
        .setStatus(blockStatus(document))
        .setEvents(list(document, "events", "$", this::event, false))
        .setTransactionResults(list(document, "transaction_results", "$", this::result, false))
        .build();
  }

  private FlowEvent event(JsonNode e) {
    final byte[] payload;
    try {
      payload = Base64.getDecoder().decode(text(e, "payload", "events"));
    } catch (IllegalArgumentException bad) {
      throw new FlowFormatException("events.payload", "flow block: event payload is not base64", bad);
    }
    return new FlowEvent(text(e, "type", "events"), text(e, "transaction_id", "events"),
        Math.toIntExact(uint(e, "transaction_index", "events")), Math.toIntExact(uint(e, "event_index", "events")),
        ByteBuffer.wrap(payload));
  }

  private FlowTransactionResult result(JsonNode r) {
    final String where = "transaction_results";
    final FlowTransactionStatus status;
    try {
      status = FlowTransactionStatus.valueOf(text(r, "status", where).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new FlowFormatException(where + ".status", "flow block: unknown transaction status " + r.get("status"), e);
    }
    final JsonNode code = r.get("status_code");
    if (code == null || !code.isInt()) {
      throw new FlowFormatException(where + ".status_code", "flow block: status_code must be an integer");
    }
    return FlowTransactionResult.newBuilder()
        .setTransactionId(text(r, "transaction_id", where))
        .setStatus(status)
        .setBlockId(text(r, "block_id", where))
        .setCollectionId(text(r, "collection_id", where))
        .setStatusCode(code.intValue())
        .setErrorMessage(text(r, "error_message", where))
        .setComputationUsed(uint(r, "computation_used", where))
        .setEvents(list(r, "events", where, this::event, false))
        .build();
  }

  private static FlowBlockStatus blockStatus(JsonNode document) {
    final String status = text(document, "block_status", "$");
    switch (status) {
      case "finalized": return FlowBlockStatus.FINALIZED;
      case "sealed": return FlowBlockStatus.SEALED;
      default: throw new FlowFormatException("block_status", "flow block: block_status must be finalized or sealed: "
          + status);
    }
  }

  private static long timestampMs(JsonNode header, String where) {
    final String text = text(header, "timestamp", where);
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new FlowFormatException(where + ".timestamp", "flow block: timestamp is not RFC3339: " + text, e);
    }
  }

  private static JsonNode object(JsonNode parent, String field, String path) {
    final JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new FlowFormatException(path, "flow block: missing required object " + path);
    }
    return node;
  }

  private static String text(JsonNode parent, String field, String where) {
    final JsonNode node = parent.get(field);
    if (node == null || !node.isTextual()) {
      throw new FlowFormatException(where + "." + field, "flow block: missing required string " + where + "." + field);
    }
    return node.textValue();
  }

  private static long uint(JsonNode parent, String field, String where) {
    final String text = text(parent, field, where);
    try {
      final long value = Long.parseLong(text);
      if (value < 0) {
        throw new NumberFormatException("negative");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new FlowFormatException(where + "." + field, "flow block: " + where + "." + field
          + " is not a decimal unsigned integer: " + text, e);
    }
  }

  private static <T> List<T> list(JsonNode parent, String field, String where, Function<JsonNode, T> item,
      boolean required) {
    final JsonNode node = parent.get(field);
    if (node == null && !required) {
      return List.of();
    }
    if (node == null || !node.isArray()) {
      throw new FlowFormatException(where + "." + field, "flow block: missing required array " + where + "." + field);
    }
    final List<T> out = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      out.add(item.apply(element));
    }
    return out;
  }
}
