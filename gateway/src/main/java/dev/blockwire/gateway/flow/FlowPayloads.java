package dev.blockwire.gateway.flow;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

import dev.blockwire.gateway.gojson.GoJson;
import dev.blockwire.schemas.flow.FlowAggregatedSignature;
import dev.blockwire.schemas.flow.FlowBlockSeal;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.flow.FlowCollectionGuarantee;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowHeader;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import dev.blockwire.schemas.flow.FlowTransactionStatus;

/** flow-go's payload models ({@code common/models}) as JSON text, fields in declaration order. */
final class FlowPayloads {

  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);

  /** Go's RFC3339Nano of a millisecond timestamp in UTC: trailing fractional zeros trimmed. */
  static String timestamp(long epochMillis) {
    final Instant instant = Instant.ofEpochMilli(epochMillis);
    final StringBuilder out = new StringBuilder(SECONDS.format(instant));
    final int millis = (int) Math.floorMod(epochMillis, 1000L);
    if (millis != 0) {
      String fraction = String.format("%03d", millis);
      while (fraction.endsWith("0")) {
        fraction = fraction.substring(0, fraction.length() - 1);
      }
      out.append('.').append(fraction);
    }
    return out.append('Z').toString();
  }

  static String header(FlowHeader h) {
    final StringBuilder out = new StringBuilder(300).append("{\"id\":");
    GoJson.appendMarshalled(out, h.getId()).append(",\"parent_id\":");
    GoJson.appendMarshalled(out, h.getParentId()).append(",\"height\":\"").append(h.getHeight()).append("\",\"timestamp\":\"")
        .append(timestamp(h.getTimestampMs())).append("\",\"parent_voter_signature\":");
    return GoJson.appendMarshalled(out, h.getParentVoterSignature()).append('}').toString();
  }

  static String digest(FlowHeader h) {
    final StringBuilder out = new StringBuilder(150).append("{\"block_id\":");
    GoJson.appendMarshalled(out, h.getId()).append(",\"height\":\"").append(h.getHeight()).append("\",\"timestamp\":\"")
        .append(timestamp(h.getTimestampMs())).append("\"}");
    return out.toString();
  }

  /** commonmodels.Block with the payload expanded, without execution result. */
  static String block(FlowChainUpdate update) {
    final StringBuilder out = new StringBuilder(1024).append("{\"header\":").append(header(update.getHeader()))
        .append(",\"payload\":{\"collection_guarantees\":[");
    final List<FlowCollectionGuarantee> guarantees = update.getCollectionGuarantees();
    for (int i = 0; i < guarantees.size(); i++) {
      final FlowCollectionGuarantee g = guarantees.get(i);
      out.append(i > 0 ? ",{" : "{").append("\"collection_id\":");
      GoJson.appendMarshalled(out, g.getCollectionId()).append(",\"signer_indices\":");
      GoJson.appendMarshalled(out, g.getSignerIndices()).append(",\"signature\":");
      GoJson.appendMarshalled(out, g.getSignature()).append(",\"reference_block_id\":");
      GoJson.appendMarshalled(out, g.getReferenceBlockId()).append(",\"cluster_chain_id\":");
      GoJson.appendMarshalled(out, g.getClusterChainId()).append('}');
    }
    out.append("],\"block_seals\":[");
    final List<FlowBlockSeal> seals = update.getBlockSeals();
    for (int i = 0; i < seals.size(); i++) {
      final FlowBlockSeal s = seals.get(i);
      out.append(i > 0 ? ",{" : "{").append("\"block_id\":");
      GoJson.appendMarshalled(out, s.getBlockId()).append(",\"result_id\":");
      GoJson.appendMarshalled(out, s.getResultId()).append(",\"final_state\":");
      GoJson.appendMarshalled(out, s.getFinalState()).append(",\"aggregated_approval_signatures\":[");
      final List<FlowAggregatedSignature> signatures = s.getAggregatedApprovalSignatures();
      for (int j = 0; j < signatures.size(); j++) {
        out.append(j > 0 ? ",{" : "{").append("\"verifier_signatures\":");
        strings(out, signatures.get(j).getVerifierSignatures()).append(",\"signer_ids\":");
        strings(out, signatures.get(j).getSignerIds()).append('}');
      }
      out.append("]}");
    }
    out.append("]},\"_expandable\":{},\"_links\":{\"_self\":");
    GoJson.appendMarshalled(out, "/v1/blocks/" + update.getHeader().getId()).append("},\"block_status\":\"")
        .append(update.getStatus() == FlowBlockStatus.SEALED ? "BLOCK_SEALED" : "BLOCK_FINALIZED").append("\"}");
    return out.toString();
  }

  private static StringBuilder strings(StringBuilder out, List<String> values) {
    out.append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      GoJson.appendMarshalled(out, values.get(i));
    }
    return out.append(']');
  }

  /** commonmodels.Event: type, transaction_id, transaction_index, event_index, payload (base64 of JSON-CDC). */
  static String event(FlowEvent e) {
    final ByteBuffer payload = e.getPayload().duplicate();
    final byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    final StringBuilder out = new StringBuilder(200 + bytes.length * 4 / 3).append("{\"type\":");
    GoJson.appendMarshalled(out, e.getType()).append(",\"transaction_id\":");
    GoJson.appendMarshalled(out, e.getTransactionId()).append(",\"transaction_index\":\"").append(e.getTransactionIndex())
        .append("\",\"event_index\":\"").append(e.getEventIndex()).append("\",\"payload\":\"")
        .append(Base64.getEncoder().encodeToString(bytes)).append("\"}");
    return out.toString();
  }

  static String execution(FlowTransactionStatus status, String errorMessage) {
    if (!errorMessage.isEmpty() || status == FlowTransactionStatus.EXPIRED) {
      return "Failure";
    }
    return status == FlowTransactionStatus.SEALED ? "Success" : "Pending";
  }

  static String statusName(FlowTransactionStatus status) {
    final String name = status.name();
    return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
  }

  /** commonmodels.TransactionResult for one status (the given status may be a backfilled one). */
  static String transactionResult(FlowTransactionResult r, FlowTransactionStatus status) {
    final StringBuilder out = new StringBuilder(512).append("{\"block_id\":");
    GoJson.appendMarshalled(out, r.getBlockId()).append(",\"collection_id\":");
    GoJson.appendMarshalled(out, r.getCollectionId()).append(",\"execution\":\"").append(execution(status, r.getErrorMessage()))
        .append("\",\"status\":\"").append(statusName(status)).append("\",\"status_code\":").append(r.getStatusCode())
        .append(",\"error_message\":");
    GoJson.appendMarshalled(out, r.getErrorMessage()).append(",\"computation_used\":\"").append(r.getComputationUsed())
        .append("\",\"events\":[");
    for (int i = 0; i < r.getEvents().size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(event(r.getEvents().get(i)));
    }
    out.append("],\"_links\":{\"_self\":");
    return GoJson.appendMarshalled(out, "/v1/transaction_results/" + r.getTransactionId()).append("}}").toString();
  }

  private FlowPayloads() {}
}
