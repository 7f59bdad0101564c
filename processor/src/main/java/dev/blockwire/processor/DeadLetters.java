package dev.blockwire.processor;

import java.nio.ByteBuffer;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import dev.blockwire.schemas.common.DeadLetter;

/** Builds {@link DeadLetter} records that point back at the input record being processed. */
public final class DeadLetters {

  /**
   * A dead letter with its source topic, partition, offset and timestamp taken from the record
   * being processed, and every other field given.
   *
   * @param context the processing context; its record metadata is absent only for punctuations,
   *     in which case topic is "" and partition and offset are -1
   * @param recordTimestamp the timestamp of the input record
   * @param code machine-readable, see {@link DeadLetterCodes}; never null
   * @param reason one readable sentence; never null
   * @param network may be null when unknown
   * @param blockHeight may be null when unknown
   * @param location where inside the record, e.g. {@code receipt X log 3}; may be null
   * @param payload the rejected bytes; null is stored as empty
   */
  public static DeadLetter of(ProcessingContext context, long recordTimestamp, String code, String reason,
      String network, Long blockHeight, String location, byte[] payload) {
    final Optional<RecordMetadata> metadata = context.recordMetadata();
    return DeadLetter.newBuilder()
        .setSourceTopic(metadata.map(RecordMetadata::topic).orElse(""))
        .setSourcePartition(metadata.map(RecordMetadata::partition).orElse(-1))
        .setSourceOffset(metadata.map(RecordMetadata::offset).orElse(-1L))
        .setSourceTimestampMs(recordTimestamp)
        .setCode(code)
        .setReason(reason)
        .setNetwork(network)
        .setBlockHeight(blockHeight)
        .setLocation(location)
        .setPayload(ByteBuffer.wrap(payload == null ? new byte[0] : payload))
        .build();
  }

  private DeadLetters() {}
}
