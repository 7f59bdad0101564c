package dev.blockwire.ingest.eth.node;

import dev.blockwire.schemas.eth.EthBlock;

/** Where the follower writes blocks: the raw topic ({@link KafkaBlockSink}), or a list in tests. */
interface BlockSink {

  /**
   * Writes one block durably before returning.
   *
   * @throws EthNodeSourceException if it cannot be written
   */
  void write(EthBlock block);
}
