package dev.blockwire.gateway.near;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.blockwire.gateway.Json;
import dev.blockwire.schemas.near.NearEvent;

/**
 * One event as the NEAR dialect serves it: its fields for filter matching and its JSON text in
 * both forms, each rendered once and shared by every subscriber (and every past batch).
 */
public final class NearEventView {

  private final NearEvent event;
  private final JsonNode eventTree;
  private volatile String snakeJson;
  private volatile String camelJson;
  private volatile byte[] snakeUtf8;
  private volatile byte[] camelUtf8;

  public NearEventView(NearEvent event) {
    this.event = event;
    try {
      this.eventTree = Json.MAPPER.readTree(event.getEventJson());
    } catch (IOException e) {
      // The processor only emits validated events; a bad one here is a bug upstream.
      throw new UncheckedIOException("event_json of receipt " + event.getReceiptId() + " is not JSON", e);
    }
  }

  public NearEvent event() {
    return event;
  }

  /**
   * The value of a top-level field as the connection's form renders it, or null when that form
   * has no such field (a missing key never matches). Both spellings name the same field.
   */
  public JsonNode field(String key, NearFormat format) {
    final boolean snake = format == NearFormat.SNAKE;
    switch (key) {
      case "block_height":
      case "blockHeight":
        return snake ? TextNode.valueOf(Long.toString(event.getBlockHeight())) : LongNode.valueOf(event.getBlockHeight());
      case "block_hash":
      case "blockHash":
        return TextNode.valueOf(event.getBlockHash());
      case "block_timestamp":
      case "blockTimestampNs":
        return TextNode.valueOf(Long.toUnsignedString(event.getBlockTimestampNanos()));
      case "blockTimestampMs":
        return snake ? null : DoubleNode.valueOf(timestampMs());
      case "block_epoch_id":
        return snake ? TextNode.valueOf(event.getBlockEpochId()) : null;
      case "shardId":
        return snake ? null : IntNode.valueOf(event.getShardId());
      case "txHash":
        return snake ? null : textOrNull(event.getTxHash());
      case "signerId":
        return snake ? null : textOrNull(event.getSignerId());
      case "signerPublicKey":
        return snake ? null : textOrNull(event.getSignerPublicKey());
      case "receipt_id":
      case "receiptId":
        return TextNode.valueOf(event.getReceiptId());
      case "log_index":
      case "logIndex":
        return IntNode.valueOf(event.getLogIndex());
      case "predecessor_id":
      case "predecessorId":
        return TextNode.valueOf(event.getPredecessorId());
      case "account_id":
      case "accountId":
        return TextNode.valueOf(event.getAccountId());
      case "status":
        return TextNode.valueOf(event.getStatus().name());
      case "event":
        return eventTree;
      default:
        return null;
    }
  }

  /** The event object's JSON text in the given form. */
  public String json(NearFormat format) {
    if (format == NearFormat.SNAKE) {
      String json = snakeJson;
      if (json == null) {
        snakeJson = json = renderSnake();
      }
      return json;
    }
    String json = camelJson;
    if (json == null) {
      camelJson = json = renderCamel();
    }
    return json;
  }

  /** {@link #json} as UTF-8, encoded once per form and shared by every message that carries the event. */
  public byte[] utf8(NearFormat format) {
    if (format == NearFormat.SNAKE) {
      byte[] bytes = snakeUtf8;
      if (bytes == null) {
        snakeUtf8 = bytes = json(format).getBytes(StandardCharsets.UTF_8);
      }
      return bytes;
    }
    byte[] bytes = camelUtf8;
    if (bytes == null) {
      camelUtf8 = bytes = json(format).getBytes(StandardCharsets.UTF_8);
    }
    return bytes;
  }

  /** events.near.stream computes parseFloat(timestamp_nanosec) / 1e6, fractional. */
  private double timestampMs() {
    return new BigInteger(Long.toUnsignedString(event.getBlockTimestampNanos())).doubleValue() / 1e6;
  }

  private String renderSnake() {
    final StringBuilder out = new StringBuilder(256 + event.getEventJson().length());
    out.append("{\"block_height\":\"").append(event.getBlockHeight()).append('"');
    Json.appendQuoted(out.append(",\"block_hash\":"), event.getBlockHash());
    out.append(",\"block_timestamp\":\"").append(Long.toUnsignedString(event.getBlockTimestampNanos())).append('"');
    Json.appendQuoted(out.append(",\"block_epoch_id\":"), event.getBlockEpochId());
    Json.appendQuoted(out.append(",\"receipt_id\":"), event.getReceiptId());
    out.append(",\"log_index\":").append(event.getLogIndex());
    Json.appendQuoted(out.append(",\"predecessor_id\":"), event.getPredecessorId());
    Json.appendQuoted(out.append(",\"account_id\":"), event.getAccountId());
    out.append(",\"status\":\"").append(event.getStatus().name()).append('"');
    return out.append(",\"event\":").append(event.getEventJson()).append('}').toString();
  }

  private String renderCamel() {
    final StringBuilder out = new StringBuilder(320 + event.getEventJson().length());
    out.append("{\"blockHeight\":").append(event.getBlockHeight());
    Json.appendQuoted(out.append(",\"blockHash\":"), event.getBlockHash());
    out.append(",\"blockTimestampMs\":").append(Json.jsNumber(timestampMs()));
    out.append(",\"blockTimestampNs\":\"").append(Long.toUnsignedString(event.getBlockTimestampNanos())).append('"');
    out.append(",\"shardId\":").append(event.getShardId());
    Json.appendQuotedOrNull(out.append(",\"txHash\":"), event.getTxHash());
    Json.appendQuoted(out.append(",\"receiptId\":"), event.getReceiptId());
    Json.appendQuotedOrNull(out.append(",\"signerId\":"), event.getSignerId());
    Json.appendQuotedOrNull(out.append(",\"signerPublicKey\":"), event.getSignerPublicKey());
    Json.appendQuoted(out.append(",\"accountId\":"), event.getAccountId());
    Json.appendQuoted(out.append(",\"predecessorId\":"), event.getPredecessorId());
    out.append(",\"status\":\"").append(event.getStatus().name()).append('"');
    out.append(",\"logIndex\":").append(event.getLogIndex());
    return out.append(",\"event\":").append(event.getEventJson()).append('}').toString();
  }

  private static JsonNode textOrNull(String value) {
    return value == null ? NullNode.getInstance() : TextNode.valueOf(value);
  }
}
