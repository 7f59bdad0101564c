package dev.blockwire.processor.near;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

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
import dev.blockwire.processor.near.NearEventExtractor.Extraction;
import dev.blockwire.processor.near.NearEventExtractor.RejectedLog;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearEventKey;

/**
 * Turns one raw NEAR block record into its ordered block record, one record per event and one
 * dead letter per rejected line, forwarded to the named sinks of {@link NearEventsTopology}: the
 * block and event values as their encoded bytes ({@link NearEventsEncoder}), the keys and dead
 * letters as records.
 * Input that cannot be used becomes a dead letter; nothing here throws for bad input.
 *
 * <p>Keeps the last processed block per network in the {@value NearEventsTopology#CHAIN_HEAD_STORE}
 * store: a block at or below that height is stale and only dead-lettered, so re-sent blocks change
 * nothing. Heights may skip (NEAR has blocks only at some heights).
 */
final class NearBlockProcessor implements Processor<byte[], byte[], SpecificRecord, Object> {

  private static final Logger log = LoggerFactory.getLogger(NearBlockProcessor.class);

  private final Function<NearBlock, Extraction> extractor;
  private ProcessorContext<SpecificRecord, Object> context;
  private KeyValueStore<String, ChainHead> chainHeads;

  /** @param extractor usually {@link NearEventExtractor#extract}; must not keep state between blocks */
  NearBlockProcessor(Function<NearBlock, Extraction> extractor) {
    this.extractor = Objects.requireNonNull(extractor);
  }

  @Override
  public void init(ProcessorContext<SpecificRecord, Object> context) {
    this.context = context;
    this.chainHeads = context.getStateStore(NearEventsTopology.CHAIN_HEAD_STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (record.value() == null) {
      rejectRecord(record, DeadLetterCodes.UNDECODABLE_RECORD, "the record has no value", null);
      return;
    }
    final NearBlock block;
    try {
      block = Serdes.NEAR_BLOCK.decode(record.value());
    } catch (SerializationException e) {
      rejectRecord(record, DeadLetterCodes.UNDECODABLE_RECORD, "the record value does not decode: " + e.getMessage(), null);
      return;
    }
    if (record.key() == null) {
      rejectRecord(record, DeadLetterCodes.UNDECODABLE_RECORD,
          "the record has no key; raw NEAR blocks are keyed by network", block);
      return;
    }
    final String problem = blockProblem(block);
    if (problem != null) {
      rejectRecord(record, DeadLetterCodes.INVALID_BLOCK, problem, block);
      return;
    }
    final ChainHead head = chainHeads.get(block.getNetwork());
    if (isStale(block, head)) {
      rejectRecord(record, DeadLetterCodes.STALE_BLOCK, staleReason(block, head), block);
      return;
    }
    warnIfParentIsMissing(block, head);
    final Extraction extraction;
    try {
      extraction = extractor.apply(block);
    } catch (RuntimeException e) {
      log.error("{} block {}: extraction failed; the block goes to the dead letters whole",
          block.getNetwork(), block.getHeight(), e);
      rejectRecord(record, DeadLetterCodes.PROCESSING_ERROR, "extracting the events failed: " + e, block);
      return;
    }
    forward(record, block, extraction);
    chainHeads.put(block.getNetwork(), new ChainHead(block.getHeight(), block.getHash()));
  }

  private void forward(Record<byte[], byte[]> record, NearBlock block, Extraction extraction) {
    final long blockTimeMs = blockTimeMs(block);
    final NetworkKey networkKey = Serdes.networkKey(block.getNetwork());
    for (RejectedLog rejected : extraction.rejectedLogs()) {
      log.debug("{} block {} {}: {} ({})", block.getNetwork(), block.getHeight(), rejected.location(),
          rejected.invalid().code().code(), rejected.invalid().reason());
      final DeadLetter deadLetter = DeadLetters.of(context, record.timestamp(), rejected.invalid().code().code(),
          rejected.invalid().reason(), block.getNetwork(), block.getHeight(), rejected.location(),
          rejected.line().getBytes(StandardCharsets.UTF_8));
      context.forward(new Record<>(networkKey, deadLetter, record.timestamp()), NearEventsTopology.DEAD_LETTERS_SINK);
    }
    // Values leave encoded: each event is encoded once, for its own record and the block's (NearEventsEncoder).
    final NearEventsEncoder.Encoded encoded = NearEventsEncoder.encode(extraction.blockEvents());
    final List<NearEvent> events = extraction.events();
    for (int i = 0; i < events.size(); i++) {
      final NearEvent event = events.get(i);
      final NearEventKey key = new NearEventKey(event.getAccountId(), event.getStandard());
      context.forward(new Record<>(key, encoded.events().get(i), blockTimeMs), NearEventsTopology.EVENTS_SINK);
    }
    context.forward(new Record<>(networkKey, encoded.block(), blockTimeMs), NearEventsTopology.BLOCKS_SINK);
  }

  /** Why a decoded block cannot be used, or null. */
  private static String blockProblem(NearBlock block) {
    if (block.getNetwork().isEmpty()) {
      return "the block has an empty network name";
    }
    if (block.getHeight() < 0) {
      return "the block height " + block.getHeight() + " is negative";
    }
    if (block.getTimestampNanos() < 0) {
      return "the block timestamp " + block.getTimestampNanos() + " ns is negative";
    }
    return null;
  }

  private static boolean isStale(NearBlock block, ChainHead head) {
    return head != null && block.getHeight() <= head.height();
  }

  private static String staleReason(NearBlock block, ChainHead head) {
    return "block " + block.getHeight() + " (hash " + block.getHash() + ") is not above the last processed block "
        + head.height() + " (hash " + head.hash() + ") of " + block.getNetwork()
        + "; a duplicate or stale block is ignored";
  }

  /** A parent other than the last processed block means the source skipped a block: say so. */
  private static void warnIfParentIsMissing(NearBlock block, ChainHead head) {
    if (head != null && !block.getPrevHash().equals(head.hash())) {
      log.warn("{} block {} has parent {}, but the last processed block is {} ({}): a block may be missing upstream",
          block.getNetwork(), block.getHeight(), block.getPrevHash(), head.height(), head.hash());
    }
  }

  private static long blockTimeMs(NearBlock block) {
    return block.getTimestampNanos() / 1_000_000L;
  }

  private String where() {
    return context.recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("a punctuation");
  }

  /** Dead-letters the whole input record; {@code block} is null when the value did not decode. */
  private void rejectRecord(Record<byte[], byte[]> record, String code, String reason, NearBlock block) {
    final String network = block == null || block.getNetwork().isEmpty() ? null : block.getNetwork();
    final Long height = block == null ? null : block.getHeight();
    if (DeadLetterCodes.STALE_BLOCK.equals(code)) {
      log.debug("{}", reason);
    } else {
      log.warn("dead letter {} for {}: {}", code, where(), reason);
    }
    final DeadLetter deadLetter = DeadLetters.of(context, record.timestamp(), code, reason, network, height, null,
        record.value());
    final NetworkKey key = network == null ? null : Serdes.networkKey(network);
    context.forward(new Record<>(key, deadLetter, record.timestamp()), NearEventsTopology.DEAD_LETTERS_SINK);
  }
}
