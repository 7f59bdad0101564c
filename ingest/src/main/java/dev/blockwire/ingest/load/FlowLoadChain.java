package dev.blockwire.ingest.load;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockSeal;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowCollectionGuarantee;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowHeader;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import dev.blockwire.schemas.flow.FlowTransactionStatus;

/**
 * A synthetic Flow mainnet in the shape of the Flow fixture and of an access node: every block is
 * written twice, finalized and {@value #SEAL_LAG} blocks later sealed (so the raw records run
 * {@code F(h), S(h-3), F(h+1), S(h-2), ...}), the way a source following an access node writes them.
 *
 * <p>Per block: one collection guarantee with about {@code eventsPerBlock / 5} transactions; the
 * transaction statuses move as on mainnet: {@code PENDING} in the finalized record before the
 * including block, {@code FINALIZED} in the including block's finalized record, {@code EXECUTED}
 * (with its events) in the next finalized record, {@code SEALED} in the sealed record, which also
 * carries the block's events. A transaction is a FlowToken transfer (TokensWithdrawn,
 * TokensDeposited), a TopShot moment transfer (Withdraw, Deposit) or an account creation
 * (flow.AccountCreated, flow.AccountKeyAdded), each followed by the fee transfer and
 * FlowFees.FeesDeducted, with JSON-CDC payloads as flow-go encodes them (one JSON value and a newline).
 * Accounts are drawn from {@value #ACCOUNTS} addresses by a Zipf law. Every finalized record after the
 * first {@value #SEAL_LAG} carries the seal of the block sealed next.
 *
 * <p>Deterministic from the profile; block times on a synthetic clock ({@value #BLOCK_MILLIS} ms per
 * block) until {@link #stampTime} sets the finalized record's time, which its sealed record repeats.
 * No reorgs: Flow's finalized blocks are final.
 */
public final class FlowLoadChain implements SyntheticChain<FlowBlock> {

  /** Blocks between a block's finalized record and its sealed record. */
  public static final int SEAL_LAG = 3;
  public static final int ACCOUNTS = 50_000;
  static final long FIRST_HEIGHT = 140_000_000L;
  /** 2026-03-04 17:35:00 UTC on the synthetic clock. */
  static final long FIRST_TIMESTAMP_MS = 1_772_645_700_000L;
  static final long BLOCK_MILLIS = 800;
  /** Events of one FlowToken transfer transaction: withdraw, deposit, fee withdraw, fee deposit, fees deducted. */
  private static final int EVENTS_PER_TRANSACTION = 5;

  static final String FLOW_TOKEN = "A.1654653399040a61.FlowToken";
  static final String FLOW_FEES = "A.f919ee77447b7497.FlowFees";
  static final String TOP_SHOT = "A.0b2a3299cc857e29.TopShot";
  private static final String FEES_ADDRESS = "0xf919ee77447b7497";
  private static final String TOKEN_ADDRESS = "0x1654653399040a61";
  private static final String TOP_SHOT_ADDRESS = "0x0b2a3299cc857e29";

  private final LoadProfile profile;
  private final SplittableRandom random;
  private final Zipf accounts = new Zipf(ACCOUNTS, 1.0);
  /** Finalized blocks waiting for their sealed record, oldest first. */
  private final Deque<Pending> unsealed = new ArrayDeque<>();
  /** Transactions announced as pending in the last finalized record, included in the next block. */
  private List<String> announced = List.of();
  /** The last block's transactions, executed in the next finalized record. */
  private List<FlowTransactionResult> toExecute = List.of();
  private long height = FIRST_HEIGHT;
  private long timestampMs = FIRST_TIMESTAMP_MS;
  private String parentId;
  private boolean sealNext;
  private long momentSerial = 4_000_000;

  /** @throws IllegalArgumentException if the profile asks for reorgs (finalized Flow blocks are final) */
  public FlowLoadChain(LoadProfile profile) {
    if (profile.reorgs()) {
      throw new IllegalArgumentException("finalized Flow blocks are final: a Flow load profile has no reorgs"
          + " (reorg-every 0)");
    }
    this.profile = profile;
    this.random = new SplittableRandom(profile.seed());
    this.parentId = hex(new SplittableRandom(profile.seed() ^ 0xf10e), 32);
  }

  @Override
  public String network() {
    return profile.network();
  }

  @Override
  public String topic() {
    return Topics.FLOW_BLOCKS_RAW;
  }

  @Override
  public AvroSerde<FlowBlock> serde() {
    return Serdes.FLOW_BLOCK;
  }

  /** Alternates a finalized record and, once {@value #SEAL_LAG} blocks wait, the sealed record of the oldest. */
  @Override
  public FlowBlock next() {
    if (sealNext) {
      sealNext = false;
      return sealed(unsealed.removeFirst());
    }
    final FlowBlock block = finalized();
    sealNext = unsealed.size() > SEAL_LAG;
    return block;
  }

  private FlowBlock finalized() {
    final FlowHeader header = FlowHeader.newBuilder()
        .setId(hex(random, 32))
        .setParentId(parentId)
        .setHeight(height)
        .setTimestampMs(timestampMs)
        .setParentVoterSignature(base64(random, 48))
        .build();
    final String collectionId = hex(random, 32);
    final List<FlowTransactionResult> included = new ArrayList<>();
    final List<FlowEvent> events = new ArrayList<>();
    for (int i = 0; i < announced.size(); i++) {
      final List<FlowEvent> txEvents = transactionEvents(announced.get(i), i);
      events.addAll(txEvents);
      included.add(result(announced.get(i), FlowTransactionStatus.SEALED, header.getId(), collectionId, txEvents));
    }
    final List<FlowTransactionResult> transitions = new ArrayList<>();
    toExecute.forEach(r -> transitions.add(withStatus(r, FlowTransactionStatus.EXECUTED, r.getEvents())));
    included.forEach(r -> transitions.add(withStatus(r, FlowTransactionStatus.FINALIZED, List.of())));
    final List<String> next = new ArrayList<>();
    final int count = transactionsThisBlock();
    for (int i = 0; i < count; i++) {
      final String id = hex(random, 32);
      next.add(id);
      transitions.add(FlowTransactionResult.newBuilder().setTransactionId(id)
          .setStatus(FlowTransactionStatus.PENDING).build());
    }
    final List<FlowBlockSeal> seals = unsealed.size() >= SEAL_LAG ? List.of(seal(unsealed.peekFirst().header)) : List.of();
    final FlowBlock block = FlowBlock.newBuilder()
        .setNetwork(profile.network())
        .setHeader(header)
        .setCollectionGuarantees(included.isEmpty() ? List.of() : List.of(guarantee(collectionId)))
        .setBlockSeals(seals)
        .setStatus(FlowBlockStatus.FINALIZED)
        .setEvents(List.of())
        .setTransactionResults(transitions)
        .build();
    unsealed.addLast(new Pending(header, block.getCollectionGuarantees(), seals, events, included));
    announced = next;
    toExecute = included;
    parentId = header.getId();
    height++;
    timestampMs += BLOCK_MILLIS;
    return block;
  }

  private FlowBlock sealed(Pending pending) {
    return FlowBlock.newBuilder()
        .setNetwork(profile.network())
        .setHeader(FlowHeader.newBuilder(pending.header).build())
        .setCollectionGuarantees(pending.guarantees)
        .setBlockSeals(pending.seals)
        .setStatus(FlowBlockStatus.SEALED)
        .setEvents(pending.events)
        .setTransactionResults(pending.sealed)
        .build();
  }

  private int transactionsThisBlock() {
    final int mean = profile.eventsPerBlock();
    if (mean == 0) {
      return 0;
    }
    final int meanTransactions = Math.max(1, Math.round(mean / (float) EVENTS_PER_TRANSACTION));
    return meanTransactions / 2 + random.nextInt(meanTransactions + 1);
  }

  /** One transaction's events in flow-go's order: what it did, then the fee transfer and FeesDeducted. */
  private List<FlowEvent> transactionEvents(String txId, int txIndex) {
    final List<String[]> typed = new ArrayList<>(); // {type, payload}
    final int kind = random.nextInt(20);
    if (kind < 16) {
      final String amount = ufix(random.nextLong(1, 5_000_000_000_000L));
      typed.add(tokenEvent("TokensWithdrawn", amount, "from", account()));
      typed.add(tokenEvent("TokensDeposited", amount, "to", account()));
    } else if (kind < 19) {
      final String moment = Long.toString(++momentSerial);
      typed.add(new String[] {TOP_SHOT + ".Withdraw", event(TOP_SHOT + ".Withdraw",
          field("id", "UInt64", moment) + "," + optionalAddress("from", account()))});
      typed.add(new String[] {TOP_SHOT + ".Deposit", event(TOP_SHOT + ".Deposit",
          field("id", "UInt64", moment) + "," + optionalAddress("to", TOP_SHOT_ADDRESS))});
    } else {
      final String created = address(random.nextLong());
      typed.add(new String[] {"flow.AccountCreated", event("flow.AccountCreated", field("address", "Address", created))});
      typed.add(new String[] {"flow.AccountKeyAdded", event("flow.AccountKeyAdded",
          field("address", "Address", created) + ",{\"name\":\"publicKey\",\"value\":{\"type\":\"Struct\",\"value\":{"
              + "\"id\":\"PublicKey\",\"fields\":[{\"name\":\"publicKey\",\"value\":{\"type\":\"Array\",\"value\":["
              + bytesArray(64) + "]}},{\"name\":\"signatureAlgorithm\",\"value\":{\"type\":\"Enum\",\"value\":{"
              + "\"id\":\"SignatureAlgorithm\",\"fields\":[{\"name\":\"rawValue\",\"value\":{\"type\":\"UInt8\","
              + "\"value\":\"1\"}}]}}}]}}}," + field("weight", "UFix64", "1000.00000000") + ","
              + field("hashAlgorithm", "UInt8", "3") + "," + field("keyIndex", "Int", "0"))});
    }
    final String fee = ufix(random.nextLong(1_000, 100_000));
    typed.add(tokenEvent("TokensWithdrawn", fee, "from", account()));
    typed.add(tokenEvent("TokensDeposited", fee, "to", FEES_ADDRESS));
    typed.add(new String[] {FLOW_FEES + ".FeesDeducted", event(FLOW_FEES + ".FeesDeducted", field("amount", "UFix64", fee)
        + "," + field("inclusionEffort", "UFix64", "1.00000000") + ","
        + field("executionEffort", "UFix64", ufix(random.nextLong(100_000, 5_000_000))))});
    final List<FlowEvent> events = new ArrayList<>(typed.size());
    for (int i = 0; i < typed.size(); i++) {
      events.add(FlowEvent.newBuilder().setType(typed.get(i)[0]).setTransactionId(txId).setTransactionIndex(txIndex)
          .setEventIndex(i).setPayload(ByteBuffer.wrap(typed.get(i)[1].getBytes(StandardCharsets.UTF_8))).build());
    }
    return events;
  }

  private String[] tokenEvent(String name, String amount, String direction, String address) {
    final String type = FLOW_TOKEN + "." + name;
    return new String[] {type, event(type, field("amount", "UFix64", amount) + "," + optionalAddress(direction, address))};
  }

  /** A JSON-CDC event value as flow-go's encoder writes it: compact, newline-terminated. */
  private static String event(String type, String fields) {
    return "{\"type\":\"Event\",\"value\":{\"id\":\"" + type + "\",\"fields\":[" + fields + "]}}\n";
  }

  private static String field(String name, String type, String value) {
    return "{\"name\":\"" + name + "\",\"value\":{\"type\":\"" + type + "\",\"value\":\"" + value + "\"}}";
  }

  private static String optionalAddress(String name, String address) {
    return "{\"name\":\"" + name + "\",\"value\":{\"type\":\"Optional\",\"value\":{\"type\":\"Address\",\"value\":\""
        + address + "\"}}}";
  }

  private String bytesArray(int length) {
    final StringBuilder out = new StringBuilder(length * 32);
    for (int i = 0; i < length; i++) {
      out.append(i == 0 ? "" : ",").append("{\"type\":\"UInt8\",\"value\":\"").append(random.nextInt(256)).append("\"}");
    }
    return out.toString();
  }

  /** A UFix64 amount (8 decimals) of {@code units} hundred-millionths. */
  private static String ufix(long units) {
    return units / 100_000_000L + "." + String.format("%08d", units % 100_000_000L);
  }

  private String account() {
    final int rank = accounts.sample(random);
    return rank == 0 ? TOKEN_ADDRESS : address(rank * 0x9E3779B97F4A7C15L);
  }

  private static String address(long bits) {
    return String.format("0x%016x", bits);
  }

  private FlowTransactionResult result(String txId, FlowTransactionStatus status, String blockId, String collectionId,
      List<FlowEvent> events) {
    return FlowTransactionResult.newBuilder().setTransactionId(txId).setStatus(status).setBlockId(blockId)
        .setCollectionId(collectionId).setStatusCode(random.nextInt(100) == 0 ? 1 : 0)
        .setComputationUsed(random.nextLong(10, 3_000)).setEvents(events).build();
  }

  private static FlowTransactionResult withStatus(FlowTransactionResult result, FlowTransactionStatus status,
      List<FlowEvent> events) {
    return FlowTransactionResult.newBuilder(result).setStatus(status).setEvents(events)
        .setErrorMessage(result.getStatusCode() == 0 || status == FlowTransactionStatus.FINALIZED ? ""
            : "[Error Code: 1101] cadence runtime error: Execution failed: pre-condition failed")
        .build();
  }

  private FlowCollectionGuarantee guarantee(String collectionId) {
    return FlowCollectionGuarantee.newBuilder().setCollectionId(collectionId).setSignerIndices(hex(random, 3))
        .setSignature(base64(random, 48)).setReferenceBlockId(parentId)
        .setClusterChainId("cluster-" + random.nextInt(4) + "-" + hex(random, 8)).build();
  }

  private FlowBlockSeal seal(FlowHeader sealedBlock) {
    return FlowBlockSeal.newBuilder().setBlockId(sealedBlock.getId()).setResultId(hex(random, 32))
        .setFinalState(hex(random, 32)).setAggregatedApprovalSignatures(List.of()).build();
  }

  /** Lowercase hex without a prefix, as Flow writes ids. */
  private static String hex(SplittableRandom random, int bytes) {
    return RandomText.hex(random, bytes).substring(2);
  }

  private static String base64(SplittableRandom random, int bytes) {
    final byte[] raw = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      raw[i] = (byte) random.nextInt(256);
    }
    return java.util.Base64.getEncoder().encodeToString(raw);
  }

  /**
   * Stamps a finalized record's block time; a sealed record keeps the time its finalized record was
   * stamped with (it is the same block), so its header matches.
   */
  @Override
  public void stampTime(FlowBlock block, long epochNanos) {
    if (block.getStatus() == FlowBlockStatus.FINALIZED) {
      final long ms = epochNanos / 1_000_000L;
      block.getHeader().setTimestampMs(ms);
      unsealed.peekLast().header.setTimestampMs(ms);
    }
  }

  @Override
  public long height(FlowBlock block) {
    return block.getHeader().getHeight();
  }

  @Override
  public String hash(FlowBlock block) {
    return block.getHeader().getId();
  }

  /** The events the record carries: a sealed record's events (a finalized record carries none). */
  @Override
  public int eventCount(FlowBlock block) {
    return block.getEvents().size();
  }

  /** A finalized block waiting for its sealed record; its header is the one stamped with the block time. */
  private record Pending(FlowHeader header, List<FlowCollectionGuarantee> guarantees, List<FlowBlockSeal> seals,
      List<FlowEvent> events, List<FlowTransactionResult> sealed) {}
}
