package dev.blockwire.gateway.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.gojson.GoJson;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import dev.blockwire.schemas.flow.FlowTransactionStatus;

/**
 * One subscription of a /v1/ws connection. The request side (id, topic, arguments) is immutable;
 * the stream state (cursor into the feed, message index, heartbeat count, pending frames, pacing)
 * belongs to the feed's dispatch thread. {@link #deliver} and {@link #cancel} synchronise so that
 * nothing is sent after the unsubscribe ack.
 */
final class FlowSubscription {

  /** Blocks after which a transaction never seen is reported expired (flow-go's default expiry). */
  static final int UNKNOWN_TRANSACTION_EXPIRY_BLOCKS = 600;

  final String id;
  final FlowSpec spec;
  final JsonNode arguments;
  final FlowSession session;
  private boolean cancelled;
  private final AtomicBoolean ended = new AtomicBoolean();

  // --- owned by the dispatch thread ---
  boolean started;
  long nextSeq;
  long minHeight;
  long messageIndex;
  long blocksSinceLastMessage;
  int lastTxStatus = -1;
  long unknownBlocks;
  boolean finished;
  long nextSendNanos;
  final ArrayDeque<String> pending = new ArrayDeque<>();

  FlowSubscription(String id, FlowSpec spec, JsonNode arguments, FlowSession session) {
    this.id = id;
    this.spec = spec;
    this.arguments = arguments;
    this.session = session;
  }

  String topicName() {
    return spec.topic().wireName();
  }

  /** Sends a frame unless the subscription was cancelled; false when cancelled or the connection is gone. */
  synchronized boolean deliver(String frame) {
    return !cancelled && session.send(frame);
  }

  /** Stops all further frames (unsubscribe or close). */
  synchronized void cancel() {
    cancelled = true;
  }

  synchronized boolean isCancelled() {
    return cancelled;
  }

  /** True the first time only: the one place a subscription's slots are released. */
  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }

  /** The data frames this update produces for this subscription (possibly none). */
  List<String> produce(FlowBlockView view) {
    switch (spec.topic()) {
      case BLOCKS, BLOCK_HEADERS, BLOCK_DIGESTS -> {
        if (view.status() != spec.blockStatus() || view.height() < minHeight) {
          return List.of();
        }
        final String payload = spec.topic() == FlowTopic.BLOCKS ? view.blockJson()
            : spec.topic() == FlowTopic.BLOCK_HEADERS ? view.headerJson() : view.digestJson();
        return List.of(FlowCodec.data(id, topicName(), payload));
      }
      case EVENTS -> {
        return view.status() == FlowBlockStatus.SEALED && view.height() >= minHeight ? events(view) : List.of();
      }
      case ACCOUNT_STATUSES -> {
        return view.status() == FlowBlockStatus.SEALED && view.height() >= minHeight ? accounts(view) : List.of();
      }
      case TRANSACTION_STATUSES -> {
        return transactions(view);
      }
      default -> {
        return List.of();
      }
    }
  }

  private List<String> events(FlowBlockView view) {
    final List<String> matched = new ArrayList<>();
    for (FlowBlockView.EventView event : view.events()) {
      if (matches(event)) {
        matched.add(event.json());
      }
    }
    blocksSinceLastMessage++;
    if (matched.isEmpty() && blocksSinceLastMessage < spec.heartbeatInterval()) {
      return List.of();
    }
    blocksSinceLastMessage = 0;
    int length = view.eventsHead().length() + 48;
    for (String event : matched) {
      length += event.length() + 1;
    }
    final StringBuilder out = new StringBuilder(length).append(view.eventsHead()); // rendered once per block
    if (!matched.isEmpty()) {
      out.append(",\"events\":[");
      for (int i = 0; i < matched.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(matched.get(i));
      }
      out.append(']');
    }
    out.append(",\"message_index\":").append(messageIndex++).append('}');
    return List.of(FlowCodec.data(id, topicName(), out.toString()));
  }

  /** flow-go's EventFilter: no constraint matches everything, else any list may match (OR). */
  private boolean matches(FlowBlockView.EventView event) {
    if (spec.eventTypes().isEmpty() && spec.addresses().isEmpty() && spec.contracts().isEmpty()) {
      return true;
    }
    return spec.eventTypes().contains(event.type())
        || (!event.address().isEmpty() && spec.addresses().contains(event.address()))
        || spec.contracts().contains(event.contract());
  }

  private List<String> accounts(FlowBlockView view) {
    final Map<String, List<String>> byAccount = new TreeMap<>(GoJson::compareUtf8);
    for (FlowBlockView.EventView event : view.events()) {
      final String account = event.accountAddress();
      if (account == null || !spec.eventTypes().contains(event.type())) {
        continue;
      }
      if (!spec.addresses().isEmpty() && !spec.addresses().contains(account.substring(2))) {
        continue;
      }
      byAccount.computeIfAbsent(account, a -> new ArrayList<>()).add(event.json());
    }
    blocksSinceLastMessage++;
    if (byAccount.isEmpty() && blocksSinceLastMessage < spec.heartbeatInterval()) {
      return List.of();
    }
    blocksSinceLastMessage = 0;
    final StringBuilder out = new StringBuilder(256).append("{\"block_id\":");
    GoJson.appendMarshalled(out, view.id()).append(",\"height\":\"").append(view.height()).append("\",\"account_events\":{");
    boolean first = true;
    for (Map.Entry<String, List<String>> entry : byAccount.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      GoJson.appendMarshalled(out, entry.getKey()).append(":[").append(String.join(",", entry.getValue())).append(']');
    }
    out.append("},\"message_index\":").append(messageIndex++).append('}');
    return List.of(FlowCodec.data(id, topicName(), out.toString()));
  }

  private List<String> transactions(FlowBlockView view) {
    final List<String> frames = new ArrayList<>();
    for (FlowTransactionResult result : view.transactionResults()) {
      if (finished || !result.getTransactionId().equals(spec.txId())) {
        continue;
      }
      final FlowTransactionStatus status = result.getStatus();
      if (status == FlowTransactionStatus.EXPIRED) {
        if (lastTxStatus < 0) {
          frames.add(txFrame(result, FlowTransactionStatus.PENDING));
        }
        frames.add(txFrame(result, FlowTransactionStatus.EXPIRED));
        finished = true;
        continue;
      }
      for (int s = lastTxStatus + 1; s <= status.ordinal(); s++) {
        frames.add(txFrame(result, FlowTransactionStatus.values()[s])); // backfill skipped statuses, as flow-go
      }
      lastTxStatus = Math.max(lastTxStatus, status.ordinal());
      if (status == FlowTransactionStatus.SEALED) {
        finished = true;
      }
    }
    if (!finished && lastTxStatus < 0 && view.status() == FlowBlockStatus.FINALIZED
        && ++unknownBlocks >= UNKNOWN_TRANSACTION_EXPIRY_BLOCKS) {
      final FlowTransactionResult unknown = FlowTransactionResult.newBuilder().setTransactionId(spec.txId())
          .setStatus(FlowTransactionStatus.EXPIRED).build();
      frames.add(txFrame(unknown, FlowTransactionStatus.PENDING));
      frames.add(txFrame(unknown, FlowTransactionStatus.EXPIRED));
      finished = true;
    }
    return frames;
  }

  private String txFrame(FlowTransactionResult result, FlowTransactionStatus status) {
    final String payload = "{\"transaction_result\":" + FlowPayloads.transactionResult(result, status)
        + ",\"message_index\":" + messageIndex++ + "}";
    return FlowCodec.data(id, topicName(), payload);
  }
}
