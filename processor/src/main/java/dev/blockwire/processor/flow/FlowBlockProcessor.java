package dev.blockwire.processor.flow;

import java.util.List;
import java.util.regex.Pattern;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.processor.DeadLetterCodes;
import dev.blockwire.processor.DeadLetters;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.flow.FlowContractEvent;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowEventKey;
import dev.blockwire.schemas.flow.FlowTransactionResult;

/**
 * Turns one raw Flow block status change into its chain update and, for a sealed block, one
 * keyed record per event. Nothing here throws for bad input: it becomes a dead letter.
 *
 * <p>Per network it keeps the last finalized and the last sealed block in
 * {@value FlowChainTopology#CHAIN_HEAD_STORE}. A block at or below the last height of the same
 * status is stale (a duplicate or replay) and only dead-lettered; a block finalized and later
 * sealed passes twice, once per status, in input order.
 */
final class FlowBlockProcessor implements Processor<byte[], byte[], SpecificRecord, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(FlowBlockProcessor.class);
  private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

  private ProcessorContext<SpecificRecord, SpecificRecord> context;
  private KeyValueStore<String, ChainHead> heads;

  @Override
  public void init(ProcessorContext<SpecificRecord, SpecificRecord> context) {
    this.context = context;
    this.heads = context.getStateStore(FlowChainTopology.CHAIN_HEAD_STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (record.value() == null) {
      reject(record, DeadLetterCodes.UNDECODABLE_RECORD, "the record has no value", null);
      return;
    }
    final FlowBlock block;
    try {
      block = Serdes.FLOW_BLOCK.decode(record.value());
    } catch (SerializationException e) {
      reject(record, DeadLetterCodes.UNDECODABLE_RECORD, "the record value does not decode: " + e.getMessage(), null);
      return;
    }
    if (record.key() == null) {
      reject(record, DeadLetterCodes.UNDECODABLE_RECORD, "the record has no key; raw Flow blocks are keyed by network",
          block);
      return;
    }
    final String problem = problem(block);
    if (problem != null) {
      reject(record, DeadLetterCodes.INVALID_BLOCK, problem, block);
      return;
    }
    final String network = block.getNetwork();
    final ChainHead last = heads.get(storeKey(network, block.getStatus()));
    final long height = block.getHeader().getHeight();
    if (last != null && height <= last.height()) {
      reject(record, DeadLetterCodes.STALE_BLOCK, "block " + height + " (" + block.getHeader().getId() + ") "
          + block.getStatus() + " is not above the last " + block.getStatus() + " block " + last.height() + " ("
          + last.hash() + ") of " + network + "; a duplicate or stale block is ignored", block);
      return;
    }
    warnIfParentIsMissing(block, last);
    heads.put(storeKey(network, block.getStatus()), new ChainHead(height, block.getHeader().getId()));
    final ChainHead finalized = heads.get(storeKey(network, FlowBlockStatus.FINALIZED));
    final ChainHead sealed = heads.get(storeKey(network, FlowBlockStatus.SEALED));
    final long finalizedHeight = Math.max(finalized == null ? -1 : finalized.height(), sealed == null ? -1 : sealed.height());
    forward(block, finalizedHeight, sealed == null ? -1 : sealed.height());
  }

  private void forward(FlowBlock block, long finalizedHeight, long sealedHeight) {
    final long blockTimeMs = block.getHeader().getTimestampMs();
    final FlowChainUpdate update = FlowChainUpdate.newBuilder()
        .setNetwork(block.getNetwork())
        .setHeader(block.getHeader())
        .setCollectionGuarantees(block.getCollectionGuarantees())
        .setBlockSeals(block.getBlockSeals())
        .setStatus(block.getStatus())
        .setEvents(block.getEvents())
        .setTransactionResults(block.getTransactionResults())
        .setFinalizedHeight(finalizedHeight)
        .setSealedHeight(sealedHeight)
        .build();
    if (block.getStatus() == FlowBlockStatus.SEALED) {
      for (FlowEvent event : block.getEvents()) {
        final FlowEventKey key = new FlowEventKey(block.getNetwork(), FlowChainTopology.contractOf(event.getType()));
        final FlowContractEvent value = new FlowContractEvent(block.getNetwork(), block.getHeader().getId(),
            block.getHeader().getHeight(), blockTimeMs, event);
        context.forward(new Record<>(key, value, blockTimeMs), FlowChainTopology.EVENTS_SINK);
      }
    }
    context.forward(new Record<>(Serdes.networkKey(block.getNetwork()), update, blockTimeMs),
        FlowChainTopology.CHAIN_SINK);
  }

  /** Why a decoded block cannot be used, or null. */
  private static String problem(FlowBlock block) {
    if (block.getNetwork().isEmpty()) {
      return "the block has an empty network name";
    }
    if (block.getHeader().getHeight() < 0) {
      return "the block height " + block.getHeader().getHeight() + " is negative";
    }
    if (block.getHeader().getTimestampMs() < 0) {
      return "the block timestamp " + block.getHeader().getTimestampMs() + " ms is negative";
    }
    if (!ID.matcher(block.getHeader().getId()).matches()) {
      return "the block id \"" + block.getHeader().getId() + "\" is not 64 lowercase hex characters";
    }
    if (!ID.matcher(block.getHeader().getParentId()).matches()) {
      return "the parent id \"" + block.getHeader().getParentId() + "\" is not 64 lowercase hex characters";
    }
    if (block.getStatus() == FlowBlockStatus.FINALIZED && !block.getEvents().isEmpty()) {
      return "a finalized block carries events; events come with the sealed block";
    }
    return transactionProblem(block.getTransactionResults());
  }

  private static String transactionProblem(List<FlowTransactionResult> results) {
    for (FlowTransactionResult result : results) {
      if (!ID.matcher(result.getTransactionId()).matches()) {
        return "transaction id \"" + result.getTransactionId() + "\" is not 64 lowercase hex characters";
      }
    }
    return null;
  }

  private void warnIfParentIsMissing(FlowBlock block, ChainHead last) {
    if (last != null && block.getHeader().getHeight() == last.height() + 1
        && !block.getHeader().getParentId().equals(last.hash())) {
      log.warn("{} block {} {} has parent {}, but the last {} block is {}", block.getNetwork(),
          block.getHeader().getHeight(), block.getStatus(), block.getHeader().getParentId(), block.getStatus(),
          last.hash());
    }
  }

  private static String storeKey(String network, FlowBlockStatus status) {
    return network + "/" + status.name();
  }

  private void reject(Record<byte[], byte[]> record, String code, String reason, FlowBlock block) {
    final String network = block == null || block.getNetwork().isEmpty() ? null : block.getNetwork();
    final Long height = block == null ? null : block.getHeader().getHeight();
    if (DeadLetterCodes.STALE_BLOCK.equals(code)) {
      log.debug("{}", reason);
    } else {
      log.warn("dead letter {} for a Flow block: {}", code, reason);
    }
    final DeadLetter deadLetter = DeadLetters.of(context, record.timestamp(), code, reason, network, height,
        block == null ? null : block.getStatus().name(), record.value());
    final NetworkKey key = network == null ? null : Serdes.networkKey(network);
    context.forward(new Record<>(key, deadLetter, record.timestamp()), FlowChainTopology.DEAD_LETTERS_SINK);
  }
}
