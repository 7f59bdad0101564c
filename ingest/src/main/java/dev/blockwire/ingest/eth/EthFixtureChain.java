package dev.blockwire.ingest.eth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.blockwire.ingest.fixture.FixtureFiles;
import dev.blockwire.ingest.fixture.FixtureHashes;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.ingest.fixture.ReplayableChain;
import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;

/**
 * The Ethereum fixture: raw blocks in the order a node-following source writes them, which includes
 * the blocks of branches that a reorg later orphans, and their endless continuation by replay passes.
 *
 * <p>Each block is the new head when it is written. So a block whose parent is not the block
 * written just before it is a reorg: the blocks written since its parent leave the canonical chain.
 * For example, writing A10 then its sibling A10' (parent A9) is a reorg of depth 1; writing A25,
 * A26, A27 then B25 (parent A24), B26, B27, B28 is a reorg of depth 3.
 *
 * <p>What a fixture must satisfy: block hashes are unique; every block but the first names an
 * earlier block as its parent and has its parent's number plus one; the first block's parent is
 * outside the fixture; timestamps strictly increase in write order; the last block has the highest
 * number (so the next pass can continue it); every log belongs to its block.
 *
 * <p>Pass {@code p} ({@code p >= 0}) is the fixture moved forward: numbers plus
 * {@code p * heightSpan()}, timestamps (header and every log's {@code blockTimestamp}) plus
 * {@code p * timeSpanSeconds()}, and every block hash, parent hash and transaction hash re-derived
 * with {@link FixtureHashes#deriveHex(long, String)} (roots, addresses, topics and data are kept). The
 * first block of pass {@code p > 0} names the last block of pass {@code p - 1} as its parent, so the
 * passes form one chain and its reorgs recur in every pass. Pass 0 is the fixture itself.
 *
 * <p>Immutable and thread-safe.
 */
public final class EthFixtureChain implements ReplayableChain<EthBlock> {

  /** Classpath location of the built-in Ethereum mainnet fixture. */
  public static final String DEFAULT_RESOURCE = "fixtures/eth-mainnet/blocks.jsonl";

  /**
   * The ERC-20 token of the built-in fixture (Blockwire Test Token, BWT): its
   * {@code Transfer(address,address,uint256)} logs are in every orphaned block.
   */
  public static final String DEFAULT_TOKEN = "0x6ea7767a76954f0e850eb97f652a7038899f4762";

  /** {@code keccak256("Transfer(address,address,uint256)")}: topic 0 of ERC-20 and ERC-721 transfers. */
  public static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long DEFAULT_INTERVAL_SECONDS = 12;

  private final List<EthBlock> blocks;
  private final String network;
  private final long firstNumber;
  private final long heightSpan;
  private final long intervalSeconds;
  private final long timeSpanSeconds;

  /**
   * @param blocks the fixture, in write order; at least one block
   * @throws IllegalArgumentException naming the block if the fixture breaks one of the rules above
   */
  public EthFixtureChain(List<EthBlock> blocks) {
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("a fixture needs at least one block");
    }
    this.blocks = List.copyOf(blocks);
    final EthHeader first = this.blocks.get(0).getHeader();
    this.network = this.blocks.get(0).getNetwork();
    final Map<String, Integer> indexByHash = new HashMap<>();
    long maxNumber = first.getNumber();
    for (int i = 0; i < this.blocks.size(); i++) {
      final EthBlock block = this.blocks.get(i);
      final EthHeader header = block.getHeader();
      final String where = "fixture block " + i + " (number " + header.getNumber() + ")";
      if (!block.getNetwork().equals(network)) {
        throw new IllegalArgumentException(where + ": network " + block.getNetwork() + " is not " + network);
      }
      if (indexByHash.putIfAbsent(header.getHash(), i) != null) {
        throw new IllegalArgumentException(where + ": hash " + header.getHash() + " occurs twice");
      }
      if (i > 0) {
        final Integer parent = indexByHash.get(header.getParentHash());
        if (parent == null || parent == i) {
          throw new IllegalArgumentException(where + ": parentHash " + header.getParentHash()
              + " is not the hash of an earlier block");
        }
        final long parentNumber = this.blocks.get(parent).getHeader().getNumber();
        if (header.getNumber() != parentNumber + 1) {
          throw new IllegalArgumentException(where + ": number is not its parent's (" + parentNumber + ") plus one");
        }
        if (header.getTimestamp() <= this.blocks.get(i - 1).getHeader().getTimestamp()) {
          throw new IllegalArgumentException(where + ": timestamp does not increase");
        }
      }
      for (EthLog log : block.getLogs()) {
        if (!log.getBlockHash().equals(header.getHash()) || log.getBlockNumber() != header.getNumber()
            || log.getBlockTimestamp() == null || log.getBlockTimestamp() != header.getTimestamp()) {
          throw new IllegalArgumentException(where + ": log " + log.getLogIndex() + " does not carry the block's"
              + " hash, number and timestamp");
        }
      }
      maxNumber = Math.max(maxNumber, header.getNumber());
    }
    if (indexByHash.containsKey(first.getParentHash())) {
      throw new IllegalArgumentException("fixture block 0: its parent must be outside the fixture");
    }
    final EthHeader last = this.blocks.get(this.blocks.size() - 1).getHeader();
    if (last.getNumber() != maxNumber) {
      throw new IllegalArgumentException("the last fixture block (number " + last.getNumber()
          + ") must have the highest number (" + maxNumber + ") so that the next pass continues it");
    }
    this.firstNumber = first.getNumber();
    this.heightSpan = maxNumber - firstNumber + 1;
    this.intervalSeconds = this.blocks.size() == 1
        ? DEFAULT_INTERVAL_SECONDS
        : Math.max(1, (last.getTimestamp() - first.getTimestamp()) / (this.blocks.size() - 1));
    this.timeSpanSeconds = last.getTimestamp() - first.getTimestamp() + intervalSeconds;
  }

  /**
   * Reads a JSON Lines fixture (one {@code {"block":…,"logs":[…]}} document per line, see
   * {@link GethBlocks#parse(String, String)}; blank lines ignored).
   *
   * @throws IllegalArgumentException naming the line if a line is not a valid block, or if the
   *     blocks break a fixture rule
   */
  public static EthFixtureChain fromLines(List<String> lines, String network, GethBlocks converter) {
    final List<EthBlock> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      final String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      try {
        blocks.add(converter.parse(line, network));
      } catch (GethFormatException e) {
        throw new IllegalArgumentException("fixture line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new EthFixtureChain(blocks);
  }

  /**
   * Loads a fixture from a file, or from the classpath when {@code location} is empty (the built-in
   * {@link #DEFAULT_RESOURCE}) or starts with {@code classpath:}.
   *
   * @throws IOException if the file or resource cannot be read
   * @throws IllegalArgumentException if its content is not a valid fixture
   */
  public static EthFixtureChain load(String location, String network, GethBlocks converter) throws IOException {
    return fromLines(FixtureFiles.readLines(location, DEFAULT_RESOURCE), network, converter);
  }

  /**
   * Loads the fixture a source's settings name ({@code fixturePath}, blocks tagged with
   * {@code network}).
   *
   * @throws IOException if the file or resource cannot be read
   * @throws IllegalArgumentException if its content is not a valid fixture
   */
  public static EthFixtureChain load(FixtureSourceConfig config, ObjectMapper mapper) throws IOException {
    return load(config.fixturePath(), config.network(), new GethBlocks(mapper));
  }

  @Override
  public String network() {
    return network;
  }

  @Override
  public int size() {
    return blocks.size();
  }

  /** The fixture itself (pass 0), in write order. */
  public List<EthBlock> blocks() {
    return blocks;
  }

  /** Numbers one pass covers: highest - lowest + 1; pass {@code p} adds {@code p} times this. */
  public long heightSpan() {
    return heightSpan;
  }

  /** Seconds one pass covers, including the interval to the next pass; pass {@code p} adds {@code p} times this. */
  public long timeSpanSeconds() {
    return timeSpanSeconds;
  }

  @Override
  public long intervalNanos() {
    return intervalSeconds * NANOS_PER_SECOND;
  }

  @Override
  public EthBlock block(long pass, int index) {
    final EthBlock original = blocks.get(index);
    final EthHeader header = original.getHeader();
    final long number = Math.addExact(header.getNumber(), Math.multiplyExact(pass, heightSpan));
    final long timestamp = Math.addExact(header.getTimestamp(), Math.multiplyExact(pass, timeSpanSeconds));
    final String hash = FixtureHashes.deriveHex(pass, header.getHash());
    final String parentHash = index == 0 && pass > 0
        ? FixtureHashes.deriveHex(pass - 1, blocks.get(blocks.size() - 1).getHeader().getHash())
        : FixtureHashes.deriveHex(pass, header.getParentHash());
    final List<String> transactionHashes = new ArrayList<>(original.getTransactionHashes().size());
    for (String tx : original.getTransactionHashes()) {
      transactionHashes.add(FixtureHashes.deriveHex(pass, tx));
    }
    final List<EthLog> logs = new ArrayList<>(original.getLogs().size());
    for (EthLog log : original.getLogs()) {
      logs.add(EthLog.newBuilder(log)
          .setBlockNumber(number)
          .setBlockHash(hash)
          .setBlockTimestamp(timestamp)
          .setTransactionHash(FixtureHashes.deriveHex(pass, log.getTransactionHash()))
          .build());
    }
    return EthBlock.newBuilder(original)
        .setHeader(EthHeader.newBuilder(header)
            .setNumber(number)
            .setTimestamp(timestamp)
            .setHash(hash)
            .setParentHash(parentHash)
            .build())
        .setLogs(logs)
        .setTransactionHashes(transactionHashes)
        .build();
  }

  @Override
  public Optional<Position> positionOf(EthBlock block) {
    return positionOf(block.getHeader().getNumber(), block.getHeader().getHash());
  }

  /**
   * Where a block of this chain sits, if it is one: the position whose number and hash both match
   * (a number can have two blocks, one of them orphaned). Empty for a block this fixture never
   * produces.
   */
  public Optional<Position> positionOf(long number, String hash) {
    if (number < firstNumber) {
      return Optional.empty();
    }
    final long pass = (number - firstNumber) / heightSpan;
    final long baseNumber = number - pass * heightSpan;
    for (int i = 0; i < blocks.size(); i++) {
      final EthHeader header = blocks.get(i).getHeader();
      if (header.getNumber() == baseNumber && FixtureHashes.deriveHex(pass, header.getHash()).equals(hash)) {
        return Optional.of(new Position(pass, i));
      }
    }
    return Optional.empty();
  }

  @Override
  public long firstPassAbove(EthBlock block) {
    final long number = block.getHeader().getNumber();
    return number < firstNumber ? 0 : (number - firstNumber) / heightSpan + 1;
  }

  /** Ethereum block times are whole seconds. */
  @Override
  public long timeResolutionNanos() {
    return NANOS_PER_SECOND;
  }

  @Override
  public long timeNanos(EthBlock block) {
    return Math.multiplyExact(block.getHeader().getTimestamp(), NANOS_PER_SECOND);
  }

  /** Sets the header's {@code timestamp} and every log's {@code blockTimestamp} (whole seconds, rounded down). */
  @Override
  public void setTimeNanos(EthBlock block, long nanos) {
    final long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
    block.getHeader().setTimestamp(seconds);
    for (EthLog log : block.getLogs()) {
      log.setBlockTimestamp(seconds);
    }
  }

  @Override
  public void setParentHash(EthBlock block, String parentHash) {
    block.getHeader().setParentHash(parentHash);
  }

  @Override
  public long height(EthBlock block) {
    return block.getHeader().getNumber();
  }

  @Override
  public String hash(EthBlock block) {
    return block.getHeader().getHash();
  }

  @Override
  public AvroSerde<EthBlock> serde() {
    return Serdes.ETH_BLOCK;
  }

  /**
   * Write order is time order: a source stamps every block later than the one before, even the
   * lower-numbered first block of a reorg's new branch.
   */
  @Override
  public Comparator<EthBlock> writeOrder() {
    return Comparator.<EthBlock>comparingLong(b -> b.getHeader().getTimestamp())
        .thenComparingLong(b -> b.getHeader().getNumber());
  }
}
