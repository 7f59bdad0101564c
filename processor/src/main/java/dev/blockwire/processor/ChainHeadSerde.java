package dev.blockwire.processor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde of {@link ChainHead} for state stores and their changelogs (internal topics only):
 * a format byte ({@value #FORMAT}), the height as 8 bytes big-endian, then the hash in UTF-8.
 */
public final class ChainHeadSerde implements Serde<ChainHead> {

  static final byte FORMAT = 1;

  @Override
  public Serializer<ChainHead> serializer() {
    return (topic, head) -> head == null ? null : encode(head);
  }

  @Override
  public Deserializer<ChainHead> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  static byte[] encode(ChainHead head) {
    final byte[] hash = head.hash().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + Long.BYTES + hash.length)
        .put(FORMAT)
        .putLong(head.height())
        .put(hash)
        .array();
  }

  static ChainHead decode(byte[] bytes) {
    if (bytes.length < 1 + Long.BYTES || bytes[0] != FORMAT) {
      throw new SerializationException("not a chain head (format " + FORMAT + "), " + bytes.length + " bytes");
    }
    final ByteBuffer buffer = ByteBuffer.wrap(bytes);
    buffer.get();
    final long height = buffer.getLong();
    return new ChainHead(height, new String(bytes, buffer.position(), buffer.remaining(), StandardCharsets.UTF_8));
  }
}
