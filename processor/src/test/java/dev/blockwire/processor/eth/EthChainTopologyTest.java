package dev.blockwire.processor.eth;

import static dev.blockwire.processor.eth.EthTestData.BASE;
import static dev.blockwire.processor.eth.EthTestData.NETWORK;
import static dev.blockwire.processor.eth.EthTestData.OPENSEA_SHARED;
import static dev.blockwire.processor.eth.EthTestData.USDC;
import static dev.blockwire.processor.eth.EthTestData.USDT;
import static dev.blockwire.processor.eth.EthTestData.WETH;
import static dev.blockwire.processor.eth.EthTestData.address;
import static dev.blockwire.processor.eth.EthTestData.anonymous;
import static dev.blockwire.processor.eth.EthTestData.approval;
import static dev.blockwire.processor.eth.EthTestData.block;
import static dev.blockwire.processor.eth.EthTestData.chain;
import static dev.blockwire.processor.eth.EthTestData.chainBlock;
import static dev.blockwire.processor.eth.EthTestData.deposit;
import static dev.blockwire.processor.eth.EthTestData.describe;
import static dev.blockwire.processor.eth.EthTestData.extraLog;
import static dev.blockwire.processor.eth.EthTestData.hash;
import static dev.blockwire.processor.eth.EthTestData.rawLog;
import static dev.blockwire.processor.eth.EthTestData.removed;
import static dev.blockwire.processor.eth.EthTestData.reorgUpdate;
import static dev.blockwire.processor.eth.EthTestData.sync;
import static dev.blockwire.processor.eth.EthTestData.timestamp;
import static dev.blockwire.processor.eth.EthTestData.transfer;
import static dev.blockwire.processor.eth.EthTestData.transferSingle;
import static dev.blockwire.processor.eth.EthTestData.usual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ChainHead;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthBlockRef;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthLog;
import dev.blockwire.schemas.eth.EthLogKey;
import dev.blockwire.schemas.eth.EthRawLog;

/**
 * The production topology ({@link BlockwireProcessor#buildTopology(ProcessorConfig)}) on
 * {@link TopologyTestDriver}: the exact sequence of chain updates, keyed logs and dead letters for
 * each way a chain can move. Blocks are named by label: {@code A3} is block {@code BASE + 3} of
 * branch A (see {@link EthTestData}); updates and logs are compared as
 * {@code drop ... | remove ... | add ... | append ... | head ...} and {@code -A3#0 USDC} lines,
 * and in full where the shape of the record matters.
 */
class EthChainTopologyTest {

  /** Ingest writes raw records a little after block time: distinguishes the two timestamps. */
  private static final long INGEST_DELAY_MS = 1_500;
  private static final NetworkKey MAINNET = new NetworkKey(NETWORK);

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> blocksRaw;
  private TestInputTopic<byte[], byte[]> logsRaw;
  private TestOutputTopic<NetworkKey, EthChainUpdate> chainTopic;
  private TestOutputTopic<EthLogKey, EthLog> logsTopic;
  private TestOutputTopic<NetworkKey, DeadLetter> deadLetters;
  private long nextBlockOffset;
  private long nextLogOffset;

  @BeforeEach
  void startDriver() {
    startDriver(ProcessorConfig.defaults());
  }

  private void startDriver(ProcessorConfig config) {
    if (driver != null) {
      driver.close();
    }
    driver = new TopologyTestDriver(BlockwireProcessor.buildTopology(config),
        config.withStateDir(stateDir).streamsProperties());
    blocksRaw = driver.createInputTopic(Topics.ETH_BLOCKS_RAW, new ByteArraySerializer(), new ByteArraySerializer());
    logsRaw = driver.createInputTopic(Topics.ETH_LOGS_RAW, new ByteArraySerializer(), new ByteArraySerializer());
    chainTopic = driver.createOutputTopic(Topics.ETH_CHAIN,
        Serdes.NETWORK_KEY.deserializer(), Serdes.ETH_CHAIN_UPDATE.deserializer());
    logsTopic = driver.createOutputTopic(Topics.ETH_LOGS, Serdes.ETH_LOG_KEY.deserializer(), Serdes.ETH_LOG.deserializer());
    deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS,
        Serdes.NETWORK_KEY.deserializer(), Serdes.DEAD_LETTER.deserializer());
    nextBlockOffset = 0;
    nextLogOffset = 0;
  }

  private void startDriverWithWindowDepth(int depth) {
    startDriver(ProcessorConfig.defaults().withEthWindowDepth(depth));
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  // ---------------------------------------------------------------- head moves

  @Test
  void shouldMakeTheFirstBlockTheHead() {
    final EthBlock a1 = block("A1", "A0", 1, usual("A1"));

    pipe(a1);

    assertThat(chainTopic.readRecordsToList()).containsExactly(
        new TestRecord<>(MAINNET, reorgUpdate(List.of(), List.of(a1)), null, blockTimeMs(1)));
    assertThat(logsTopic.readRecordsToList()).containsExactly(
        new TestRecord<>(new EthLogKey(NETWORK, USDC), a1.getLogs().get(0), null, blockTimeMs(1)),
        new TestRecord<>(new EthLogKey(NETWORK, WETH), a1.getLogs().get(1), null, blockTimeMs(1)));
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(head()).isEqualTo(new ChainHead(BASE + 1, hash("A1")));
  }

  @Test
  void shouldExtendTheChainWhenTheParentIsTheHead() {
    final List<EthBlock> a = chain("A", 1, 3, "A0");

    a.forEach(this::pipe);

    assertThat(updates()).containsExactly(
        "drop - | remove - | add A1 | append - | head A1@1",
        "drop - | remove - | add A2 | append - | head A2@2",
        "drop - | remove - | add A3 | append - | head A3@3");
    assertThat(chainTopic.isEmpty()).isTrue();
    assertThat(logLines()).containsExactly(
        "+A1#0 USDC", "+A1#1 WETH", "+A2#0 USDC", "+A2#1 WETH", "+A3#0 USDC", "+A3#1 WETH");
    assertThat(head()).isEqualTo(new ChainHead(BASE + 3, hash("A3")));
  }

  @Test
  void shouldReorgOneBlockDeepRemovingTheOldLogsBeforeAddingTheNewOnes() {
    chain("A", 1, 2, "A0").forEach(this::pipe);
    final EthBlock a3 = block("A3", "A2", 3,
        transfer(USDC, address("alice"), address("bob"), 250_000_000L),
        approval(USDT, address("alice"), address("router"), 1_000_000_000L),
        sync(41_000_000_000_000L, 12_000_000_000_000_000L));
    pipe(a3);
    drainOutputs();

    final EthBlock b3 = block("B3", "A2", 3,
        transfer(USDC, address("alice"), address("bob"), 250_000_000L),
        transferSingle(address("seaport"), address("carol"), address("dave"), 7L, 1L),
        anonymous());
    pipe(b3);

    final EthChainUpdate expected = EthChainUpdate.newBuilder()
        .setNetwork(NETWORK)
        .setDropped(List.of(new EthBlockRef(BASE + 3, hash("A3"))))
        .setRemovedLogs(List.of(removed(a3.getLogs().get(0)), removed(a3.getLogs().get(1)),
            removed(a3.getLogs().get(2))))
        .setAdded(List.of(chainBlock(b3)))
        .setAppendedLogs(List.of())
        .setHeadNumber(BASE + 3)
        .setHeadHash(hash("B3"))
        .build();
    assertThat(chainTopic.readRecordsToList()).containsExactly(
        new TestRecord<>(MAINNET, expected, null, blockTimeMs(3)));
    final List<EthLog> emitted = logsTopic.readValuesToList();
    assertThat(emitted).extracting(EthTestData::describe).containsExactly(
        "-A3#0 USDC", "-A3#1 USDT", "-A3#2 UNIV2", "+B3#0 USDC", "+B3#1 OPENSEA", "+B3#2 ANON");
    assertThat(emitted.subList(0, 3)).extracting(EthLog::getBlockHash, EthLog::getBlockNumber, EthLog::getRemoved)
        .containsOnly(tuple(hash("A3"), BASE + 3, true));
    assertThat(emitted.subList(3, 6)).extracting(l -> l.getTopics().size()).containsExactly(3, 4, 0);
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(head()).isEqualTo(new ChainHead(BASE + 3, hash("B3")));
  }

  @Test
  void shouldReorgThreeBlocksDeepAtTheFirstBlockOfTheNewBranchThenExtendItBlockByBlock() {
    final List<EthBlock> a = chain("A", 1, 5, "A0");
    a.forEach(this::pipe);
    drainOutputs();
    final List<EthBlock> b = chain("B", 3, 6, "A2");

    b.forEach(this::pipe);

    assertThat(updates()).containsExactly(
        "drop A3,A4,A5 | remove A3#0,A3#1,A4#0,A4#1,A5#0,A5#1 | add B3 | append - | head B3@3",
        "drop - | remove - | add B4 | append - | head B4@4",
        "drop - | remove - | add B5 | append - | head B5@5",
        "drop - | remove - | add B6 | append - | head B6@6");
    assertThat(logLines()).containsExactly(
        "-A3#0 USDC", "-A3#1 WETH", "-A4#0 USDC", "-A4#1 WETH", "-A5#0 USDC", "-A5#1 WETH",
        "+B3#0 USDC", "+B3#1 WETH",
        "+B4#0 USDC", "+B4#1 WETH",
        "+B5#0 USDC", "+B5#1 WETH",
        "+B6#0 USDC", "+B6#1 WETH");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(head()).isEqualTo(new ChainHead(BASE + 6, hash("B6")));
  }

  @Test
  void shouldEmitTheThreeBlockReorgAsOneUpdateWithTheOldBlocksRefsAndLogs() {
    final List<EthBlock> a = chain("A", 1, 5, "A0");
    a.forEach(this::pipe);
    drainOutputs();
    final EthBlock b3 = block("B3", "A2", 3, usual("B3"));

    pipe(b3);

    final List<TestRecord<NetworkKey, EthChainUpdate>> records = chainTopic.readRecordsToList();
    assertThat(records).containsExactly(new TestRecord<>(MAINNET,
        reorgUpdate(a.subList(2, 5), List.of(b3)), null, blockTimeMs(3)));
    final EthChainUpdate update = records.get(0).value();
    assertThat(update.getDropped()).extracting(EthBlockRef::getNumber, EthBlockRef::getHash).containsExactly(
        tuple(BASE + 3, hash("A3")), tuple(BASE + 4, hash("A4")), tuple(BASE + 5, hash("A5")));
    assertThat(update.getRemovedLogs()).extracting(EthLog::getBlockHash, EthLog::getLogIndex).containsExactly(
        tuple(hash("A3"), 0), tuple(hash("A3"), 1), tuple(hash("A4"), 0), tuple(hash("A4"), 1),
        tuple(hash("A5"), 0), tuple(hash("A5"), 1));
  }

  @Test
  void shouldWalkBackASideBranchWhenTheOrphanedBranchGrowsAgain() {
    final List<EthBlock> a = chain("A", 1, 5, "A0");
    a.forEach(this::pipe);
    final List<EthBlock> b = chain("B", 3, 4, "A2");
    b.forEach(this::pipe);
    drainOutputs();
    final EthBlock a6 = block("A6", "A5", 6, usual("A6"));

    pipe(a6);

    assertThat(chainTopic.readRecordsToList()).containsExactly(new TestRecord<>(MAINNET,
        reorgUpdate(b, List.of(a.get(2), a.get(3), a.get(4), a6)), null, blockTimeMs(6)));
    assertThat(logLines()).containsExactly(
        "-B3#0 USDC", "-B3#1 WETH", "-B4#0 USDC", "-B4#1 WETH",
        "+A3#0 USDC", "+A3#1 WETH", "+A4#0 USDC", "+A4#1 WETH", "+A5#0 USDC", "+A5#1 WETH",
        "+A6#0 USDC", "+A6#1 WETH");
    assertThat(head()).isEqualTo(new ChainHead(BASE + 6, hash("A6")));
  }

  @Test
  void shouldRewindToAShorterBranch() {
    chain("A", 1, 5, "A0").forEach(this::pipe);
    drainOutputs();
    final EthBlock b4 = block("B4", "A3", 4);

    pipe(b4);

    assertThat(updates()).containsExactly("drop A4,A5 | remove A4#0,A4#1,A5#0,A5#1 | add B4 | append - | head B4@4");
    assertThat(logLines()).containsExactly("-A4#0 USDC", "-A4#1 WETH", "-A5#0 USDC", "-A5#1 WETH");
    assertThat(head()).isEqualTo(new ChainHead(BASE + 4, hash("B4")));
    assertThat(canonicalHash(5)).isNull();
  }

  @Test
  void shouldReorgBackToAnOrphanedBlockThatIsDeliveredAgain() {
    final List<EthBlock> a = chain("A", 1, 3, "A0");
    a.forEach(this::pipe);
    pipe(block("B3", "A2", 3, usual("B3")));
    drainOutputs();

    pipe(a.get(2));
    pipe(a.get(2));
    pipe(block("A4", "A3", 4, usual("A4")));

    assertThat(updates()).containsExactly(
        "drop B3 | remove B3#0,B3#1 | add A3 | append - | head A3@3",
        "drop - | remove - | add A4 | append - | head A4@4");
    assertThat(logLines()).containsExactly(
        "-B3#0 USDC", "-B3#1 WETH", "+A3#0 USDC", "+A3#1 WETH", "+A4#0 USDC", "+A4#1 WETH");
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldChangeNothingForADuplicateBlock() {
    final List<EthBlock> a = chain("A", 1, 3, "A0");
    a.forEach(this::pipe);
    drainOutputs();

    pipe(a.get(2));
    pipe(a.get(1));
    pipe(a.get(0));

    assertThat(chainTopic.isEmpty()).isTrue();
    assertThat(logsTopic.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(head()).isEqualTo(new ChainHead(BASE + 3, hash("A3")));

    pipe(block("A4", "A3", 4, usual("A4")));
    assertThat(updates()).containsExactly("drop - | remove - | add A4 | append - | head A4@4");
  }

  @Test
  void shouldStampUpdatesAndLogsWithTheNewHeadsBlockTime() {
    chain("A", 1, 5, "A0").forEach(this::pipe);
    drainOutputs();

    pipe(block("B3", "A2", 3, usual("B3")));

    assertThat(chainTopic.readRecordsToList()).extracting(TestRecord::timestamp).containsExactly(blockTimeMs(3));
    assertThat(logsTopic.readRecordsToList()).extracting(TestRecord::timestamp).hasSize(8).containsOnly(blockTimeMs(3));
    assertThat(blockTimeMs(3)).isEqualTo(timestamp(3) * 1000L);
  }

  // ---------------------------------------------------------------- raw logs

  @Test
  void shouldRetractTheLogNamedByARemovedRawLog() {
    pipe(block("A1", "A0", 1, usual("A1")));
    final EthBlock a2 = block("A2", "A1", 2,
        transfer(USDC, address("alice"), address("bob"), 5_000_000L),
        transfer(USDT, address("carol"), address("dave"), 7_000_000L),
        deposit(address("erin"), 2_000_000_000_000_000_000L));
    pipe(a2);
    drainOutputs();

    pipeLog(rawLog(a2, 1, true));

    assertThat(chainTopic.readRecordsToList()).containsExactly(new TestRecord<>(MAINNET, EthChainUpdate.newBuilder()
        .setNetwork(NETWORK)
        .setDropped(List.of())
        .setRemovedLogs(List.of(removed(a2.getLogs().get(1))))
        .setAdded(List.of())
        .setAppendedLogs(List.of())
        .setHeadNumber(BASE + 2)
        .setHeadHash(hash("A2"))
        .build(), null, blockTimeMs(2)));
    assertThat(logsTopic.readRecordsToList()).containsExactly(new TestRecord<>(new EthLogKey(NETWORK, USDT),
        removed(a2.getLogs().get(1)), null, blockTimeMs(2)));

    pipe(block("B2", "A1", 2, usual("B2")));

    assertThat(updates()).containsExactly("drop A2 | remove A2#0,A2#2 | add B2 | append - | head B2@2");
    assertThat(logLines()).containsExactly("-A2#0 USDC", "-A2#2 WETH", "+B2#0 USDC", "+B2#1 WETH");
  }

  @Test
  void shouldChangeNothingForARetractionOfALogAlreadyRetracted() {
    chain("A", 1, 2, "A0").forEach(this::pipe);
    final EthBlock a2 = chain("A", 1, 2, "A0").get(1);
    drainOutputs();

    pipeLog(rawLog(a2, 0, true));
    pipeLog(rawLog(a2, 0, true));

    assertThat(updates()).containsExactly("drop - | remove A2#0 | add - | append - | head A2@2");
    assertThat(logLines()).containsExactly("-A2#0 USDC");

    pipe(block("B2", "A1", 2, usual("B2")));
    drainOutputs();
    pipeLog(rawLog(a2, 1, true));
    pipeLog(rawLog(a2, 0, true));

    assertThat(chainTopic.isEmpty()).isTrue();
    assertThat(logsTopic.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldAppendARawLogMissingFromACanonicalBlockInLogIndexOrder() {
    pipe(block("A1", "A0", 1, usual("A1")));
    final EthBlock a2 = block("A2", "A1", 2, usual("A2"));
    pipe(a2);
    drainOutputs();
    final EthLog late3 = extraLog(a2, 3, approval(USDC, address("alice"), address("permit2"), Long.MAX_VALUE));
    final EthLog late2 = extraLog(a2, 2, anonymous());

    pipeLog(new EthRawLog(NETWORK, late3));
    pipeLog(new EthRawLog(NETWORK, late2));

    assertThat(chainTopic.readRecordsToList()).containsExactly(
        new TestRecord<>(MAINNET, appendUpdate(late3, 2), null, blockTimeMs(2)),
        new TestRecord<>(MAINNET, appendUpdate(late2, 2), null, blockTimeMs(2)));
    assertThat(logsTopic.readRecordsToList()).containsExactly(
        new TestRecord<>(new EthLogKey(NETWORK, USDC), late3, null, blockTimeMs(2)),
        new TestRecord<>(new EthLogKey(NETWORK, EthTestData.ANONYMOUS_EMITTER), late2, null, blockTimeMs(2)));

    pipe(block("B2", "A1", 2));

    assertThat(updates()).containsExactly("drop A2 | remove A2#0,A2#1,A2#2,A2#3 | add B2 | append - | head B2@2");
    assertThat(logLines()).containsExactly("-A2#0 USDC", "-A2#1 WETH", "-A2#2 ANON", "-A2#3 USDC");
  }

  @Test
  void shouldChangeNothingForADuplicateRawLogOrALogOfAnOrphanedBlock() {
    final List<EthBlock> a = chain("A", 1, 2, "A0");
    a.forEach(this::pipe);
    final EthBlock a2 = a.get(1);
    drainOutputs();

    pipeLog(rawLog(a2, 0, false));
    pipeLog(rawLog(a2, 1, false));
    pipe(block("B2", "A1", 2, usual("B2")));
    drainOutputs();
    pipeLog(new EthRawLog(NETWORK, extraLog(a2, 2, anonymous())));

    assertThat(chainTopic.isEmpty()).isTrue();
    assertThat(logsTopic.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterARawLogOfABlockNotInTheWindow() {
    chain("A", 1, 2, "A0").forEach(this::pipe);
    drainOutputs();
    final EthBlock c7 = block("C7", "C6", 7, usual("C7"));
    final EthRawLog unknown = rawLog(c7, 1, true);
    final EthBlock a2Elsewhere = block("A2", "A1", 3, usual("A2"));

    final Sent first = pipeLog(unknown);
    final Sent second = pipeLog(rawLog(a2Elsewhere, 0, false));

    assertThat(deadLetters.readRecordsToList()).containsExactly(
        new TestRecord<>(MAINNET, deadLetter(Topics.ETH_LOGS_RAW, first, "unknown_log",
            "log 1 of block " + (BASE + 7) + " (" + hash("C7") + ") names a block that is not in the window of"
                + " eth-mainnet (head " + (BASE + 2) + " " + hash("A2") + ")",
            NETWORK, BASE + 7, "log index 1"), null, first.timestamp()),
        new TestRecord<>(MAINNET, deadLetter(Topics.ETH_LOGS_RAW, second, "unknown_log",
            "log 0 of block " + (BASE + 3) + " (" + hash("A2") + ") names a block that is not in the window of"
                + " eth-mainnet (head " + (BASE + 2) + " " + hash("A2") + ")",
            NETWORK, BASE + 3, "log index 0"), null, second.timestamp()));
    assertThat(chainTopic.isEmpty()).isTrue();
    assertThat(logsTopic.isEmpty()).isTrue();
  }

  // ---------------------------------------------------------------- dead letters

  @Test
  void shouldDeadLetterABlockWithAnUnknownParentAndKeepTheHead() {
    chain("A", 1, 3, "A0").forEach(this::pipe);
    drainOutputs();
    final EthBlock c5 = block("C5", "C4", 5, usual("C5"));
    final EthBlock a5 = block("A5", "A4", 5, usual("A5"));

    final Sent stranger = pipe(c5);
    final Sent gap = pipe(a5);

    assertThat(deadLetters.readRecordsToList()).containsExactly(
        new TestRecord<>(MAINNET, deadLetter(Topics.ETH_BLOCKS_RAW, stranger, "unknown_ancestor",
            "block " + (BASE + 5) + " (" + hash("C5") + ") does not connect to the chain of eth-mainnet: its parent "
                + (BASE + 4) + " (" + hash("C4") + ") is neither canonical nor a kept block (head " + (BASE + 3) + " "
                + hash("A3") + "); a block is missing upstream",
            NETWORK, BASE + 5, null), null, stranger.timestamp()),
        new TestRecord<>(MAINNET, deadLetter(Topics.ETH_BLOCKS_RAW, gap, "unknown_ancestor",
            "block " + (BASE + 5) + " (" + hash("A5") + ") does not connect to the chain of eth-mainnet: its parent "
                + (BASE + 4) + " (" + hash("A4") + ") is neither canonical nor a kept block (head " + (BASE + 3) + " "
                + hash("A3") + "); a block is missing upstream",
            NETWORK, BASE + 5, null), null, gap.timestamp()));
    assertThat(chainTopic.isEmpty()).isTrue();
    assertThat(logsTopic.isEmpty()).isTrue();
    assertThat(head()).isEqualTo(new ChainHead(BASE + 3, hash("A3")));

    pipe(block("A4", "A3", 4, usual("A4")));
    pipe(a5);
    assertThat(updates()).containsExactly(
        "drop - | remove - | add A4 | append - | head A4@4",
        "drop - | remove - | add A5 | append - | head A5@5");
  }

  @Test
  void shouldResolveAReorgAsDeepAsTheWindowAndDeadLetterADeeperOne() {
    startDriverWithWindowDepth(3);
    chain("A", 1, 8, "A0").forEach(this::pipe);
    drainOutputs();

    final Sent tooDeep = pipe(block("B5", "A4", 5, usual("B5")));
    final Sent resent = pipe(chain("A", 1, 8, "A0").get(1));
    pipe(block("C6", "A5", 6, usual("C6")));

    assertThat(deadLetters.readRecordsToList()).containsExactly(
        new TestRecord<>(MAINNET, deadLetter(Topics.ETH_BLOCKS_RAW, tooDeep, "block_too_old",
            "block " + (BASE + 5) + " (" + hash("B5") + ") reaches below the window of eth-mainnet: its parent "
                + (BASE + 4) + " (" + hash("A4") + ") is below the lowest kept height " + (BASE + 5) + " (head "
                + (BASE + 8) + " " + hash("A8") + ", window depth 3)",
            NETWORK, BASE + 5, null), null, tooDeep.timestamp()),
        new TestRecord<>(MAINNET, deadLetter(Topics.ETH_BLOCKS_RAW, resent, "block_too_old",
            "block " + (BASE + 2) + " (" + hash("A2") + ") reaches below the window of eth-mainnet: its parent "
                + (BASE + 1) + " (" + hash("A1") + ") is below the lowest kept height " + (BASE + 5) + " (head "
                + (BASE + 8) + " " + hash("A8") + ", window depth 3)",
            NETWORK, BASE + 2, null), null, resent.timestamp()));
    assertThat(updates()).containsExactly(
        "drop A6,A7,A8 | remove A6#0,A6#1,A7#0,A7#1,A8#0,A8#1 | add C6 | append - | head C6@6");
  }

  @Test
  void shouldDeadLetterASideBranchThatForksBelowTheWindow() {
    startDriverWithWindowDepth(2);
    chain("A", 1, 4, "A0").forEach(this::pipe);
    chain("B", 3, 6, "A2").forEach(this::pipe);
    drainOutputs();

    final Sent a5 = pipe(block("A5", "A4", 5, usual("A5")));

    assertThat(deadLetters.readRecordsToList()).containsExactly(
        new TestRecord<>(MAINNET, deadLetter(Topics.ETH_BLOCKS_RAW, a5, "block_too_old",
            "block " + (BASE + 5) + " (" + hash("A5") + ") reaches below the window of eth-mainnet: its branch's"
                + " ancestor " + (BASE + 3) + " (" + hash("A3") + ") is below the lowest kept height " + (BASE + 4)
                + " (head " + (BASE + 6) + " " + hash("B6") + ", window depth 2)",
            NETWORK, BASE + 5, null), null, a5.timestamp()));
    assertThat(chainTopic.isEmpty()).isTrue();
    assertThat(head()).isEqualTo(new ChainHead(BASE + 6, hash("B6")));
  }

  @Test
  void shouldDeadLetterUndecodableRecordsOfBothRawTopicsWithTheirBytes() {
    final byte[] garbage = "{\"number\":\"0x1406f40\"}".getBytes(StandardCharsets.UTF_8);
    final byte[] key = Serdes.NETWORK_KEY.encode(MAINNET);
    final byte[] truncated = java.util.Arrays.copyOf(Serdes.ETH_BLOCK.encode(block("A1", "A0", 1, usual("A1"))), 40);

    blocksRaw.pipeInput(key, garbage, 1_000L);
    logsRaw.pipeInput(key, truncated, 2_000L);
    blocksRaw.pipeInput(key, null, 3_000L);

    final List<DeadLetter> letters = deadLetters.readValuesToList();
    assertThat(letters).extracting(DeadLetter::getSourceTopic, DeadLetter::getSourceOffset, DeadLetter::getCode,
            DeadLetter::getSourceTimestampMs, DeadLetter::getNetwork)
        .containsExactly(
            tuple(Topics.ETH_BLOCKS_RAW, 0L, "undecodable_record", 1_000L, null),
            tuple(Topics.ETH_LOGS_RAW, 0L, "undecodable_record", 2_000L, null),
            tuple(Topics.ETH_BLOCKS_RAW, 1L, "undecodable_record", 3_000L, null));
    assertThat(bytes(letters.get(0).getPayload())).isEqualTo(garbage);
    assertThat(bytes(letters.get(1).getPayload())).isEqualTo(truncated);
    assertThat(letters.get(0).getReason()).startsWith("the record value does not decode: not a EthBlock record");
    assertThat(letters.get(1).getReason()).startsWith("the record value does not decode: not a EthRawLog record");
    assertThat(letters.get(2).getReason()).isEqualTo("the record has no value");
    assertThat(chainTopic.isEmpty()).isTrue();
    assertThat(head()).isNull();
  }

  @Test
  void shouldDeadLetterARecordWithoutAKey() {
    final byte[] value = Serdes.ETH_BLOCK.encode(block("A1", "A0", 1, usual("A1")));

    blocksRaw.pipeInput(null, value, 1_000L);

    assertThat(deadLetters.readRecordsToList()).containsExactly(new TestRecord<>(MAINNET, DeadLetter.newBuilder()
        .setSourceTopic(Topics.ETH_BLOCKS_RAW)
        .setSourcePartition(0)
        .setSourceOffset(0L)
        .setSourceTimestampMs(1_000L)
        .setCode("undecodable_record")
        .setReason("the record has no key; raw Ethereum blocks are keyed by network")
        .setNetwork(NETWORK)
        .setBlockHeight(BASE + 1)
        .setLocation(null)
        .setPayload(ByteBuffer.wrap(value))
        .build(), null, 1_000L));
    assertThat(chainTopic.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterInvalidBlocksWithTheReason() {
    pipe(block("A1", "A0", 1, usual("A1")));
    drainOutputs();
    final EthBlock good = block("A2", "A1", 2, usual("A2"));
    final EthBlock foreignLog = EthBlock.newBuilder(good)
        .setLogs(List.of(good.getLogs().get(0), block("X2", "A1", 2, usual("X2")).getLogs().get(1)))
        .build();
    final EthBlock wrongNumber = EthBlock.newBuilder(good)
        .setLogs(List.of(EthLog.newBuilder(good.getLogs().get(0)).setBlockNumber(BASE + 1).build()))
        .build();
    final EthBlock removedLog = EthBlock.newBuilder(good)
        .setLogs(List.of(removed(good.getLogs().get(0)))).build();
    final EthBlock unordered = EthBlock.newBuilder(good)
        .setLogs(List.of(good.getLogs().get(1), good.getLogs().get(0))).build();
    final EthBlock negative = EthBlock.newBuilder(good)
        .setHeader(EthTestData.header("A2", "A1", -2, timestamp(2))).setLogs(List.of()).build();
    final EthBlock noNetwork = EthBlock.newBuilder(good).setNetwork("").build();

    List.of(foreignLog, wrongNumber, removedLog, unordered, negative, noNetwork).forEach(this::pipe);

    assertThat(deadLetters.readValuesToList())
        .extracting(DeadLetter::getCode, DeadLetter::getReason, DeadLetter::getLocation, DeadLetter::getNetwork)
        .containsExactly(
            tuple("invalid_block", "log 1 names block hash " + hash("X2") + ", but the header's hash is " + hash("A2"),
                "log index 1", NETWORK),
            tuple("invalid_block", "log 0 names block number " + (BASE + 1) + ", but the header's number is "
                + (BASE + 2), "log index 0", NETWORK),
            tuple("invalid_block", "log 0 is marked removed; a block record carries its logs as added",
                "log index 0", NETWORK),
            tuple("invalid_block", "log index 0 follows 1: a block's logs must be in strictly increasing log-index"
                + " order from 0", "log index 0", NETWORK),
            tuple("invalid_block", "the block number -2 is negative", null, NETWORK),
            tuple("invalid_block", "the block has an empty network name", null, null));
    assertThat(chainTopic.isEmpty()).isTrue();
    assertThat(head()).isEqualTo(new ChainHead(BASE + 1, hash("A1")));
  }

  // ---------------------------------------------------------------- keys, networks, state

  @Test
  void shouldKeyLogsByNetworkAndContractAddressInTheUpdatesOrder() {
    pipe(block("A1", "A0", 1, usual("A1")));
    pipe(block("A2", "A1", 2, transfer(USDT, address("a"), address("b"), 1L), deposit(address("c"), 2L)));
    drainOutputs();

    pipe(block("B2", "A1", 2, transferSingle(address("op"), address("a"), address("b"), 1L, 1L),
        transfer(USDC, address("a"), address("b"), 3L)));

    final List<KeyValue<EthLogKey, EthLog>> keyed = logsTopic.readKeyValuesToList();
    assertThat(keyed).extracting(kv -> kv.key).containsExactly(
        new EthLogKey(NETWORK, USDT), new EthLogKey(NETWORK, WETH),
        new EthLogKey(NETWORK, OPENSEA_SHARED), new EthLogKey(NETWORK, USDC));
    assertThat(keyed).extracting(kv -> describe(kv.value)).containsExactly(
        "-A2#0 USDT", "-A2#1 WETH", "+B2#0 OPENSEA", "+B2#1 USDC");
    assertThat(keyed).allSatisfy(kv -> assertThat(kv.key.getAddress()).isEqualTo(kv.value.getAddress()));
  }

  @Test
  void shouldTrackTheChainOfEachNetworkSeparately() {
    final List<EthBlock> mainnet = chain("A", 1, 3, "A0");
    final List<EthBlock> sepolia = List.of(
        block("eth-sepolia", "S1", "S0", 1), block("eth-sepolia", "S2", "S1", 2),
        block("eth-sepolia", "T2", "S1", 2));

    pipe(mainnet.get(0));
    pipe(sepolia.get(0));
    pipe(mainnet.get(1));
    pipe(sepolia.get(1));
    pipe(sepolia.get(2));
    pipe(mainnet.get(2));

    assertThat(chainTopic.readKeyValuesToList()).extracting(kv -> kv.key.getNetwork() + ": " + describe(kv.value))
        .containsExactly(
            "eth-mainnet: drop - | remove - | add A1 | append - | head A1@1",
            "eth-sepolia: drop - | remove - | add S1 | append - | head S1@1",
            "eth-mainnet: drop - | remove - | add A2 | append - | head A2@2",
            "eth-sepolia: drop - | remove - | add S2 | append - | head S2@2",
            "eth-sepolia: drop S2 | remove - | add T2 | append - | head T2@2",
            "eth-mainnet: drop - | remove - | add A3 | append - | head A3@3");
    assertThat(head()).isEqualTo(new ChainHead(BASE + 3, hash("A3")));
    assertThat(driver.<String, ChainHead>getKeyValueStore(EthChainTopology.HEAD_STORE).get("eth-sepolia"))
        .isEqualTo(new ChainHead(BASE + 2, hash("T2")));
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepTheWindowBoundedByItsDepth() {
    startDriverWithWindowDepth(8);
    String parent = "A0";
    for (int i = 1; i <= 1000; i++) {
      final String label = "A" + i;
      pipe(block(label, parent, i, usual(label)));
      if (i % 50 == 25) {
        pipe(block("B" + i, parent, i, usual("B" + i))); // reorgs A_i out; A_(i+1) walks back to it
      }
      parent = label;
    }

    final List<EthChainUpdate> updates = chainTopic.readValuesToList();
    assertThat(updates).hasSize(1000 + 20);
    assertThat(updates).filteredOn(u -> !u.getDropped().isEmpty()).hasSize(40);
    assertThat(describe(updates.get(updates.size() - 1))).isEqualTo(
        "drop - | remove - | add A1000 | append - | head A1000@1000");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(count(EthChainTopology.HEAD_STORE)).isEqualTo(1);
    assertThat(count(EthChainTopology.CANONICAL_STORE)).isEqualTo(9);
    assertThat(count(EthChainTopology.BLOCKS_STORE)).isEqualTo(9);
    assertThat(canonicalHash(992)).isEqualTo(hash("A992"));
    assertThat(canonicalHash(991)).isNull();
  }

  @Test
  void shouldKeepSideBlocksUntilTheHeadLeavesThemBehind() {
    startDriverWithWindowDepth(4);
    chain("A", 1, 5, "A0").forEach(this::pipe);
    pipe(block("B4", "A3", 4, usual("B4")));

    // head B4: heights 0..4 are kept; A4 and A5 stay as side blocks
    assertThat(count(EthChainTopology.CANONICAL_STORE)).isEqualTo(4);
    assertThat(count(EthChainTopology.BLOCKS_STORE)).isEqualTo(6);

    chain("B", 5, 9, "B4").forEach(this::pipe);

    // head B9: heights 5..9 are kept, side block A5 among them
    assertThat(count(EthChainTopology.CANONICAL_STORE)).isEqualTo(5);
    assertThat(count(EthChainTopology.BLOCKS_STORE)).isEqualTo(6);

    pipe(block("B10", "B9", 10, usual("B10")));

    assertThat(count(EthChainTopology.CANONICAL_STORE)).isEqualTo(5);
    assertThat(count(EthChainTopology.BLOCKS_STORE)).isEqualTo(5);
  }

  // ---------------------------------------------------------------- helpers

  /** What was sent: its offset in its topic, its value bytes and its timestamp. */
  private record Sent(long offset, byte[] value, long timestamp) {}

  /** Pipes a block keyed by its network, stamped a little after its block time. */
  private Sent pipe(EthBlock block) {
    final byte[] value = Serdes.ETH_BLOCK.encode(block);
    final long timestamp = Math.max(0, block.getHeader().getTimestamp()) * 1000L + INGEST_DELAY_MS;
    blocksRaw.pipeInput(Serdes.NETWORK_KEY.encode(new NetworkKey(block.getNetwork())), value, timestamp);
    return new Sent(nextBlockOffset++, value, timestamp);
  }

  private Sent pipeLog(EthRawLog raw) {
    final byte[] value = Serdes.ETH_RAW_LOG.encode(raw);
    final long timestamp = raw.getLog().getBlockTimestamp() * 1000L + INGEST_DELAY_MS;
    logsRaw.pipeInput(Serdes.NETWORK_KEY.encode(new NetworkKey(raw.getNetwork())), value, timestamp);
    return new Sent(nextLogOffset++, value, timestamp);
  }

  private void drainOutputs() {
    chainTopic.readRecordsToList();
    logsTopic.readRecordsToList();
    assertThat(deadLetters.readRecordsToList()).isEmpty();
  }

  private List<String> updates() {
    return chainTopic.readValuesToList().stream().map(EthTestData::describe).toList();
  }

  private List<String> logLines() {
    return logsTopic.readValuesToList().stream().map(EthTestData::describe).toList();
  }

  private static long blockTimeMs(int offset) {
    return timestamp(offset) * 1000L;
  }

  private static EthChainUpdate appendUpdate(EthLog log, int headOffset) {
    return EthChainUpdate.newBuilder()
        .setNetwork(NETWORK)
        .setDropped(List.of())
        .setRemovedLogs(List.of())
        .setAdded(List.of())
        .setAppendedLogs(List.of(log))
        .setHeadNumber(BASE + headOffset)
        .setHeadHash(hash("A" + headOffset))
        .build();
  }

  private static DeadLetter deadLetter(String topic, Sent sent, String code, String reason, String network,
      Long height, String location) {
    return DeadLetter.newBuilder()
        .setSourceTopic(topic)
        .setSourcePartition(0)
        .setSourceOffset(sent.offset())
        .setSourceTimestampMs(sent.timestamp())
        .setCode(code)
        .setReason(reason)
        .setNetwork(network)
        .setBlockHeight(height)
        .setLocation(location)
        .setPayload(ByteBuffer.wrap(sent.value()))
        .build();
  }

  private ChainHead head() {
    return driver.<String, ChainHead>getKeyValueStore(EthChainTopology.HEAD_STORE).get(NETWORK);
  }

  private String canonicalHash(int offset) {
    return driver.<Bytes, String>getKeyValueStore(EthChainTopology.CANONICAL_STORE)
        .get(KeyValueChainStore.heightKey(NETWORK, BASE + offset));
  }

  private int count(String storeName) {
    final KeyValueStore<Object, Object> store = driver.getKeyValueStore(storeName);
    final List<Object> keys = new ArrayList<>();
    try (KeyValueIterator<Object, Object> all = store.all()) {
      all.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys.size();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    final ByteBuffer copy = buffer.duplicate();
    final byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
