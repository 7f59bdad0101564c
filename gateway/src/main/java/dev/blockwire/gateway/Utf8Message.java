package dev.blockwire.gateway;

import java.nio.charset.StandardCharsets;

/**
 * One outgoing text message held as the UTF-8 bytes of its parts, in order. The part every
 * receiver shares (an event's or a log's JSON, encoded once per event) is referenced, not copied;
 * only the small per-connection parts (the NEAR {@code secret}, the subscription id, a cursor)
 * are this message's own. {@link TextFrameWriter} copies the parts once, straight into the frame.
 * Immutable; the byte arrays must not be changed after they are handed in.
 */
public final class Utf8Message {

  private final byte[][] parts;
  private final int partCount;
  private final int length;
  /** The text when the message was made from one (replies), so the Tyrus fallback need not decode. */
  private final String text;

  private Utf8Message(byte[][] parts, int partCount, int length, String text) {
    this.parts = parts;
    this.partCount = partCount;
    this.length = length;
    this.text = text;
  }

  /** A message of one text. */
  public static Utf8Message of(String text) {
    final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new Utf8Message(new byte[][] {bytes}, 1, bytes.length, text);
  }

  /** A message of these parts (UTF-8, in order); a part may be shared with other messages. */
  public static Utf8Message of(byte[]... parts) {
    return builder(parts.length).addAll(parts).build();
  }

  /** A builder for a message of at most {@code maxParts} parts. */
  public static Builder builder(int maxParts) {
    return new Builder(maxParts);
  }

  /** The UTF-8 bytes of a constant part. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The message's length in UTF-8 bytes. */
  public int length() {
    return length;
  }

  /** Copies the message's bytes into {@code out} at {@code at}; returns the index after them. */
  public int copyTo(byte[] out, int at) {
    for (int i = 0; i < partCount; i++) {
      final byte[] part = parts[i];
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return at;
  }

  /** The message's UTF-8 bytes in one new array. */
  public byte[] bytes() {
    final byte[] out = new byte[length];
    copyTo(out, 0);
    return out;
  }

  /** The message as text (decoded unless it was made from a text). */
  public String text() {
    return text != null ? text : new String(bytes(), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return text();
  }

  /** Collects the parts of one message. Not thread-safe; build once. */
  public static final class Builder {
    private final byte[][] parts;
    private int count;
    private int length;

    private Builder(int maxParts) {
      this.parts = new byte[maxParts][];
    }

    public Builder add(byte[] part) {
      parts[count++] = part;
      length += part.length;
      return this;
    }

    public Builder addAll(byte[]... more) {
      for (byte[] part : more) {
        add(part);
      }
      return this;
    }

    public Utf8Message build() {
      return new Utf8Message(parts, count, length, null);
    }
  }
}
