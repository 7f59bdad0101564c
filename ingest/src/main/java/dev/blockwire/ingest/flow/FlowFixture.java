package dev.blockwire.ingest.flow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.blockwire.ingest.fixture.FixtureFiles;
import dev.blockwire.ingest.fixture.FixtureHashes;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.ingest.fixture.ReplayableChain;
import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockSeal;
import dev.blockwire.schemas.flow.FlowCollectionGuarantee;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowHeader;
import dev.blockwire.schemas.flow.FlowTransactionResult;

/**
 * The Flow fixture as a {@link ReplayableChain} for the generic
 * {@link dev.blockwire.ingest.fixture.FixtureSource}: block status changes in the order a node reports
 * them (each block finalized, and a few records later sealed); one "block" of the replay is one such
 * record.
 *
 * <p>Pass {@code p > 0} moves every height forward by {@code p} times the heights one pass covers and
 * every time by {@code p} times the time it covers, and re-derives every block, transaction and
 * collection id ({@link FixtureHashes#deriveHex}, without {@code 0x}); its first block names the last
 * block of pass {@code p - 1} as parent, in both of its records.
 *
 * <p>Unlike NEAR and Ethereum blocks, a Flow record keeps its fixture block time even in a paced run
 * ({@link #setTimeNanos} and {@link #setParentHash} do nothing): a block's finalized and sealed records
 * must carry the same header. Immutable and thread-safe.
 */
public final class FlowFixture implements ReplayableChain<FlowBlock> {

  /** Classpath location of the built-in Flow mainnet fixture. */
  public static final String DEFAULT_RESOURCE = "fixtures/flow-mainnet/blocks.jsonl";

  private static final long NANOS_PER_MS = 1_000_000L;

  private final List<FlowBlock> records;
  private final long firstHeight;
  private final long heightSpan;
  private final long intervalMs;
  private final long timeSpanMs;
  private final String lastBlockId;

  /**
   * @throws IllegalArgumentException if there is no record, or the records are not Flow status changes
   *     of one chain (a block sealed before it is finalized, heights of a status not increasing by one)
   */
  public FlowFixture(List<FlowBlock> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a Flow fixture needs at least one record");
    }
    this.records = List.copyOf(records);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long minTime = Long.MAX_VALUE;
    long maxTime = Long.MIN_VALUE;
    String last = null;
    for (FlowBlock record : this.records) {
      final FlowHeader header = record.getHeader();
      min = Math.min(min, header.getHeight());
      if (header.getHeight() > max) {
        max = header.getHeight();
        last = header.getId();
      }
      minTime = Math.min(minTime, header.getTimestampMs());
      maxTime = Math.max(maxTime, header.getTimestampMs());
    }
    this.firstHeight = min;
    this.heightSpan = max - min + 1;
    this.intervalMs = Math.max(1, (maxTime - minTime) / Math.max(1, heightSpan - 1));
    this.timeSpanMs = maxTime - minTime + intervalMs;
    this.lastBlockId = last;
  }

  /**
   * Loads a fixture file, or the built-in one when {@code location} is empty ({@code classpath:}
   * locations are accepted too).
   *
   * @throws IllegalArgumentException naming the line when a line is not a valid block
   */
  public static FlowFixture load(String location, String network, FlowAccessBlocks converter) throws IOException {
    final List<String> lines = FixtureFiles.readLines(location, DEFAULT_RESOURCE);
    final List<FlowBlock> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        records.add(converter.parse(lines.get(i), network));
      } catch (FlowFormatException e) {
        throw new IllegalArgumentException("Flow fixture line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new FlowFixture(records);
  }

  /** The fixture a source's settings name ({@code fixturePath}, records tagged with {@code network}). */
  public static FlowFixture load(FixtureSourceConfig config, ObjectMapper mapper) throws IOException {
    return load(config.fixturePath(), config.network(), new FlowAccessBlocks(mapper));
  }

  /** Every record of pass 0, in writing order; each is a fresh copy. */
  public List<FlowBlock> records() {
    final List<FlowBlock> copies = new ArrayList<>(records.size());
    records.forEach(r -> copies.add(FlowBlock.newBuilder(r).build()));
    return copies;
  }

  @Override
  public String network() {
    return records.get(0).getNetwork();
  }

  @Override
  public int size() {
    return records.size();
  }

  @Override
  public FlowBlock block(long pass, int index) {
    final FlowBlock original = records.get(index);
    if (pass == 0) {
      return FlowBlock.newBuilder(original).build();
    }
    final FlowHeader header = original.getHeader();
    final String parent = header.getHeight() == firstHeight ? id(pass - 1, lastBlockId) : id(pass, header.getParentId());
    final List<FlowCollectionGuarantee> guarantees = new ArrayList<>();
    for (FlowCollectionGuarantee g : original.getCollectionGuarantees()) {
      guarantees.add(FlowCollectionGuarantee.newBuilder(g).setCollectionId(id(pass, g.getCollectionId()))
          .setReferenceBlockId(id(pass, g.getReferenceBlockId())).build());
    }
    final List<FlowBlockSeal> seals = new ArrayList<>();
    for (FlowBlockSeal s : original.getBlockSeals()) {
      seals.add(FlowBlockSeal.newBuilder(s).setBlockId(id(pass, s.getBlockId())).setResultId(id(pass, s.getResultId()))
          .build());
    }
    final List<FlowTransactionResult> results = new ArrayList<>();
    for (FlowTransactionResult r : original.getTransactionResults()) {
      results.add(FlowTransactionResult.newBuilder(r).setTransactionId(id(pass, r.getTransactionId()))
          .setBlockId(id(pass, r.getBlockId())).setCollectionId(id(pass, r.getCollectionId()))
          .setEvents(events(pass, r.getEvents())).build());
    }
    return FlowBlock.newBuilder(original)
        .setHeader(FlowHeader.newBuilder(header)
            .setId(id(pass, header.getId()))
            .setParentId(parent)
            .setHeight(Math.addExact(header.getHeight(), Math.multiplyExact(pass, heightSpan)))
            .setTimestampMs(Math.addExact(header.getTimestampMs(), Math.multiplyExact(pass, timeSpanMs)))
            .build())
        .setCollectionGuarantees(guarantees)
        .setBlockSeals(seals)
        .setEvents(events(pass, original.getEvents()))
        .setTransactionResults(results)
        .build();
  }

  private static List<FlowEvent> events(long pass, List<FlowEvent> events) {
    final List<FlowEvent> out = new ArrayList<>(events.size());
    for (FlowEvent e : events) {
      out.add(FlowEvent.newBuilder(e).setTransactionId(id(pass, e.getTransactionId())).build());
    }
    return out;
  }

  /** An id in pass {@code pass}: itself in pass 0, else 64 hex digits derived from it; "" stays "". */
  private static String id(long pass, String original) {
    return pass == 0 || original.isEmpty() ? original : FixtureHashes.deriveHex(pass, original).substring(2);
  }

  /** The record with the same block id and status, in the pass its height falls in. */
  @Override
  public Optional<Position> positionOf(FlowBlock written) {
    final long height = written.getHeader().getHeight();
    if (height < firstHeight) {
      return Optional.empty();
    }
    final long pass = (height - firstHeight) / heightSpan;
    final long baseHeight = height - pass * heightSpan;
    for (int i = 0; i < records.size(); i++) {
      final FlowBlock record = records.get(i);
      if (record.getStatus() == written.getStatus() && record.getHeader().getHeight() == baseHeight) {
        return id(pass, record.getHeader().getId()).equals(written.getHeader().getId())
            ? Optional.of(new Position(pass, i))
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  @Override
  public long firstPassAbove(FlowBlock block) {
    final long height = block.getHeader().getHeight();
    return height < firstHeight ? 0 : (height - firstHeight) / heightSpan + 1;
  }

  /** The mean time between consecutive blocks (not records). */
  @Override
  public long intervalNanos() {
    return intervalMs * NANOS_PER_MS;
  }

  /** Flow block times are milliseconds. */
  @Override
  public long timeResolutionNanos() {
    return NANOS_PER_MS;
  }

  @Override
  public long timeNanos(FlowBlock block) {
    return Math.multiplyExact(block.getHeader().getTimestampMs(), NANOS_PER_MS);
  }

  /** Does nothing: a block's finalized and sealed records carry one header, with its fixture time. */
  @Override
  public void setTimeNanos(FlowBlock block, long nanos) {
    // kept: see the class comment
  }

  /** Does nothing: a block's finalized and sealed records carry one header. */
  @Override
  public void setParentHash(FlowBlock block, String parentHash) {
    // kept: see the class comment
  }

  @Override
  public long height(FlowBlock block) {
    return block.getHeader().getHeight();
  }

  @Override
  public String hash(FlowBlock block) {
    return block.getHeader().getId();
  }

  @Override
  public AvroSerde<FlowBlock> serde() {
    return Serdes.FLOW_BLOCK;
  }

  /**
   * Every record of a network has the same key, so they share one partition and the last by offset is
   * the last written: no order is needed across partitions.
   */
  @Override
  public Comparator<FlowBlock> writeOrder() {
    return (a, b) -> 0;
  }
}
