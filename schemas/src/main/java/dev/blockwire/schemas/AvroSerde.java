package dev.blockwire.schemas;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

import org.apache.avro.Conversion;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro class using Avro single-object encoding (marker, schema
 * fingerprint, binary body), so any consumer holding the schemas jar can read the records.
 *
 * <p>Encoding and decoding use the generated classes' own field-by-field coders
 * ({@code customEncode}/{@code customDecode}), which Avro 1.12 leaves off by default: its generic
 * path looks every field up by position, resolves every union by type and walks the schema per
 * record (most of the processor's encoding time, BENCHMARKS.md). The bytes are the same
 * ({@code AvroSerdeTest} compares them with Avro's {@code BinaryMessageEncoder}).
 *
 * <p>Thread-safe: each thread encodes into its own reused buffer.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  /** Avro's single-object marker: {@code C3 01}, then the schema's 64-bit fingerprint, little-endian. */
  private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};
  /** Bytes before the binary body in every encoded record: the marker and the fingerprint. */
  public static final int HEADER_BYTES = MARKER.length + Long.BYTES;
  /** A thread's buffer is kept for the next record up to this size; a larger one is dropped after use. */
  private static final int KEPT_BUFFER_BYTES = 1 << 20;
  /** One buffer and encoder per thread, shared by every serde: an encode never calls another. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final Class<T> type;
  private final byte[] header;
  private final DatumWriter<T> writer;
  private final BinaryMessageDecoder<T> decoder;

  @SuppressWarnings("unchecked")
  private AvroSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type);
    final SpecificData model = withCustomCoders(type);
    final Schema schema = model.getSchema(type);
    this.header = header(schema);
    this.writer = (DatumWriter<T>) model.createDatumWriter(schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  public Class<T> type() {
    return type;
  }

  /** Encodes a record; never returns null. */
  public byte[] encode(T record) {
    final Scratch scratch = SCRATCH.get();
    boolean written = false;
    try {
      scratch.out.reset();
      scratch.out.write(header, 0, header.length);
      final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(scratch.out, scratch.encoder);
      scratch.encoder = encoder;
      writer.write(record, encoder);
      encoder.flush();
      written = true;
      return scratch.out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!written) {
        scratch.encoder = null; // a failed write leaves bytes in the encoder's buffer: never reuse it
      }
      scratch.out.shrink();
    }
  }

  /**
   * Decodes a record.
   *
   * @throws SerializationException if the bytes are not a single-object encoded {@code T}
   */
  public T decode(byte[] bytes) {
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("not a " + type.getSimpleName() + " record: " + e.getMessage(), e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, data) -> data == null ? null : encode(data);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, data) -> data == null ? null : decode(data);
  }

  /**
   * A model of its own for {@code type}, with the class's logical-type conversions and custom
   * coders on. The class's shared model is left as it is.
   */
  private static SpecificData withCustomCoders(Class<?> type) {
    final SpecificData classModel = SpecificData.getForClass(type);
    final SpecificData model = new SpecificData(type.getClassLoader());
    for (Conversion<?> conversion : classModel.getConversions()) {
      model.addLogicalTypeConversion(conversion);
    }
    model.setCustomCoders(true);
    return model;
  }

  private static byte[] header(Schema schema) {
    final long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    final byte[] header = Arrays.copyOf(MARKER, HEADER_BYTES);
    for (int i = 0; i < Long.BYTES; i++) {
      header[MARKER.length + i] = (byte) (fingerprint >>> (8 * i));
    }
    return header;
  }

  /** A thread's output buffer and the encoder Avro lets us reuse on it. */
  private static final class Scratch {
    final Output out = new Output();
    BinaryEncoder encoder;
  }

  /** A growable byte array without {@code ByteArrayOutputStream}'s locking. */
  private static final class Output extends OutputStream {
    private byte[] bytes = new byte[8192];
    private int count;

    void reset() {
      count = 0;
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
      ensure(length);
      System.arraycopy(source, offset, bytes, count, length);
      count += length;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, count);
    }

    void shrink() {
      if (bytes.length > KEPT_BUFFER_BYTES) {
        bytes = new byte[8192];
      }
      count = 0;
    }

    private void ensure(int more) {
      if (bytes.length - count < more) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
      }
    }
  }
}
