package dev.blockwire.processor.near;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryData;

import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;

/**
 * Encodes one block's NEAR output records, each event once: an event's record on
 * {@code near.events} is its single-object encoding, and the block's record on
 * {@code near.events.blocks} holds the same event bodies in its {@code events} array, so they are
 * copied there instead of being encoded a second time (half of the NEAR encoding work,
 * BENCHMARKS.md). The bytes are exactly those of {@link Serdes#NEAR_EVENT} and
 * {@link Serdes#NEAR_BLOCK_EVENTS} ({@code NearEventsEncoderTest}). Stateless and thread-safe.
 */
public final class NearEventsEncoder {

  static {
    // The block record is its head fields then the events array: the array is appended to the head's bytes.
    final List<Schema.Field> fields = NearBlockEvents.getClassSchema().getFields();
    if (!fields.get(fields.size() - 1).name().equals("events")) {
      throw new IllegalStateException("NearBlockEvents no longer ends with its events: " + fields);
    }
  }

  /** A block's records: the event values in the block's order, and the block value. */
  public record Encoded(List<byte[]> events, byte[] block) {}

  private NearEventsEncoder() {}

  public static Encoded encode(NearBlockEvents block) {
    final List<NearEvent> events = block.getEvents();
    final List<byte[]> values = new ArrayList<>(events.size());
    long bodies = 0;
    for (NearEvent event : events) {
      final byte[] value = Serdes.NEAR_EVENT.encode(event);
      values.add(value);
      bodies += value.length - AvroSerde.HEADER_BYTES;
    }
    // The head fields, with an empty array: a single 0 byte (the array's end) closes it.
    final byte[] head = Serdes.NEAR_BLOCK_EVENTS.encode(new NearBlockEvents(block.getNetwork(),
        block.getBlockHeight(), block.getBlockHash(), block.getPrevHash(), block.getBlockTimestampNanos(),
        block.getBlockEpochId(), List.of()));
    if (values.isEmpty()) {
      return new Encoded(values, head);
    }
    final int headLength = head.length - 1;
    final byte[] count = new byte[10];
    final int countLength = BinaryData.encodeLong(values.size(), count, 0);
    final long total = headLength + countLength + bodies + 1;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("the block record of " + block.getNetwork() + " block "
          + block.getBlockHeight() + " would be " + total + " bytes");
    }
    final byte[] out = new byte[(int) total];
    System.arraycopy(head, 0, out, 0, headLength);
    int at = headLength;
    System.arraycopy(count, 0, out, at, countLength);
    at += countLength;
    for (byte[] value : values) {
      final int length = value.length - AvroSerde.HEADER_BYTES;
      System.arraycopy(value, AvroSerde.HEADER_BYTES, out, at, length);
      at += length;
    }
    out[at] = 0; // one block of items, then the array's end
    return new Encoded(values, out);
  }
}
