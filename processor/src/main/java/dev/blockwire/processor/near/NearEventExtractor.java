package dev.blockwire.processor.near;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.blockwire.processor.near.Nep297Result.Invalid;
import dev.blockwire.processor.near.Nep297Result.Valid;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearReceiptOutcome;

/**
 * Extracts the NEP-297 events of one NEAR block, as the anchor does (spec §4): receipts in the
 * order of {@code outcomes}, logs in order; {@code receipt_index} is the outcome's position in the
 * block, {@code log_index} its position among all logs of the outcome (ordinary logs count);
 * events of failed receipts are kept with their {@code FAILURE} status. Pure and thread-safe.
 */
public final class NearEventExtractor {

  private final Nep297Parser parser;

  public NearEventExtractor(Nep297Parser parser) {
    this.parser = Objects.requireNonNull(parser);
  }

  /** Everything one block yields: the ordered record (its events) and the rejected event lines. */
  public record Extraction(NearBlockEvents blockEvents, List<RejectedLog> rejectedLogs) {
    public Extraction {
      Objects.requireNonNull(blockEvents);
      rejectedLogs = List.copyOf(rejectedLogs);
    }

    /** The valid events in chain order; the same list as {@code blockEvents().getEvents()}. */
    public List<NearEvent> events() {
      return blockEvents.getEvents();
    }
  }

  /**
   * A log line that starts with {@code EVENT_JSON:} but is not a valid event.
   *
   * @param receiptId the receipt that wrote it
   * @param logIndex its position among all logs of the receipt outcome
   * @param invalid the rule it breaks and why
   * @param line the line exactly as logged
   */
  public record RejectedLog(String receiptId, int logIndex, Invalid invalid, String line) {
    /** Where in the block: {@code receipt <id> log <index>}. */
    public String location() {
      return "receipt " + receiptId + " log " + logIndex;
    }
  }

  public Extraction extract(NearBlock block) {
    final List<NearEvent> events = new ArrayList<>();
    final List<RejectedLog> rejected = new ArrayList<>(0);
    final List<NearReceiptOutcome> outcomes = block.getOutcomes();
    for (int receiptIndex = 0; receiptIndex < outcomes.size(); receiptIndex++) {
      final NearReceiptOutcome outcome = outcomes.get(receiptIndex);
      final List<String> logs = outcome.getLogs();
      for (int logIndex = 0; logIndex < logs.size(); logIndex++) {
        final String line = logs.get(logIndex);
        final Nep297Result result = parser.parse(line);
        if (result instanceof Valid valid) {
          events.add(event(block, receiptIndex, outcome, logIndex, valid));
        } else if (result instanceof Invalid invalid) {
          rejected.add(new RejectedLog(outcome.getReceiptId(), logIndex, invalid, line));
        }
      }
    }
    final NearBlockEvents blockEvents = NearBlockEvents.newBuilder()
        .setNetwork(block.getNetwork())
        .setBlockHeight(block.getHeight())
        .setBlockHash(block.getHash())
        .setPrevHash(block.getPrevHash())
        .setBlockTimestampNanos(block.getTimestampNanos())
        .setBlockEpochId(block.getEpochId())
        .setEvents(events)
        .build();
    return new Extraction(blockEvents, rejected);
  }

  private static NearEvent event(NearBlock block, int receiptIndex, NearReceiptOutcome outcome, int logIndex,
      Valid valid) {
    return NearEvent.newBuilder()
        .setNetwork(block.getNetwork())
        .setBlockHeight(block.getHeight())
        .setBlockHash(block.getHash())
        .setBlockTimestampNanos(block.getTimestampNanos())
        .setBlockEpochId(block.getEpochId())
        .setShardId(outcome.getShardId())
        .setReceiptIndex(receiptIndex)
        .setReceiptId(outcome.getReceiptId())
        .setTxHash(outcome.getTxHash())
        .setSignerId(outcome.getSignerId())
        .setSignerPublicKey(outcome.getSignerPublicKey())
        .setPredecessorId(outcome.getPredecessorId())
        .setAccountId(outcome.getReceiverId())
        .setStatus(outcome.getStatus())
        .setLogIndex(logIndex)
        .setStandard(valid.standard())
        .setVersion(valid.version())
        .setEvent(valid.event())
        .setEventJson(valid.eventJson())
        .build();
  }
}
