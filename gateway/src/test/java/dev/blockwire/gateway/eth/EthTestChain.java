package dev.blockwire.gateway.eth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.eth.EthBlockRef;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A mainnet-shaped test chain written to eth.chain as the processor writes it, and the JSON geth
 * would send for it, written out field by field from the spec (§5.1, §6.2, RPCMarshalBlock) so
 * the gateway's rendering is checked against an independent statement of the format.
 */
final class EthTestChain {

  static final String NETWORK = "eth-mainnet";
  static final String USDT = "0xdac17f958d2ee523a2206206994597c13d831ec7";
  static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
  static final String TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  static final String APPROVAL = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
  static final String ALICE = "0x000000000000000000000000" + "a1".repeat(20);
  static final String BOB = "0x000000000000000000000000" + "b2".repeat(20);
  static final String EMPTY_UNCLES = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

  /** What a test log holds before it is placed in a block. */
  record LogSpec(String address, List<String> topics, String data) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final TreeMap<Long, EthChainBlock> canonical = new TreeMap<>();
  private long forks;

  EthTestChain(KafkaProducer<byte[], byte[]> producer) {
    this(producer, Topics.ETH_CHAIN);
  }

  /** A chain written to another topic (a test that must not disturb the shared one). */
  EthTestChain(KafkaProducer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  static LogSpec log(String address, String data, String... topics) {
    return new LogSpec(address, List.of(topics), data);
  }

  static String sha(String text) {
    try {
      return "0x" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  long head() {
    return canonical.isEmpty() ? -1 : canonical.lastKey();
  }

  EthChainBlock block(long number) {
    return canonical.get(number);
  }

  /** Builds (does not write) the block after the current head on branch {@code fork}. */
  EthChainBlock next(long number, String parentHash, String fork, List<LogSpec> specs) {
    final String hash = sha("block-" + number + "-" + fork);
    final long timestamp = 1_700_000_000L + number * 12;
    final EthHeader header = EthHeader.newBuilder()
        .setHash(hash).setParentHash(parentHash).setSha3Uncles(EMPTY_UNCLES)
        .setMiner("0x4838b106fce9647bdf1e7877bf73ce8b0bad5f97").setStateRoot(sha("state-" + hash))
        .setTransactionsRoot(sha("txs-" + hash)).setReceiptsRoot(sha("receipts-" + hash))
        .setLogsBloom("0x" + "00".repeat(256)).setDifficulty("0x0").setNumber(number).setGasLimit("0x1c9c380")
        .setGasUsed("0x" + Long.toHexString(21_000L * (specs.size() + 1))).setTimestamp(timestamp)
        .setExtraData("0x6265617665726275696c642e6f7267").setMixHash(sha("mix-" + hash)).setNonce("0x0000000000000000")
        .setBaseFeePerGas("0x3b9aca00").setWithdrawalsRoot(sha("withdrawals-" + hash)).setBlobGasUsed("0x20000")
        .setExcessBlobGas("0x0").setParentBeaconBlockRoot(sha("beacon-" + hash))
        .setRequestsHash("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        .setBlockAccessListHash(null).setSlotNumber(null).build();
    final List<EthLog> logs = new ArrayList<>();
    final List<String> txs = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      final LogSpec spec = specs.get(i);
      final String tx = sha("tx-" + hash + "-" + i);
      txs.add(tx);
      logs.add(EthLog.newBuilder().setAddress(spec.address()).setTopics(new ArrayList<>(spec.topics()))
          .setData(spec.data()).setBlockNumber(number).setTransactionHash(tx).setTransactionIndex(i)
          .setBlockHash(hash).setBlockTimestamp(timestamp).setLogIndex(i).setRemoved(false).build());
    }
    return EthChainBlock.newBuilder().setHeader(header).setLogs(logs).setTransactionHashes(new ArrayList<>(txs)).build();
  }

  /** Appends one block with these logs to the head and writes the update; returns the block. */
  EthChainBlock extend(LogSpec... specs) throws Exception {
    final long number = head() < 0 ? 1000 : head() + 1;
    final String parent = head() < 0 ? sha("genesis") : canonical.lastEntry().getValue().getHeader().getHash().toString();
    final EthChainBlock block = next(number, parent, "main", List.of(specs));
    canonical.put(number, block);
    write(update(List.of(), List.of(), List.of(block)));
    return block;
  }

  /**
   * Replaces the newest {@code depth} blocks with {@code newBranch.size()} new ones (their logs
   * given per block) and writes one update, as the processor does for a reorg.
   */
  List<EthChainBlock> reorg(int depth, List<List<LogSpec>> newBranch) throws Exception {
    final String fork = "fork" + (++forks);
    final List<EthChainBlock> dropped = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      dropped.add(0, canonical.pollLastEntry().getValue());
    }
    final List<EthChainBlock> added = new ArrayList<>();
    long number = head() + 1;
    String parent = canonical.lastEntry().getValue().getHeader().getHash().toString();
    for (List<LogSpec> specs : newBranch) {
      final EthChainBlock block = next(number++, parent, fork, specs);
      added.add(block);
      canonical.put(block.getHeader().getNumber(), block);
      parent = block.getHeader().getHash().toString();
    }
    write(update(dropped, removedLogs(dropped), added));
    return added;
  }

  static List<EthLog> removedLogs(List<EthChainBlock> dropped) {
    final List<EthLog> removed = new ArrayList<>();
    for (EthChainBlock block : dropped) {
      for (EthLog log : block.getLogs()) {
        removed.add(EthLog.newBuilder(log).setRemoved(true).build());
      }
    }
    return removed;
  }

  EthChainUpdate update(List<EthChainBlock> dropped, List<EthLog> removed, List<EthChainBlock> added) {
    final List<EthBlockRef> refs = new ArrayList<>();
    for (EthChainBlock block : dropped) {
      refs.add(EthBlockRef.newBuilder().setNumber(block.getHeader().getNumber()).setHash(block.getHeader().getHash())
          .build());
    }
    final EthChainBlock head = canonical.lastEntry().getValue();
    return EthChainUpdate.newBuilder().setNetwork(NETWORK).setDropped(refs).setRemovedLogs(removed)
        .setAdded(new ArrayList<>(added)).setAppendedLogs(new ArrayList<>()).setHeadNumber(head.getHeader().getNumber())
        .setHeadHash(head.getHeader().getHash()).build();
  }

  void write(EthChainUpdate update) throws Exception {
    producer.send(new ProducerRecord<>(topic, Serdes.NETWORK_KEY.encode(Serdes.networkKey(NETWORK)),
        Serdes.ETH_CHAIN_UPDATE.encode(update))).get();
  }

  // ---- what geth sends, written out from the spec ----

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  /** §5.1: types.Header JSON, the newHeads payload. */
  static String expectedHead(EthChainBlock block, boolean v117) {
    final EthHeader h = block.getHeader();
    return "{\"parentHash\":\"" + h.getParentHash() + "\",\"sha3Uncles\":\"" + h.getSha3Uncles() + "\",\"miner\":\""
        + h.getMiner() + "\",\"stateRoot\":\"" + h.getStateRoot() + "\",\"transactionsRoot\":\"" + h.getTransactionsRoot()
        + "\",\"receiptsRoot\":\"" + h.getReceiptsRoot() + "\",\"logsBloom\":\"" + h.getLogsBloom() + "\",\"difficulty\":\""
        + h.getDifficulty() + "\",\"number\":\"" + hex(h.getNumber()) + "\",\"gasLimit\":\"" + h.getGasLimit()
        + "\",\"gasUsed\":\"" + h.getGasUsed() + "\",\"timestamp\":\"" + hex(h.getTimestamp()) + "\",\"extraData\":\""
        + h.getExtraData() + "\",\"mixHash\":\"" + h.getMixHash() + "\",\"nonce\":\"" + h.getNonce()
        + "\",\"baseFeePerGas\":\"" + h.getBaseFeePerGas() + "\",\"withdrawalsRoot\":\"" + h.getWithdrawalsRoot()
        + "\",\"blobGasUsed\":\"" + h.getBlobGasUsed() + "\",\"excessBlobGas\":\"" + h.getExcessBlobGas()
        + "\",\"parentBeaconBlockRoot\":\"" + h.getParentBeaconBlockRoot() + "\",\"requestsHash\":\""
        + h.getRequestsHash() + "\"" + (v117 ? ",\"blockAccessListHash\":null,\"slotNumber\":null" : "")
        + ",\"hash\":\"" + h.getHash() + "\"}";
  }

  /** RPCMarshalBlock (a Go map: keys sorted), unset fork fields omitted, transaction hashes. */
  static String expectedBlock(EthChainBlock block) {
    final EthHeader h = block.getHeader();
    final StringBuilder txs = new StringBuilder("[");
    for (int i = 0; i < block.getTransactionHashes().size(); i++) {
      txs.append(i == 0 ? "" : ",").append('"').append(block.getTransactionHashes().get(i)).append('"');
    }
    txs.append(']');
    return "{\"baseFeePerGas\":\"" + h.getBaseFeePerGas() + "\",\"blobGasUsed\":\"" + h.getBlobGasUsed()
        + "\",\"difficulty\":\"" + h.getDifficulty() + "\",\"excessBlobGas\":\"" + h.getExcessBlobGas()
        + "\",\"extraData\":\"" + h.getExtraData() + "\",\"gasLimit\":\"" + h.getGasLimit() + "\",\"gasUsed\":\""
        + h.getGasUsed() + "\",\"hash\":\"" + h.getHash() + "\",\"logsBloom\":\"" + h.getLogsBloom() + "\",\"miner\":\""
        + h.getMiner() + "\",\"mixHash\":\"" + h.getMixHash() + "\",\"nonce\":\"" + h.getNonce() + "\",\"number\":\""
        + hex(h.getNumber()) + "\",\"parentBeaconBlockRoot\":\"" + h.getParentBeaconBlockRoot() + "\",\"parentHash\":\""
        + h.getParentHash() + "\",\"receiptsRoot\":\"" + h.getReceiptsRoot() + "\",\"requestsHash\":\""
        + h.getRequestsHash() + "\",\"sha3Uncles\":\"" + h.getSha3Uncles() + "\",\"stateRoot\":\"" + h.getStateRoot()
        + "\",\"timestamp\":\"" + hex(h.getTimestamp()) + "\",\"transactions\":" + txs + ",\"transactionsRoot\":\""
        + h.getTransactionsRoot() + "\",\"uncles\":[],\"withdrawalsRoot\":\"" + h.getWithdrawalsRoot() + "\"}";
  }

  /** §6.2: types.Log JSON. */
  static String expectedLog(EthLog log, boolean removed) {
    final StringBuilder topics = new StringBuilder("[");
    for (int i = 0; i < log.getTopics().size(); i++) {
      topics.append(i == 0 ? "" : ",").append('"').append(log.getTopics().get(i)).append('"');
    }
    topics.append(']');
    return "{\"address\":\"" + log.getAddress() + "\",\"topics\":" + topics + ",\"data\":\"" + log.getData()
        + "\",\"blockNumber\":\"" + hex(log.getBlockNumber()) + "\",\"transactionHash\":\"" + log.getTransactionHash()
        + "\",\"transactionIndex\":\"" + hex(log.getTransactionIndex()) + "\",\"blockHash\":\"" + log.getBlockHash()
        + "\",\"blockTimestamp\":\"" + hex(log.getBlockTimestamp()) + "\",\"logIndex\":\"" + hex(log.getLogIndex())
        + "\",\"removed\":" + removed + "}";
  }

  /** §5: the notification frame. */
  static String notification(String subscription, String result) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + subscription
        + "\",\"result\":" + result + "}}";
  }
}
