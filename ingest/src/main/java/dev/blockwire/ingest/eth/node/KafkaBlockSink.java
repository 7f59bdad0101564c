package dev.blockwire.ingest.eth.node;

import dev.blockwire.ingest.kafka.RawBlockWriter;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.eth.EthBlock;

/**
 * Writes raw blocks to the topic through the shared {@link RawBlockWriter}: key
 * {@code NetworkKey(network)}, value the {@link EthBlock}, record timestamp the block time in ms; an
 * idempotent producer with {@code acks=all}, flushed and acknowledged per block, so a block is durable
 * (and visible) before the next one is fetched.
 */
final class KafkaBlockSink implements BlockSink, AutoCloseable {

  private final RawBlockWriter<EthBlock> writer;

  KafkaBlockSink(EthNodeConfig config) {
    this(new RawBlockWriter<>(config.bootstrapServers(), "blockwire-eth-node-" + config.network(), config.topic(),
        config.network(), Serdes.ETH_BLOCK));
  }

  KafkaBlockSink(RawBlockWriter<EthBlock> writer) {
    this.writer = writer;
  }

  @Override
  public void write(EthBlock block) {
    try {
      writer.write(block, Math.multiplyExact(block.getHeader().getTimestamp(), 1000L));
    } catch (RawBlockWriter.WriteFailedException e) {
      throw new EthNodeSourceException("writing block " + block.getHeader().getNumber() + " ("
          + block.getHeader().getHash() + ") to " + writer.topic() + " failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    writer.close();
  }
}
