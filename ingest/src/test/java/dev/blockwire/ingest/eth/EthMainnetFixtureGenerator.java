package dev.blockwire.ingest.eth;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.blockwire.ingest.fixture.FixtureHashes;

/**
 * Writes {@code src/main/resources/fixtures/eth-mainnet/blocks.jsonl}: 40 post-merge
 * (Prague/Fusaka-era) mainnet-shaped Ethereum blocks in the order a node-following source writes
 * them, orphaned branches included, one {@code {"block": <eth_getBlockByHash(h,false)>, "logs":
 * [<eth_getLogs({blockHash:h})>]}} document per line. Deterministic: {@code EthFixtureFileTest}
 * checks that the committed file is exactly what this class writes.
 *
 * <p>Shape: numbers {@link #FIRST_NUMBER} + 0..35; line {@code i} is slot {@code i}, 12 s apart from
 * {@link #FIRST_TIMESTAMP}. Two reorgs: depth 1 at +12 (line 12 is orphaned by its sibling on line
 * 13) and depth 3 at +25..+27 (lines 26-28 are orphaned by lines 29-31, which line 32 extends).
 * Hashes are Keccak-256 of readable seeds; the logs' topics are real event signatures and their
 * {@code logsBloom} is the real bloom of the logs.
 *
 * <p>Regenerate with (from {@code ingest/}, after {@code mvn test-compile}):
 * <pre>java -cp "target/test-classes:target/classes:$(cat cp.txt)" \
 *   dev.blockwire.ingest.eth.EthMainnetFixtureGenerator src/main/resources/fixtures/eth-mainnet/blocks.jsonl</pre>
 * where {@code cp.txt} comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class EthMainnetFixtureGenerator {

  static final long FIRST_NUMBER = 24_581_300L;
  /** 2026-03-04 17:35:11 UTC: beacon slot 13,818,474 (genesis 1606824023 + 12 s per slot). */
  static final long FIRST_TIMESTAMP = 1_772_645_711L;
  static final long SLOT_SECONDS = 12;
  static final int HEIGHTS = 36;
  /** The relative number whose first block is orphaned by a sibling (depth-1 reorg). */
  static final int DEPTH_1_AT = 12;
  /** The relative numbers whose first blocks are orphaned by a three-block branch (depth-3 reorg). */
  static final Set<Integer> DEPTH_3_AT = Set.of(25, 26, 27);

  static final String SEED = "blockwire/fixture/eth-mainnet/";
  static final String TOKEN = address("contract/token");
  static final String WETH = address("contract/weth");
  static final String PAIR = address("contract/pair-bwt-weth");
  static final String ROUTER = address("contract/router");
  static final String NFT = address("contract/nft");
  static final String HEARTBEAT = address("contract/heartbeat");
  static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

  static final String TRANSFER = topic("Transfer(address,address,uint256)");
  static final String APPROVAL = topic("Approval(address,address,uint256)");
  static final String DEPOSIT = topic("Deposit(address,uint256)");
  static final String WITHDRAWAL = topic("Withdrawal(address,uint256)");
  static final String SYNC = topic("Sync(uint112,uint112)");
  static final String SWAP = topic("Swap(address,uint256,uint256,uint256,uint256,address)");

  static final String EMPTY_UNCLES_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
  /** sha256 of nothing: the EIP-7685 requests hash of a block without execution-layer requests. */
  static final String EMPTY_REQUESTS_HASH = "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static final long GAS_LIMIT = 60_000_000L;
  static final long BLOB_GAS_PER_BLOB = 131_072L;
  static final long TARGET_BLOBS = 14;
  static final long MAX_BLOBS = 21;
  static final int WITHDRAWALS_PER_BLOCK = 16;

  private static final String[] ACCOUNTS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
      "ivan", "judy", "mallory", "niaj", "olivia", "peggy"};
  private static final String[] BUILDERS = {"beaverbuild.org", "Titan (titanbuilder.xyz)", "BuilderNet (Flashbots)",
      "rsync-builder.xyz", "Quasar (quasar.win)"};

  private final JsonNodeFactory json = JsonNodeFactory.instance;
  private final ObjectMapper mapper = new ObjectMapper();

  /** One line of the file: a block to write. */
  record Line(int index, int relative, boolean orphaned, int parent) {}

  /** One log of a transaction, without its block fields. */
  record LogSpec(String address, List<String> topics, String data) {}

  /** One transaction: its hash and the logs it emitted. */
  record Tx(String hash, List<LogSpec> logs) {}

  /** What the chain looks like after a block: used by its children. */
  private record State(long baseFee, long gasUsed, long excessBlobGas, long blobGasUsed, long withdrawalIndex,
      long validatorIndex) {}

  private final List<Line> lines = new ArrayList<>();
  private final Map<Integer, List<Tx>> reorgedTxs = new HashMap<>();

  EthMainnetFixtureGenerator() {
    final Map<Integer, Integer> latestAt = new HashMap<>();
    for (int relative = 0; relative < HEIGHTS; relative++) {
      if (relative == DEPTH_1_AT + 1) {
        add(DEPTH_1_AT, false, latestAt); // the sibling: parent DEPTH_1_AT - 1, still canonical
      }
      if (relative == 28) {
        for (int r : List.of(25, 26, 27)) {
          add(r, false, latestAt); // the new branch: 25 on 24, then 26, 27 (and 28 below)
        }
      }
      add(relative, relative == DEPTH_1_AT || DEPTH_3_AT.contains(relative), latestAt);
    }
  }

  private void add(int relative, boolean orphaned, Map<Integer, Integer> latestAt) {
    final int parent = relative == 0 ? -1 : latestAt.get(relative - 1);
    final Line line = new Line(lines.size(), relative, orphaned, parent);
    lines.add(line);
    latestAt.put(relative, line.index());
  }

  public static void main(String[] args) throws IOException {
    final Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources/fixtures/eth-mainnet/blocks.jsonl");
    Files.writeString(out, new EthMainnetFixtureGenerator().generate(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  List<Line> lines() {
    return lines;
  }

  /** The whole file: one compact JSON document per line. */
  String generate() {
    final StringBuilder out = new StringBuilder();
    final Map<Integer, State> states = new HashMap<>();
    for (Line line : lines) {
      final State parent = line.parent() < 0 ? genesisState() : states.get(line.parent());
      final List<Tx> txs = transactions(line);
      final ObjectNode document = json.objectNode();
      final State state = block(line, parent, txs, document);
      states.put(line.index(), state);
      try {
        out.append(mapper.writeValueAsString(document)).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return out.toString();
  }

  // --- names ---

  static long number(Line line) {
    return FIRST_NUMBER + line.relative();
  }

  static String blockHash(long number, boolean orphaned) {
    return hash("block/" + number + (orphaned ? "/orphaned" : ""));
  }

  String blockHash(Line line) {
    return blockHash(number(line), line.orphaned());
  }

  static String hash(String seed) {
    return FixtureHashes.hex(Keccak256.hash(SEED + seed));
  }

  static String address(String seed) {
    return "0x" + hash(seed).substring(2 + 24);
  }

  static String topic(String signature) {
    return FixtureHashes.hex(Keccak256.hash(signature));
  }

  static String account(int i) {
    return address("account/" + ACCOUNTS[i % ACCOUNTS.length]);
  }

  static String word(String address) {
    return "0x" + "0".repeat(24) + address.substring(2);
  }

  static String uint(BigInteger value) {
    final String hex = value.toString(16);
    return "0".repeat(64 - hex.length()) + hex;
  }

  static String uint(long value) {
    return uint(BigInteger.valueOf(value));
  }

  static String quantity(long value) {
    return "0x" + Long.toHexString(value);
  }

  // --- transactions and their logs ---

  private List<Tx> transactions(Line line) {
    final long number = number(line);
    final String variant = line.orphaned() ? "orphaned" : "canonical";
    final Random random = new Random(number * 31 + (line.orphaned() ? 7 : 0));
    final List<Tx> txs = new ArrayList<>();
    int k = 0;
    // Re-included transactions first: a reorged block's transactions go back to the pool and are
    // mined again by the new branch (or a later block), with the same hash.
    if (!line.orphaned() && reorgedTxs.containsKey(line.relative())) {
      txs.add(reorgedTxs.get(line.relative()).get(0));
    }
    if (line.relative() == DEPTH_1_AT + 1) {
      txs.add(reorgedTxs.get(DEPTH_1_AT).get(1));
    }
    if (line.relative() == 28) {
      txs.add(reorgedTxs.get(25).get(1));
      txs.add(reorgedTxs.get(26).get(1)); // the second transfer of 27's orphan is never mined again
    }
    if (line.orphaned()) {
      final List<Tx> doomed = new ArrayList<>();
      for (int n = 0; n < 2; n++) {
        final String tx = hash("tx/" + number + "/" + variant + "/" + k++);
        doomed.add(new Tx(tx, List.of(tokenTransfer(account(random.nextInt(14)), account(random.nextInt(14)),
            amount(random)))));
      }
      reorgedTxs.put(line.relative(), doomed);
      txs.addAll(doomed);
    }
    // Every kind of log at least once in the canonical chain, on fixed blocks.
    switch (line.relative()) {
      case 3, 17, 31 -> txs.add(new Tx(hash("tx/" + number + "/" + variant + "/" + k++), List.of(heartbeat(number))));
      case 5, 21 -> txs.add(new Tx(hash("tx/" + number + "/" + variant + "/" + k++),
          List.of(nftTransfer(ZERO_ADDRESS, account(line.relative()), 7_000 + line.relative()))));
      case 8, 30 -> txs.add(new Tx(hash("tx/" + number + "/" + variant + "/" + k++), swap(account(line.relative()), random)));
      default -> { }
    }
    final int count = 5 + random.nextInt(10);
    while (txs.size() < count) {
      txs.add(new Tx(hash("tx/" + number + "/" + variant + "/" + k++), randomLogs(random, number)));
    }
    return txs;
  }

  private List<LogSpec> randomLogs(Random random, long number) {
    final int roll = random.nextInt(100);
    final String from = account(random.nextInt(14));
    final String to = account(random.nextInt(14));
    if (roll < 40) {
      return List.of(); // a plain ether transfer or a call without events
    } else if (roll < 62) {
      return List.of(tokenTransfer(from, to, amount(random)));
    } else if (roll < 70) {
      return List.of(new LogSpec(TOKEN, List.of(APPROVAL, word(from), word(ROUTER)),
          "0x" + uint(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))));
    } else if (roll < 78) {
      return swap(from, random);
    } else if (roll < 84) {
      return List.of(new LogSpec(WETH, List.of(DEPOSIT, word(from)), "0x" + uint(wei(random))));
    } else if (roll < 89) {
      return List.of(new LogSpec(WETH, List.of(WITHDRAWAL, word(from)), "0x" + uint(wei(random))));
    } else if (roll < 95) {
      return List.of(nftTransfer(from, to, 1_000 + random.nextInt(5_000)));
    } else {
      return List.of(heartbeat(number));
    }
  }

  /** A Uniswap-V2-style swap of WETH for BWT through the router: four logs, LOG3, LOG3, LOG1, LOG3. */
  private List<LogSpec> swap(String trader, Random random) {
    final BigInteger wethIn = wei(random);
    final BigInteger bwtOut = wethIn.multiply(BigInteger.valueOf(1_800 + random.nextInt(400)));
    final BigInteger reserveWeth = BigInteger.valueOf(412_000L + random.nextInt(9_000)).multiply(BigInteger.TEN.pow(18));
    final BigInteger reserveBwt = reserveWeth.multiply(BigInteger.valueOf(2_000));
    return List.of(
        new LogSpec(WETH, List.of(TRANSFER, word(trader), word(PAIR)), "0x" + uint(wethIn)),
        tokenTransfer(PAIR, trader, bwtOut),
        new LogSpec(PAIR, List.of(SYNC), "0x" + uint(reserveWeth) + uint(reserveBwt)),
        new LogSpec(PAIR, List.of(SWAP, word(ROUTER), word(trader)),
            "0x" + uint(0) + uint(wethIn) + uint(bwtOut) + uint(0)));
  }

  static LogSpec tokenTransfer(String from, String to, BigInteger value) {
    return new LogSpec(TOKEN, List.of(TRANSFER, word(from), word(to)), "0x" + uint(value));
  }

  /** An ERC-721 transfer: the same topic 0 as ERC-20's, but the token id is indexed too (LOG4, empty data). */
  static LogSpec nftTransfer(String from, String to, long tokenId) {
    return new LogSpec(NFT, List.of(TRANSFER, word(from), word(to), "0x" + uint(tokenId)), "0x");
  }

  /** An anonymous event (LOG0): a data-only log of a keeper contract. */
  static LogSpec heartbeat(long number) {
    return new LogSpec(HEARTBEAT, List.of(), "0x" + uint(number) + uint(number % 1_000));
  }

  /** 0.001 to 100 BWT (18 decimals). */
  private static BigInteger amount(Random random) {
    return BigInteger.valueOf(1 + random.nextInt(100_000)).multiply(BigInteger.TEN.pow(15));
  }

  /** 0.0001 to 5 ether. */
  private static BigInteger wei(Random random) {
    return BigInteger.valueOf(1 + random.nextInt(50_000)).multiply(BigInteger.TEN.pow(14));
  }

  // --- the block ---

  private static State genesisState() {
    return new State(412_345_678L, 31_245_918L, 10_485_760L, 9 * BLOB_GAS_PER_BLOB, 112_460_417L, 1_204_331L);
  }

  /** Writes {@code {"block":…,"logs":[…]}} into {@code document} and returns the state after the block. */
  private State block(Line line, State parent, List<Tx> txs, ObjectNode document) {
    final long number = number(line);
    final long timestamp = FIRST_TIMESTAMP + SLOT_SECONDS * line.index();
    final String hash = blockHash(line);
    final String parentHash = line.parent() < 0 ? blockHash(FIRST_NUMBER - 1, false) : blockHash(lines.get(line.parent()));
    final String variant = line.orphaned() ? "/orphaned" : "";
    final Random random = new Random(number * 17 + (line.orphaned() ? 3 : 0));

    final long baseFee = nextBaseFee(parent);
    final long gasUsed = GAS_LIMIT * 2 / 5 + random.nextInt((int) (GAS_LIMIT / 5));
    final long excessBlobGas = Math.max(0, parent.excessBlobGas() + parent.blobGasUsed()
        - TARGET_BLOBS * BLOB_GAS_PER_BLOB);
    final long blobGasUsed = BLOB_GAS_PER_BLOB * random.nextInt((int) MAX_BLOBS + 1);

    final ArrayNode logs = json.arrayNode();
    final byte[] bloom = new byte[256];
    int logIndex = 0;
    for (int t = 0; t < txs.size(); t++) {
      for (LogSpec spec : txs.get(t).logs()) {
        final ObjectNode log = logs.addObject();
        log.put("address", spec.address());
        final ArrayNode topics = log.putArray("topics");
        spec.topics().forEach(topics::add);
        log.put("data", spec.data());
        log.put("blockNumber", quantity(number));
        log.put("transactionHash", txs.get(t).hash());
        log.put("transactionIndex", quantity(t));
        log.put("blockHash", hash);
        log.put("blockTimestamp", quantity(timestamp));
        log.put("logIndex", quantity(logIndex++));
        log.put("removed", false);
        addToBloom(bloom, spec.address());
        spec.topics().forEach(topic -> addToBloom(bloom, topic));
      }
    }

    final String builder = BUILDERS[random.nextInt(BUILDERS.length)];
    // geth marshals eth_getBlockByHash from a Go map: keys in alphabetical order
    final ObjectNode block = document.putObject("block");
    block.put("baseFeePerGas", quantity(baseFee));
    block.put("blobGasUsed", quantity(blobGasUsed));
    block.put("difficulty", "0x0");
    block.put("excessBlobGas", quantity(excessBlobGas));
    block.put("extraData", FixtureHashes.hex(builder.getBytes(StandardCharsets.UTF_8)));
    block.put("gasLimit", quantity(GAS_LIMIT));
    block.put("gasUsed", quantity(gasUsed));
    block.put("hash", hash);
    block.put("logsBloom", FixtureHashes.hex(bloom));
    block.put("miner", address("builder/" + builder));
    block.put("mixHash", hash("prevrandao/" + line.index()));
    block.put("nonce", "0x0000000000000000");
    block.put("number", quantity(number));
    block.put("parentBeaconBlockRoot", hash("beacon-block-root/" + (line.index() - 1)));
    block.put("parentHash", parentHash);
    block.put("receiptsRoot", hash("receipts-root/" + number + variant));
    block.put("requestsHash", EMPTY_REQUESTS_HASH);
    block.put("sha3Uncles", EMPTY_UNCLES_HASH);
    block.put("size", quantity(1_480 + 142L * txs.size() + 96L * logs.size() + 60L * WITHDRAWALS_PER_BLOCK));
    block.put("stateRoot", hash("state-root/" + number + variant));
    block.put("timestamp", quantity(timestamp));
    final ArrayNode transactions = block.putArray("transactions");
    txs.forEach(tx -> transactions.add(tx.hash()));
    block.put("transactionsRoot", hash("transactions-root/" + number + variant));
    block.putArray("uncles");
    final ArrayNode withdrawals = block.putArray("withdrawals");
    long validator = parent.validatorIndex();
    for (int w = 0; w < WITHDRAWALS_PER_BLOCK; w++) {
      validator += 1 + random.nextInt(37);
      final ObjectNode withdrawal = withdrawals.addObject();
      withdrawal.put("index", quantity(parent.withdrawalIndex() + 1 + w));
      withdrawal.put("validatorIndex", quantity(validator));
      withdrawal.put("address", address("withdrawal-credentials/" + (validator % 9)));
      withdrawal.put("amount", quantity(17_500_000L + random.nextInt(1_500_000)));
    }
    block.put("withdrawalsRoot", hash("withdrawals-root/" + number + variant));
    document.set("logs", logs);

    return new State(baseFee, gasUsed, excessBlobGas, blobGasUsed, parent.withdrawalIndex() + WITHDRAWALS_PER_BLOCK,
        validator);
  }

  /** EIP-1559: the base fee moves by up to 1/8 towards the gas target (half the limit). */
  private static long nextBaseFee(State parent) {
    final long target = GAS_LIMIT / 2;
    if (parent.gasUsed() == target) {
      return parent.baseFee();
    }
    if (parent.gasUsed() > target) {
      final long delta = Math.max(1, BigInteger.valueOf(parent.baseFee()).multiply(BigInteger.valueOf(parent.gasUsed() - target))
          .divide(BigInteger.valueOf(target)).divide(BigInteger.valueOf(8)).longValueExact());
      return parent.baseFee() + delta;
    }
    final long delta = BigInteger.valueOf(parent.baseFee()).multiply(BigInteger.valueOf(target - parent.gasUsed()))
        .divide(BigInteger.valueOf(target)).divide(BigInteger.valueOf(8)).longValueExact();
    return parent.baseFee() - delta;
  }

  /** geth's {@code types.Bloom.add}: three bits from the Keccak-256 of the value. */
  static void addToBloom(byte[] bloom, String hexValue) {
    final byte[] hash = Keccak256.hash(hexBytes(hexValue));
    for (int i = 0; i < 6; i += 2) {
      final int bit = ((hash[i] & 0xff) << 8 | (hash[i + 1] & 0xff)) & 2047;
      bloom[255 - bit / 8] |= (byte) (1 << (bit % 8));
    }
  }

  static byte[] hexBytes(String hex) {
    final String digits = hex.substring(2);
    final byte[] out = new byte[digits.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
