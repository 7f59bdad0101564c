package dev.blockwire.processor.eth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthBlockRef;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;
import dev.blockwire.schemas.eth.EthRawLog;

/**
 * Geth-shaped test blocks: 32-byte lowercase hex hashes (derived from a label such as {@code A3},
 * and reversible to it), 20-byte addresses of real mainnet contracts, LOG0..LOG4 topic counts.
 * Block {@code A3} of {@link #NETWORK} is at height {@code BASE + 3}, with time 12 s per height.
 */
final class EthTestData {

  static final String NETWORK = "eth-mainnet";
  static final long BASE = 21_000_000L;
  /** Time of height {@link #BASE}, seconds (a Cancun/Prague-era mainnet time). */
  static final long BASE_TIME = 1_729_849_907L;

  static final String USDC = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
  static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
  static final String USDT = "0xdac17f958d2ee523a2206206994597c13d831ec7";
  static final String UNI_V2_USDC_WETH = "0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc";
  static final String OPENSEA_SHARED = "0x495f947276749ce646f68ac8c248420045cb7b5e";
  static final String ANONYMOUS_EMITTER = "0x00000000000000adc04c56bf30ac9d3c0aaf14dc";

  /** ERC-20 Transfer(address,address,uint256). */
  static final String TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  /** ERC-20 Approval(address,address,uint256). */
  static final String APPROVAL = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
  /** WETH Deposit(address,uint256). */
  static final String DEPOSIT = "0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c";
  /** Uniswap V2 Sync(uint112,uint112). */
  static final String SYNC = "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1";
  /** ERC-1155 TransferSingle(address,address,address,uint256,uint256). */
  static final String TRANSFER_SINGLE = "0xc3d58168c5ae7397731d063d5bbf3d657854427343f4c083240f7aacaa2d0f62";

  private static final Map<String, String> NAMES = Map.of(USDC, "USDC", WETH, "WETH", USDT, "USDT",
      UNI_V2_USDC_WETH, "UNIV2", OPENSEA_SHARED, "OPENSEA", ANONYMOUS_EMITTER, "ANON");
  private static final Map<String, String> LABELS = new ConcurrentHashMap<>();
  private static final String EMPTY_UNCLES = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
  private static final String EMPTY_REQUESTS = "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String BEAVERBUILD = "0x95222290dd7278aa3ddd389cc1e1d165cc4bafe5";

  /** What a log says, before it is placed in a block. */
  record LogSpec(String address, List<String> topics, String data) {}

  /** LOG3: an ERC-20 Transfer. */
  static LogSpec transfer(String token, String from, String to, long amount) {
    return new LogSpec(token, List.of(TRANSFER, word(from), word(to)), uint(amount));
  }

  /** LOG3: an ERC-20 Approval. */
  static LogSpec approval(String token, String owner, String spender, long amount) {
    return new LogSpec(token, List.of(APPROVAL, word(owner), word(spender)), uint(amount));
  }

  /** LOG2: a WETH Deposit. */
  static LogSpec deposit(String dst, long wad) {
    return new LogSpec(WETH, List.of(DEPOSIT, word(dst)), uint(wad));
  }

  /** LOG1: a Uniswap V2 Sync of the USDC/WETH pair. */
  static LogSpec sync(long reserve0, long reserve1) {
    return new LogSpec(UNI_V2_USDC_WETH, List.of(SYNC), uint(reserve0) + uint(reserve1).substring(2));
  }

  /** LOG4: an ERC-1155 TransferSingle. */
  static LogSpec transferSingle(String operator, String from, String to, long id, long value) {
    return new LogSpec(OPENSEA_SHARED, List.of(TRANSFER_SINGLE, word(operator), word(from), word(to)),
        uint(id) + uint(value).substring(2));
  }

  /** LOG0: no topics, empty data. */
  static LogSpec anonymous() {
    return new LogSpec(ANONYMOUS_EMITTER, List.of(), "0x");
  }

  /** Two logs every chain block carries unless told otherwise: a USDC Transfer and a WETH Deposit. */
  static LogSpec[] usual(String label) {
    return new LogSpec[] {transfer(USDC, address(label + "/from"), address(label + "/to"), 1_000_000L * label.length()),
        deposit(address(label + "/dst"), 10_000_000_000_000_000L)};
  }

  /** Block {@code label} at height {@code BASE + offset}, child of {@code parentLabel}, one transaction per log. */
  static EthBlock block(String label, String parentLabel, int offset, LogSpec... logs) {
    return block(NETWORK, label, parentLabel, offset, logs);
  }

  static EthBlock block(String network, String label, String parentLabel, int offset, LogSpec... logs) {
    final long number = BASE + offset;
    final String hash = hash(label);
    final long time = timestamp(offset);
    final List<EthLog> ethLogs = new ArrayList<>();
    final Set<String> transactions = new LinkedHashSet<>();
    for (int i = 0; i < logs.length; i++) {
      final String tx = hash(label + "/tx" + i);
      transactions.add(tx);
      ethLogs.add(EthLog.newBuilder()
          .setAddress(logs[i].address())
          .setTopics(logs[i].topics())
          .setData(logs[i].data())
          .setBlockNumber(number)
          .setTransactionHash(tx)
          .setTransactionIndex(i)
          .setBlockHash(hash)
          .setBlockTimestamp(time)
          .setLogIndex(i)
          .setRemoved(false)
          .build());
    }
    return EthBlock.newBuilder()
        .setNetwork(network)
        .setHeader(header(label, parentLabel, number, time))
        .setLogs(ethLogs)
        .setTransactionHashes(List.copyOf(transactions))
        .build();
  }

  /** Blocks {@code prefix+from .. prefix+to}, each the child of the one before, {@code first}'s parent given. */
  static List<EthBlock> chain(String prefix, int from, int to, String firstParent) {
    final List<EthBlock> blocks = new ArrayList<>();
    String parent = firstParent;
    for (int i = from; i <= to; i++) {
      final String label = prefix + i;
      blocks.add(block(label, parent, i, usual(label)));
      parent = label;
    }
    return blocks;
  }

  static EthHeader header(String label, String parentLabel, long number, long time) {
    return EthHeader.newBuilder()
        .setHash(hash(label))
        .setParentHash(hash(parentLabel))
        .setSha3Uncles(EMPTY_UNCLES)
        .setMiner(BEAVERBUILD)
        .setStateRoot(hash(label + "/state"))
        .setTransactionsRoot(hash(label + "/txs"))
        .setReceiptsRoot(hash(label + "/receipts"))
        .setLogsBloom("0x" + "0".repeat(512))
        .setDifficulty("0x0")
        .setNumber(number)
        .setGasLimit("0x1c9c380")
        .setGasUsed("0xe4e1c0")
        .setTimestamp(time)
        .setExtraData("0x6265617665726275696c642e6f7267")
        .setMixHash(hash(label + "/randao"))
        .setNonce("0x0000000000000000")
        .setBaseFeePerGas("0x3b9aca00")
        .setWithdrawalsRoot(hash(label + "/withdrawals"))
        .setBlobGasUsed("0x20000")
        .setExcessBlobGas("0x0")
        .setParentBeaconBlockRoot(hash(label + "/beacon"))
        .setRequestsHash(EMPTY_REQUESTS)
        .build();
  }

  /** The raw-log record of log {@code index} of {@code block}, with the given removed flag. */
  static EthRawLog rawLog(EthBlock block, int index, boolean removed) {
    final EthLog log = block.getLogs().stream().filter(l -> l.getLogIndex() == index).findFirst().orElseThrow();
    return new EthRawLog(block.getNetwork(), EthLog.newBuilder(log).setRemoved(removed).build());
  }

  /** A log of {@code block} that the block record does not carry (the raw logs feed adds it). */
  static EthLog extraLog(EthBlock block, int index, LogSpec spec) {
    return EthLog.newBuilder()
        .setAddress(spec.address())
        .setTopics(spec.topics())
        .setData(spec.data())
        .setBlockNumber(block.getHeader().getNumber())
        .setTransactionHash(hash(label(block) + "/late-tx" + index))
        .setTransactionIndex(index)
        .setBlockHash(block.getHeader().getHash())
        .setBlockTimestamp(block.getHeader().getTimestamp())
        .setLogIndex(index)
        .setRemoved(false)
        .build();
  }

  static EthChainBlock chainBlock(EthBlock block) {
    return new EthChainBlock(block.getHeader(), block.getLogs(), block.getTransactionHashes());
  }

  static EthLog removed(EthLog log) {
    return EthLog.newBuilder(log).setRemoved(true).build();
  }

  /** The update that drops {@code dropped} and adds {@code added} (whose last block is the new head). */
  static EthChainUpdate reorgUpdate(List<EthBlock> dropped, List<EthBlock> added) {
    final EthBlock head = added.get(added.size() - 1);
    return EthChainUpdate.newBuilder()
        .setNetwork(head.getNetwork())
        .setDropped(dropped.stream()
            .map(b -> new EthBlockRef(b.getHeader().getNumber(), b.getHeader().getHash())).toList())
        .setRemovedLogs(dropped.stream().flatMap(b -> b.getLogs().stream()).map(EthTestData::removed).toList())
        .setAdded(added.stream().map(EthTestData::chainBlock).toList())
        .setAppendedLogs(List.of())
        .setHeadNumber(head.getHeader().getNumber())
        .setHeadHash(head.getHeader().getHash())
        .build();
  }

  /** Block time of height {@code BASE + offset}, seconds. */
  static long timestamp(int offset) {
    return BASE_TIME + 12L * offset;
  }

  /** "0x" + SHA-256 of the label: a 32-byte lowercase hex hash that {@link #label(String)} turns back. */
  static String hash(String label) {
    final String hash = "0x" + HexFormat.of().formatHex(sha256(label));
    LABELS.put(hash, label);
    return hash;
  }

  /** A 20-byte lowercase hex address derived from a label. */
  static String address(String label) {
    return "0x" + HexFormat.of().formatHex(sha256(label), 0, 20);
  }

  static String label(String hash) {
    return LABELS.getOrDefault(hash, hash);
  }

  static String label(EthBlock block) {
    return label(block.getHeader().getHash());
  }

  static String name(String address) {
    return NAMES.getOrDefault(address, address);
  }

  /** A log as {@code +A3#0 USDC} (added) or {@code -A3#0 USDC} (removed). */
  static String describe(EthLog log) {
    return (log.getRemoved() ? "-" : "+") + label(log.getBlockHash()) + "#" + log.getLogIndex() + " "
        + name(log.getAddress());
  }

  /**
   * An update as {@code drop A3,A4 | remove A3#0,A3#1,... | add B3 | append - | head B3@3}: labels
   * of the dropped blocks, ids of the removed logs, labels of the added blocks, ids of the appended
   * logs, and the head's label and height offset.
   */
  static String describe(EthChainUpdate update) {
    return "drop " + list(update.getDropped().stream().map(r -> label(r.getHash())).toList())
        + " | remove " + list(update.getRemovedLogs().stream().map(EthTestData::logId).toList())
        + " | add " + list(update.getAdded().stream().map(b -> label(b.getHeader().getHash())).toList())
        + " | append " + list(update.getAppendedLogs().stream().map(EthTestData::logId).toList())
        + " | head " + label(update.getHeadHash()) + "@" + (update.getHeadNumber() - BASE);
  }

  private static String logId(EthLog log) {
    return label(log.getBlockHash()) + "#" + log.getLogIndex();
  }

  private static String list(List<String> items) {
    return items.isEmpty() ? "-" : items.stream().collect(Collectors.joining(","));
  }

  private static String word(String address) {
    return "0x" + "0".repeat(24) + address.substring(2);
  }

  private static String uint(long value) {
    return "0x" + String.format("%064x", value);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private EthTestData() {}
}
