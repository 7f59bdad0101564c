package dev.blockwire.ingest.eth.node;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;

import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.eth.EthBlock;

/**
 * Writes raw blocks to the topic: key {@code NetworkKey(network)}, value the {@link EthBlock}, record
 * timestamp the block time in ms; an idempotent producer with {@code acks=all}, flushed and
 * acknowledged per block, so a block is durable (and visible) before the next one is fetched.
 */
final class KafkaBlockSink implements BlockSink, AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private final String topic;
  private final NetworkKey key;
  private final Producer<NetworkKey, EthBlock> producer;

  KafkaBlockSink(EthNodeConfig config) {
    this(config.topic(), config.network(), newProducer(config));
  }

  KafkaBlockSink(String topic, String network, Producer<NetworkKey, EthBlock> producer) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.key = Serdes.networkKey(network);
    this.producer = Objects.requireNonNull(producer, "producer");
  }

  @Override
  public void write(EthBlock block) {
    final long timestampMs = Math.multiplyExact(block.getHeader().getTimestamp(), 1000L);
    final Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, null, timestampMs, key, block));
    producer.flush();
    try {
      ack.get();
    } catch (ExecutionException e) {
      throw new EthNodeSourceException("writing block " + block.getHeader().getNumber() + " ("
          + block.getHeader().getHash() + ") to " + topic + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }

  private static Producer<NetworkKey, EthBlock> newProducer(EthNodeConfig config) {
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "blockwire-eth-node-" + config.network());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(dev.blockwire.schemas.Topics.MAX_RECORD_BYTES));
    return new KafkaProducer<>(props, Serdes.NETWORK_KEY.serializer(), Serdes.ETH_BLOCK.serializer());
  }
}
