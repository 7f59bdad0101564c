package dev.blockwire.gateway.flow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.gojson.GoJson;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowTransactionResult;

/**
 * One update of flow.chain as the gateway holds it, with every rendering encoded once and shared
 * by all subscribers.
 *
 * @param seq position in the feed (Kafka offset)
 * @param eventsHead the start of every {@code events} payload of this block, up to its timestamp
 *     ({@code {"block_id":…,"block_height":"…","block_timestamp":"…"}} without the closing brace)
 */
record FlowBlockView(long seq, FlowChainUpdate update, String headerJson, String digestJson, String blockJson,
    String eventsHead, List<EventView> events) {

  /**
   * One event with what filters need.
   *
   * @param address the emitting contract's address (16 hex digits), or "" for flow.* events
   * @param contract A.address.Name or "flow"
   * @param accountAddress for core account events: the 0x-prefixed address the event belongs to, else null
   */
  record EventView(FlowEvent event, String type, String address, String contract, String accountAddress, String json) {}

  static FlowBlockView of(long seq, FlowChainUpdate update) {
    final List<EventView> events = new ArrayList<>(update.getEvents().size());
    for (FlowEvent e : update.getEvents()) {
      final String[] parts = e.getType().split("\\.", -1);
      final boolean account = parts.length >= 4 && parts[0].equals("A");
      final String address = account ? parts[1].toLowerCase(java.util.Locale.ROOT) : "";
      final String contract = account ? parts[0] + "." + parts[1] + "." + parts[2] : parts[0];
      events.add(new EventView(e, e.getType(), address, contract, accountAddress(e), FlowPayloads.event(e)));
    }
    return new FlowBlockView(seq, update, FlowPayloads.header(update.getHeader()),
        FlowPayloads.digest(update.getHeader()), FlowPayloads.block(update), eventsHead(update), List.copyOf(events));
  }

  private static String eventsHead(FlowChainUpdate update) {
    final StringBuilder out = new StringBuilder(160).append("{\"block_id\":");
    GoJson.appendMarshalled(out, update.getHeader().getId()).append(",\"block_height\":\"")
        .append(update.getHeader().getHeight()).append("\",\"block_timestamp\":\"")
        .append(FlowPayloads.timestamp(update.getHeader().getTimestampMs())).append('"');
    return out.toString();
  }

  long height() {
    return update.getHeader().getHeight();
  }

  String id() {
    return update.getHeader().getId();
  }

  FlowBlockStatus status() {
    return update.getStatus();
  }

  List<FlowTransactionResult> transactionResults() {
    return update.getTransactionResults();
  }

  /** The account a core account event is about: the {@code address} (or {@code provider}) field of its JSON-CDC value. */
  private static String accountAddress(FlowEvent e) {
    if (!FlowArguments.ACCOUNT_EVENT_TYPES.contains(e.getType())) {
      return null;
    }
    try {
      final ByteBuffer payload = e.getPayload().duplicate();
      final byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      final JsonNode fields = Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8)).path("value").path("fields");
      for (String name : List.of("address", "provider", "recipient")) {
        for (JsonNode field : fields) {
          if (name.equals(field.path("name").asText())) {
            final JsonNode value = field.path("value");
            final JsonNode inner = value.path("type").asText().equals("Optional") ? value.path("value") : value;
            final String text = inner.path("value").asText("");
            if (!text.isEmpty()) {
              return FlowAddresses.parse(text).map(a -> "0x" + FlowAddresses.hex(a)).orElse(null);
            }
          }
        }
      }
    } catch (java.io.IOException | RuntimeException ex) {
      return null;
    }
    return null;
  }
}
