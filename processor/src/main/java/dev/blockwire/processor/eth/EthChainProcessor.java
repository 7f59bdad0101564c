package dev.blockwire.processor.eth;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.processor.DeadLetterCodes;
import dev.blockwire.processor.DeadLetters;
import dev.blockwire.processor.eth.ChainDecision.Changed;
import dev.blockwire.processor.eth.ChainDecision.Rejected;
import dev.blockwire.processor.eth.ChainDecision.Unchanged;
import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthLog;
import dev.blockwire.schemas.eth.EthLogKey;
import dev.blockwire.schemas.eth.EthRawLog;

/**
 * Feeds raw Ethereum blocks ({@code eth.blocks.raw}) and raw logs ({@code eth.logs.raw}) to the
 * {@link CanonicalChain} of the window stores and forwards what it decides to the named sinks of
 * {@link EthChainTopology}: one {@link EthChainUpdate} per change, then one {@link EthLog} per log
 * in the update's order (removed logs, the added blocks' logs, appended logs), or a dead letter.
 * Input that cannot be used becomes a dead letter; nothing here throws for bad input.
 *
 * <p>Both raw topics are keyed by network and have one partition per network, so one task sees a
 * network's blocks and logs together, in the order Streams picks between the two partitions
 * (by record timestamp).
 */
final class EthChainProcessor implements Processor<byte[], byte[], SpecificRecord, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(EthChainProcessor.class);

  private final int windowDepth;
  private final String blocksTopic;
  private final String logsTopic;
  private ProcessorContext<SpecificRecord, SpecificRecord> context;
  private CanonicalChain chain;

  /** @param windowDepth blocks kept behind the head, at least 1 */
  EthChainProcessor(int windowDepth) {
    this(windowDepth, Topics.ETH_BLOCKS_RAW, Topics.ETH_LOGS_RAW);
  }

  /**
   * @param windowDepth blocks kept behind the head, at least 1
   * @param blocksTopic the raw block topic this processor reads (tells blocks from logs)
   * @param logsTopic the raw log topic this processor reads
   */
  EthChainProcessor(int windowDepth, String blocksTopic, String logsTopic) {
    if (windowDepth < 1) {
      throw new IllegalArgumentException("windowDepth must be at least 1: " + windowDepth);
    }
    this.windowDepth = windowDepth;
    this.blocksTopic = blocksTopic;
    this.logsTopic = logsTopic;
  }

  @Override
  public void init(ProcessorContext<SpecificRecord, SpecificRecord> context) {
    this.context = context;
    this.chain = new CanonicalChain(new KeyValueChainStore(context.getStateStore(EthChainTopology.HEAD_STORE),
        context.getStateStore(EthChainTopology.CANONICAL_STORE), context.getStateStore(EthChainTopology.BLOCKS_STORE)),
        windowDepth);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    final String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
    if (blocksTopic.equals(topic)) {
      onBlock(record);
    } else if (logsTopic.equals(topic)) {
      onLog(record);
    } else {
      reject(record, DeadLetterCodes.UNDECODABLE_RECORD, "a record from topic \"" + topic + "\", which the Ethereum"
          + " processor does not read", null, null, null);
    }
  }

  private void onBlock(Record<byte[], byte[]> record) {
    final EthBlock block = decode(record, Serdes.ETH_BLOCK);
    if (block == null) {
      return;
    }
    if (record.key() == null) {
      reject(record, DeadLetterCodes.UNDECODABLE_RECORD, "the record has no key; raw Ethereum blocks are keyed by"
          + " network", block.getNetwork(), block.getHeader().getNumber(), null);
      return;
    }
    final ChainDecision decision;
    try {
      decision = chain.decideBlock(block);
    } catch (RuntimeException e) {
      log.error("{} block {}: deciding its place in the chain failed; the block goes to the dead letters whole",
          block.getNetwork(), block.getHeader().getNumber(), e);
      reject(record, DeadLetterCodes.PROCESSING_ERROR, "deciding the block's place in the chain failed: " + e,
          block.getNetwork(), block.getHeader().getNumber(), null);
      return;
    }
    handle(record, decision, block.getNetwork(), block.getHeader().getNumber());
  }

  private void onLog(Record<byte[], byte[]> record) {
    final EthRawLog raw = decode(record, Serdes.ETH_RAW_LOG);
    if (raw == null) {
      return;
    }
    if (record.key() == null) {
      reject(record, DeadLetterCodes.UNDECODABLE_RECORD, "the record has no key; raw Ethereum logs are keyed by"
          + " network", raw.getNetwork(), raw.getLog().getBlockNumber(), "log index " + raw.getLog().getLogIndex());
      return;
    }
    final ChainDecision decision;
    try {
      decision = chain.decideLog(raw);
    } catch (RuntimeException e) {
      log.error("{} log {} of block {}: deciding what it changes failed; it goes to the dead letters", raw.getNetwork(),
          raw.getLog().getLogIndex(), raw.getLog().getBlockNumber(), e);
      reject(record, DeadLetterCodes.PROCESSING_ERROR, "deciding what the log changes failed: " + e, raw.getNetwork(),
          raw.getLog().getBlockNumber(), "log index " + raw.getLog().getLogIndex());
      return;
    }
    handle(record, decision, raw.getNetwork(), raw.getLog().getBlockNumber());
  }

  /** Decodes the value, or dead-letters the record and returns null. */
  private <T extends SpecificRecord> T decode(Record<byte[], byte[]> record, AvroSerde<T> serde) {
    if (record.value() == null) {
      reject(record, DeadLetterCodes.UNDECODABLE_RECORD, "the record has no value", null, null, null);
      return null;
    }
    try {
      return serde.decode(record.value());
    } catch (SerializationException e) {
      reject(record, DeadLetterCodes.UNDECODABLE_RECORD, "the record value does not decode: " + e.getMessage(),
          null, null, null);
      return null;
    }
  }

  private void handle(Record<byte[], byte[]> record, ChainDecision decision, String network, long height) {
    if (decision instanceof Changed changed) {
      chain.apply(changed);
      forward(changed);
    } else if (decision instanceof Unchanged unchanged) {
      log.debug("{} at {}: {}", network, where(), unchanged.reason());
    } else if (decision instanceof Rejected rejected) {
      reject(record, rejected.code(), rejected.reason(), network, height, rejected.location());
    }
  }

  private void forward(Changed changed) {
    final EthChainUpdate update = changed.update();
    final String network = update.getNetwork();
    if (!update.getDropped().isEmpty()) {
      log.info("{} reorg: {} blocks dropped ({} to {}), {} added, {} logs removed; new head {} {}", network,
          update.getDropped().size(), update.getDropped().get(0).getNumber(),
          update.getDropped().get(update.getDropped().size() - 1).getNumber(), update.getAdded().size(),
          update.getRemovedLogs().size(), update.getHeadNumber(), update.getHeadHash());
    }
    final long timestamp = changed.timestampMs();
    context.forward(new Record<>(Serdes.networkKey(network), update, timestamp), EthChainTopology.CHAIN_SINK);
    for (EthLog removed : update.getRemovedLogs()) {
      forwardLog(network, removed, timestamp);
    }
    for (EthChainBlock added : update.getAdded()) {
      for (EthLog log : added.getLogs()) {
        forwardLog(network, log, timestamp);
      }
    }
    for (EthLog appended : update.getAppendedLogs()) {
      forwardLog(network, appended, timestamp);
    }
  }

  private void forwardLog(String network, EthLog ethLog, long timestamp) {
    context.forward(new Record<>(new EthLogKey(network, ethLog.getAddress()), ethLog, timestamp),
        EthChainTopology.LOGS_SINK);
  }

  private String where() {
    return context.recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("a punctuation");
  }

  /** Dead-letters the whole input record with its raw bytes; network and height are null when unknown. */
  private void reject(Record<byte[], byte[]> record, String code, String reason, String network, Long height,
      String location) {
    final String knownNetwork = network == null || network.isEmpty() ? null : network;
    log.warn("dead letter {} for {}: {}", code, where(), reason);
    final DeadLetter deadLetter = DeadLetters.of(context, record.timestamp(), code, reason, knownNetwork, height,
        location, record.value());
    final NetworkKey key = knownNetwork == null ? null : Serdes.networkKey(knownNetwork);
    context.forward(new Record<>(key, deadLetter, record.timestamp()), EthChainTopology.DEAD_LETTERS_SINK);
  }
}
