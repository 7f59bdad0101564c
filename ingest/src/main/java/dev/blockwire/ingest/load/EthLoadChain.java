package dev.blockwire.ingest.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;

/**
 * A synthetic Ethereum mainnet (post-merge, Prague-era headers) with reorgs, in the order a
 * node-following source writes it: every block is the new head when written, so a block whose
 * parent is not the block written just before it is a reorg (as in
 * {@code dev.blockwire.ingest.eth.EthFixtureChain}).
 *
 * <p><b>Reorgs.</b> With {@code reorgEvery = R > 0} and {@code reorgDepth = D} (1 &le; D &lt; R):
 * after every R new heights, the next D blocks replace the D newest canonical ones: block
 * {@code h-D+1} is written again with another hash on the parent {@code h-D}, then {@code h-D+2} on it,
 * up to {@code h}, and the chain goes on from there. So R + D block records per R heights, and every
 * reorg drops exactly D blocks with their logs. The replacement blocks carry other transactions.
 *
 * <p><b>Logs.</b> {@code eventsPerBlock} logs on average (uniform in [E/2, 3E/2]) in transactions of
 * 1 to 4 logs, LOG0 to LOG4: ERC-20 {@code Transfer} (LOG3, the majority) and {@code Approval},
 * Uniswap-v2 swaps ({@code Transfer}, {@code Transfer}, {@code Sync} LOG1, {@code Swap} LOG3), WETH
 * {@code Deposit} (LOG2), ERC-721 {@code Transfer} (LOG4), ERC-1155 {@code TransferSingle} (LOG4) and
 * anonymous LOG0 events; plus about 30% transactions without logs. Contracts are drawn from
 * {@value #CONTRACTS} by a Zipf law (exponent 1.1; USDT, USDC, WETH, DAI … first), accounts from
 * {@value #ACCOUNTS} (exponent 1.0). Addresses depend on rank only ({@link #contract(int)}), not on
 * the seed, so a load harness can pick filters that match "a few contracts".
 *
 * <p>The {@code logsBloom} is a sparse pseudo-bloom (three bits per log), not Keccak's.
 */
public final class EthLoadChain implements SyntheticChain<EthBlock> {

  public static final int CONTRACTS = 5_000;
  public static final int ACCOUNTS = 200_000;

  /** {@code Transfer(address,address,uint256)}: ERC-20 (LOG3) and ERC-721 (LOG4). */
  public static final String TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  /** {@code Approval(address,address,uint256)}. */
  public static final String APPROVAL = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
  /** {@code Sync(uint112,uint112)}. */
  public static final String SYNC = "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1";
  /** {@code Swap(address,uint256,uint256,uint256,uint256,address)}. */
  public static final String SWAP = "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822";
  /** {@code Deposit(address,uint256)}. */
  public static final String DEPOSIT = "0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c";
  /** {@code TransferSingle(address,address,address,uint256,uint256)}. */
  public static final String TRANSFER_SINGLE = "0xc3d58168c5ae7397731d063d5bbf3d657854427343f4c083240f7aacaa2d0f62";

  static final long FIRST_NUMBER = 24_600_000L;
  /** Synthetic clock: 12 s per slot from 2026-03-04 17:35:11 UTC. */
  static final long FIRST_TIMESTAMP = 1_772_645_711L;
  static final long SLOT_SECONDS = 12;

  private static final String[] TOP_CONTRACTS = {
      "0xdac17f958d2ee523a2206206994597c13d831ec7", // USDT
      "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48", // USDC
      "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", // WETH
      "0x6b175474e89094c44da98b954eedeac495271d0f", // DAI
      "0x514910771af9ca656af840dff83e8264ecf986ca", // LINK
      "0x95ad61b0a150d79219dcf64e1e6cc01f0b64c4ce", // SHIB
      "0x6982508145454ce325ddbf47a4f4a8a9b35c1d43", // PEPE
  };
  private static final String[] BUILDERS = {"beaverbuild.org", "Titan (titanbuilder.xyz)", "BuilderNet (Flashbots)",
      "rsync-builder.xyz", "Quasar (quasar.win)"};
  private static final String EMPTY_UNCLES_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
  private static final String EMPTY_REQUESTS_HASH = "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String GAS_LIMIT = "0x3938700"; // 60M

  private final LoadProfile profile;
  private final SplittableRandom random;
  private final Zipf contracts = new Zipf(CONTRACTS, 1.1);
  private final Zipf accounts = new Zipf(ACCOUNTS, 1.0);
  private final String[] contractAddresses = new String[CONTRACTS];
  private final String[] accountTopics = new String[ACCOUNTS];
  private final String[] builderMiners = new String[BUILDERS.length];
  private final String[] builderExtra = new String[BUILDERS.length];
  /** Canonical hash per height, for the heights a reorg may fork from. */
  private final Map<Long, String> canonical = new HashMap<>();
  private long nextNumber = FIRST_NUMBER;
  private long tip = FIRST_NUMBER - 1;
  private long newHeightsSinceReorg;
  private long baseFee = 0x18b48f1aL;
  private long excessBlobGas = 0x960000L;

  public EthLoadChain(LoadProfile profile) {
    this.profile = profile;
    this.random = new SplittableRandom(profile.seed());
    for (int i = 0; i < CONTRACTS; i++) {
      contractAddresses[i] = contract(i);
    }
    for (int i = 0; i < ACCOUNTS; i++) {
      accountTopics[i] = RandomText.addressTopic(account(i));
    }
    for (int i = 0; i < BUILDERS.length; i++) {
      builderMiners[i] = address(0xb111de5L + i);
      builderExtra[i] = hexText(BUILDERS[i]);
    }
    canonical.put(FIRST_NUMBER - 1, RandomText.hex(new SplittableRandom(profile.seed() ^ 0x5eed), 32));
  }

  /** The contract address of a rank: real mainnet tokens first, then addresses derived from the rank. */
  public static String contract(int rank) {
    return rank < TOP_CONTRACTS.length ? TOP_CONTRACTS[rank] : address(0xc0de_0000_0000L + rank);
  }

  /** The account address of a rank. */
  public static String account(int rank) {
    return address(0xacc0_0000_0000L + rank);
  }

  private static String address(long salt) {
    return RandomText.hex(new SplittableRandom(salt * 0x9e3779b97f4a7c15L), 20);
  }

  private static String hexText(String text) {
    final StringBuilder out = new StringBuilder("0x");
    for (char c : text.toCharArray()) {
      out.append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
    }
    return out.toString();
  }

  @Override
  public String network() {
    return profile.network();
  }

  @Override
  public String topic() {
    return Topics.ETH_BLOCKS_RAW;
  }

  @Override
  public AvroSerde<EthBlock> serde() {
    return Serdes.ETH_BLOCK;
  }

  @Override
  public EthBlock next() {
    final long number = nextNumber;
    final String parentHash = canonical.get(number - 1);
    final String hash = RandomText.hex(random, 32);
    final long timestamp = FIRST_TIMESTAMP + (number - FIRST_NUMBER) * SLOT_SECONDS;
    final List<String> transactions = new ArrayList<>();
    final List<EthLog> logs = logs(number, hash, timestamp, transactions);
    final char[] bloom = "0".repeat(512).toCharArray();
    for (int i = 0; i < logs.size() * 3; i++) {
      final int position = random.nextInt(512);
      bloom[position] = Character.forDigit(1 << random.nextInt(4), 16);
    }
    final int builder = random.nextInt(BUILDERS.length);
    baseFee = Math.max(7, baseFee + baseFee * (random.nextInt(251) - 125) / 1000);
    final long blobGasUsed = 0x20000L * random.nextInt(22);
    excessBlobGas = Math.max(0, excessBlobGas + blobGasUsed - 0x20000L * 14);
    final EthHeader header = EthHeader.newBuilder()
        .setHash(hash)
        .setParentHash(parentHash)
        .setSha3Uncles(EMPTY_UNCLES_HASH)
        .setMiner(builderMiners[builder])
        .setStateRoot(RandomText.hex(random, 32))
        .setTransactionsRoot(RandomText.hex(random, 32))
        .setReceiptsRoot(RandomText.hex(random, 32))
        .setLogsBloom("0x" + new String(bloom))
        .setDifficulty("0x0")
        .setNumber(number)
        .setGasLimit(GAS_LIMIT)
        .setGasUsed("0x" + Long.toHexString(21_000L * transactions.size() + 40_000L * logs.size()))
        .setTimestamp(timestamp)
        .setExtraData(builderExtra[builder])
        .setMixHash(RandomText.hex(random, 32))
        .setNonce("0x0000000000000000")
        .setBaseFeePerGas("0x" + Long.toHexString(baseFee))
        .setWithdrawalsRoot(RandomText.hex(random, 32))
        .setBlobGasUsed("0x" + Long.toHexString(blobGasUsed))
        .setExcessBlobGas("0x" + Long.toHexString(excessBlobGas))
        .setParentBeaconBlockRoot(RandomText.hex(random, 32))
        .setRequestsHash(EMPTY_REQUESTS_HASH)
        .build();
    advance(number, hash);
    return EthBlock.newBuilder()
        .setNetwork(profile.network())
        .setHeader(header)
        .setLogs(logs)
        .setTransactionHashes(transactions)
        .build();
  }

  /** Records the block as canonical at its height and decides the next height (a reorg rewinds it). */
  private void advance(long number, String hash) {
    canonical.put(number, hash);
    canonical.remove(number - Math.max(2, profile.reorgDepth() + 2L));
    if (number > tip) {
      tip = number;
      newHeightsSinceReorg++;
    }
    nextNumber = number + 1;
    if (profile.reorgs() && newHeightsSinceReorg == profile.reorgEvery()) {
      newHeightsSinceReorg = 0;
      nextNumber = number - profile.reorgDepth() + 1;
    }
  }

  private List<EthLog> logs(long number, String blockHash, long timestamp, List<String> transactions) {
    final int mean = profile.eventsPerBlock();
    final int target = mean == 0 ? 0 : mean / 2 + random.nextInt(mean + 1);
    final List<EthLog> logs = new ArrayList<>(target + 4);
    while (logs.size() < target) {
      while (random.nextInt(10) < 3) {
        transactions.add(RandomText.hex(random, 32)); // a transaction without logs
      }
      final String tx = RandomText.hex(random, 32);
      final int txIndex = transactions.size();
      transactions.add(tx);
      final LogBuilder out = new LogBuilder(logs, number, blockHash, timestamp, tx, txIndex);
      final int kind = random.nextInt(100);
      if (kind < 55) {
        out.add(token(), data(1), TRANSFER, user(), user());
      } else if (kind < 63) {
        out.add(token(), data(1), APPROVAL, user(), user());
        out.add(token(), data(1), TRANSFER, user(), user());
      } else if (kind < 78) {
        final String pair = token();
        final String router = user();
        out.add(token(), data(1), TRANSFER, RandomText.addressTopic(pair), router);
        out.add(token(), data(1), TRANSFER, router, RandomText.addressTopic(pair));
        out.add(pair, data(2), SYNC);
        out.add(pair, data(4), SWAP, router, user());
      } else if (kind < 84) {
        out.add(contractAddresses[2], data(1), DEPOSIT, user());
      } else if (kind < 93) {
        out.add(token(), "0x", TRANSFER, user(), user(), "0x" + RandomText.word(random.nextInt(100_000)));
      } else if (kind < 98) {
        out.add(token(), data(2), TRANSFER_SINGLE, user(), user(), user());
      } else {
        out.add(token(), data(1));
      }
    }
    return logs;
  }

  private String token() {
    return contractAddresses[contracts.sample(random)];
  }

  private String user() {
    return accountTopics[accounts.sample(random)];
  }

  private String data(int words) {
    final StringBuilder out = new StringBuilder(2 + 64 * words).append("0x");
    for (int i = 0; i < words; i++) {
      out.append(RandomText.word(random.nextLong() >>> 8));
    }
    return out.toString();
  }

  /** Appends the logs of one transaction with consecutive log indexes. */
  private static final class LogBuilder {
    private final List<EthLog> logs;
    private final long number;
    private final String blockHash;
    private final long timestamp;
    private final String tx;
    private final int txIndex;

    LogBuilder(List<EthLog> logs, long number, String blockHash, long timestamp, String tx, int txIndex) {
      this.logs = logs;
      this.number = number;
      this.blockHash = blockHash;
      this.timestamp = timestamp;
      this.tx = tx;
      this.txIndex = txIndex;
    }

    void add(String address, String data, String... topics) {
      logs.add(EthLog.newBuilder()
          .setAddress(address)
          .setTopics(List.of(topics))
          .setData(data)
          .setBlockNumber(number)
          .setTransactionHash(tx)
          .setTransactionIndex(txIndex)
          .setBlockHash(blockHash)
          .setBlockTimestamp(timestamp)
          .setLogIndex(logs.size())
          .setRemoved(false)
          .build());
    }
  }

  /** Sets the header's {@code timestamp} and every log's {@code blockTimestamp} (whole seconds, rounded down). */
  @Override
  public void stampTime(EthBlock block, long epochNanos) {
    final long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
    block.getHeader().setTimestamp(seconds);
    for (EthLog log : block.getLogs()) {
      log.setBlockTimestamp(seconds);
    }
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
  public int eventCount(EthBlock block) {
    return block.getLogs().size();
  }
}
