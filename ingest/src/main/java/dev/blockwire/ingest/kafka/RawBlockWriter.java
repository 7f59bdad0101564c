package dev.blockwire.ingest.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.NetworkKey;

/**
 * Writes raw blocks of one network to a raw topic the way every node-following source does: key
 * {@code NetworkKey(network)}, the block as value, the block time (ms) as record timestamp; an
 * idempotent producer with {@code acks=all}, flushed and acknowledged per block, so a block is durable
 * (and visible to a resuming source) before the next one is written.
 *
 * <p>Not thread-safe: one writing thread per source.
 *
 * @param <B> the raw block record
 */
public final class RawBlockWriter<B extends SpecificRecord> implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final String topic;
  private final NetworkKey key;
  private final Producer<NetworkKey, B> producer;

  /** A writer with its own producer ({@link #producerProperties}). */
  public RawBlockWriter(String bootstrapServers, String clientId, String topic, String network, AvroSerde<B> serde) {
    this(topic, network, new KafkaProducer<>(producerProperties(bootstrapServers, clientId),
        Serdes.NETWORK_KEY.serializer(), serde.serializer()));
  }

  /** A writer on a given producer (tests). */
  public RawBlockWriter(String topic, String network, Producer<NetworkKey, B> producer) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.key = Serdes.networkKey(network);
    this.producer = Objects.requireNonNull(producer, "producer");
  }

  /**
   * The producer settings every raw source uses: idempotent, {@code acks=all}, no linger (one block
   * per send), bounded blocking and delivery times, records up to {@link Topics#MAX_RECORD_BYTES}.
   */
  public static Properties producerProperties(String bootstrapServers, String clientId) {
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_RECORD_BYTES));
    return props;
  }

  /** The topic written. */
  public String topic() {
    return topic;
  }

  /**
   * Writes one block and waits for its acknowledgement.
   *
   * @param headers record headers (UTF-8 values), e.g. source annotations consumers may ignore; never null
   * @throws WriteFailedException if Kafka did not acknowledge the record
   * @throws InterruptException if interrupted while waiting
   */
  public void write(B block, long timestampMs, Map<String, String> headers) {
    final List<Header> recordHeaders = new ArrayList<>(headers.size());
    headers.forEach((name, value) -> recordHeaders.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
    final Future<RecordMetadata> ack = producer.send(
        new ProducerRecord<>(topic, null, timestampMs, key, block, recordHeaders));
    producer.flush();
    try {
      ack.get();
    } catch (ExecutionException e) {
      throw new WriteFailedException(topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  /** As {@link #write(SpecificRecord, long, Map)} without headers. */
  public void write(B block, long timestampMs) {
    write(block, timestampMs, Map.of());
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }

  /** Kafka did not acknowledge a block; the cause is the producer's error. */
  public static final class WriteFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    WriteFailedException(String topic, Throwable cause) {
      super("writing to " + topic + " failed: " + cause, cause);
    }
  }
}
