package dev.blockwire.gateway.near;

import java.nio.ByteBuffer;
import java.util.Base64;

import dev.blockwire.schemas.near.NearEvent;

/**
 * A place in the NEAR chain between two events: just after the event at ({@code height},
 * {@code receipt}, {@code log}), or just after the whole block {@code height} ({@link #isEnd()}).
 * Derived from chain position only, so a cursor made by one gateway instance means the same
 * place to every other instance and after restarts. Events are ordered by height, then receipt
 * position in the block (across shards), then log index.
 *
 * <p>The cursor is the position as opaque text: base64url (no padding) of a versioned binary
 * form, {@code 0x01}, a form byte (0 = after an event, 1 = after a block), the height, and for an
 * event its shard, receipt position and log index.
 *
 * @param height block height; -1 for "before every block"
 * @param shard the event's shard (carried for the reader; not used in ordering); -1 for a block end
 * @param receipt the receipt outcome's position in the block; {@link Integer#MAX_VALUE} for a block end
 * @param log the log line's index in the receipt outcome; {@link Integer#MAX_VALUE} for a block end
 */
public record NearPosition(long height, int shard, int receipt, int log) implements Comparable<NearPosition> {

  private static final byte VERSION = 1;
  private static final byte FORM_EVENT = 0;
  private static final byte FORM_BLOCK_END = 1;
  private static final int EVENT_BYTES = 2 + 8 + 4 + 4 + 4;
  private static final int BLOCK_END_BYTES = 2 + 8;

  /** Just after this event. */
  public static NearPosition of(NearEvent event) {
    return new NearPosition(event.getBlockHeight(), event.getShardId(), event.getReceiptIndex(), event.getLogIndex());
  }

  /** Just after every event of block {@code height}. */
  public static NearPosition endOf(long height) {
    return new NearPosition(height, -1, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** Just before every event of block {@code height} (so {@code from_block} is inclusive). */
  public static NearPosition before(long height) {
    return endOf(height - 1);
  }

  public boolean isEnd() {
    return receipt == Integer.MAX_VALUE && log == Integer.MAX_VALUE;
  }

  /** The lowest height a replay after this position still has to look at. */
  public long firstHeightNeeded() {
    return isEnd() ? height + 1 : height;
  }

  /** Whether an event of the chain comes after this position. */
  public boolean precedes(NearEvent event) {
    if (event.getBlockHeight() != height) {
      return event.getBlockHeight() > height;
    }
    if (event.getReceiptIndex() != receipt) {
      return event.getReceiptIndex() > receipt;
    }
    return event.getLogIndex() > log;
  }

  @Override
  public int compareTo(NearPosition other) {
    if (height != other.height) {
      return Long.compare(height, other.height);
    }
    if (receipt != other.receipt) {
      return Integer.compare(receipt, other.receipt);
    }
    return Integer.compare(log, other.log);
  }

  /** The later of two positions; {@code other} may be null. */
  public NearPosition max(NearPosition other) {
    return other == null || compareTo(other) >= 0 ? this : other;
  }

  /** This position as an opaque cursor. */
  public String cursor() {
    final ByteBuffer bytes = ByteBuffer.allocate(isEnd() ? BLOCK_END_BYTES : EVENT_BYTES);
    bytes.put(VERSION).put(isEnd() ? FORM_BLOCK_END : FORM_EVENT).putLong(height);
    if (!isEnd()) {
      bytes.putInt(shard).putInt(receipt).putInt(log);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /** The position a cursor names, or null when the text is not a cursor of this service. */
  public static NearPosition parseCursor(String cursor) {
    final byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(cursor);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length < BLOCK_END_BYTES || raw[0] != VERSION) {
      return null;
    }
    final ByteBuffer bytes = ByteBuffer.wrap(raw, 2, raw.length - 2);
    final long height = bytes.getLong();
    if (height < -1) {
      return null;
    }
    if (raw[1] == FORM_BLOCK_END && raw.length == BLOCK_END_BYTES) {
      return endOf(height);
    }
    if (raw[1] == FORM_EVENT && raw.length == EVENT_BYTES && height >= 0) {
      final int shard = bytes.getInt();
      final int receipt = bytes.getInt();
      final int log = bytes.getInt();
      if (shard < 0 || receipt < 0 || log < 0 || receipt == Integer.MAX_VALUE) {
        return null;
      }
      return new NearPosition(height, shard, receipt, log);
    }
    return null;
  }
}
