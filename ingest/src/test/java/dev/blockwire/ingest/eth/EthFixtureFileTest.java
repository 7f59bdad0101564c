package dev.blockwire.ingest.eth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.blockwire.ingest.fixture.FixtureHashes;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;

/** The committed Ethereum mainnet fixture: what the generator writes, and the chain the README describes. */
class EthFixtureFileTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<Integer> ORPHANED_LINES = List.of(12, 26, 27, 28);
  private static EthFixtureChain chain;
  private static List<EthBlock> blocks;

  @BeforeAll
  static void load() throws IOException {
    chain = EthFixtureChain.load("", "eth-mainnet", new GethBlocks(MAPPER));
    blocks = chain.blocks();
  }

  @Test
  void shouldBeExactlyWhatTheGeneratorWrites() throws IOException {
    assertThat(resourceText()).isEqualTo(new EthMainnetFixtureGenerator().generate());
  }

  @Test
  void shouldHoldFortyBlocksOverThirtySixHeightsAtOneSlotPerLine() {
    assertThat(chain.size()).isEqualTo(40);
    assertThat(chain.network()).isEqualTo("eth-mainnet");
    assertThat(chain.heightSpan()).isEqualTo(36);
    assertThat(blocks.get(0).getHeader().getNumber()).isEqualTo(24_581_300L);
    assertThat(blocks.get(39).getHeader().getNumber()).isEqualTo(24_581_335L);
    for (int i = 0; i < blocks.size(); i++) {
      assertThat(blocks.get(i).getHeader().getTimestamp()).as("line " + i).isEqualTo(1_772_645_711L + 12L * i);
    }
    assertThat(blocks).extracting(b -> b.getHeader().getHash()).doesNotHaveDuplicates();
  }

  @Test
  void shouldReorgOnceAtDepthOneAndOnceAtDepthThree() {
    final Map<String, EthHeader> byHash = new HashMap<>();
    final Map<Integer, Long> depthByLine = new TreeMap<>();
    for (int i = 0; i < blocks.size(); i++) {
      final EthHeader header = blocks.get(i).getHeader();
      if (i > 0 && !header.getParentHash().equals(blocks.get(i - 1).getHeader().getHash())) {
        final EthHeader parent = byHash.get(header.getParentHash());
        depthByLine.put(i, blocks.get(i - 1).getHeader().getNumber() - parent.getNumber());
      }
      byHash.put(header.getHash(), header);
    }
    assertThat(depthByLine).containsExactly(Map.entry(13, 1L), Map.entry(29, 3L));
    // depth 1: a sibling of line 12 (same number, same parent)
    assertThat(blocks.get(13).getHeader().getNumber()).isEqualTo(blocks.get(12).getHeader().getNumber());
    assertThat(blocks.get(13).getHeader().getParentHash()).isEqualTo(blocks.get(12).getHeader().getParentHash());
    // depth 3: lines 26-28 (numbers +25..+27) replaced by lines 29-31, extended by line 32
    assertThat(blocks.get(29).getHeader().getParentHash()).isEqualTo(blocks.get(25).getHeader().getHash());
    assertThat(numbers(26, 29)).containsExactly(24_581_325L, 24_581_326L, 24_581_327L);
    assertThat(numbers(29, 33)).containsExactly(24_581_325L, 24_581_326L, 24_581_327L, 24_581_328L);
    assertThat(blocks.get(33).getHeader().getParentHash()).isEqualTo(blocks.get(32).getHeader().getHash());
    // no canonical block builds on an orphaned one (orphans only build on each other: 26 <- 27 <- 28)
    for (int orphan : ORPHANED_LINES) {
      final String hash = blocks.get(orphan).getHeader().getHash();
      for (int i = 0; i < blocks.size(); i++) {
        final boolean buildsOnIt = blocks.get(i).getHeader().getParentHash().equals(hash);
        assertThat(buildsOnIt && !ORPHANED_LINES.contains(i)).as("line " + i + " builds on orphan " + orphan).isFalse();
      }
    }
  }

  @Test
  void shouldFillEveryHeaderFieldUpToRequestsHashAsAPragueEraMainnetHeader() {
    for (EthBlock block : blocks) {
      final EthHeader h = block.getHeader();
      assertThat(List.of(h.getBaseFeePerGas(), h.getWithdrawalsRoot(), h.getBlobGasUsed(), h.getExcessBlobGas(),
          h.getParentBeaconBlockRoot(), h.getRequestsHash())).doesNotContainNull();
      assertThat(h.getBlockAccessListHash()).isNull();
      assertThat(h.getSlotNumber()).isNull();
      assertThat(h.getDifficulty()).isEqualTo("0x0");
      assertThat(h.getNonce()).isEqualTo("0x0000000000000000");
      assertThat(h.getGasLimit()).isEqualTo("0x3938700");
      assertThat(Long.parseLong(h.getBlobGasUsed().substring(2), 16) % 131_072).isZero();
    }
  }

  @Test
  void shouldFollowEip1559FromEachBlocksOwnParent() {
    final Map<String, EthHeader> byHash = new HashMap<>();
    for (EthBlock block : blocks) {
      final EthHeader header = block.getHeader();
      final EthHeader parent = byHash.get(header.getParentHash());
      if (parent != null) {
        final long parentFee = hex(parent.getBaseFeePerGas());
        final long used = hex(parent.getGasUsed());
        final long target = hex(parent.getGasLimit()) / 2;
        final long expected = used >= target
            ? parentFee + Math.max(1, parentFee * (used - target) / target / 8)
            : parentFee - parentFee * (target - used) / target / 8;
        assertThat(hex(header.getBaseFeePerGas())).as("base fee of " + header.getNumber()).isEqualTo(expected);
      }
      byHash.put(header.getHash(), header);
    }
  }

  @Test
  void shouldHaveEveryLogKindFromLog0ToLog4() {
    final Map<Integer, Integer> byTopics = new TreeMap<>();
    blocks.forEach(b -> b.getLogs().forEach(l -> byTopics.merge(l.getTopics().size(), 1, Integer::sum)));

    assertThat(byTopics).containsExactly(Map.entry(0, 30), Map.entry(1, 36), Map.entry(2, 35), Map.entry(3, 231),
        Map.entry(4, 27));
  }

  @Test
  void shouldPutTokenTransfersInEveryOrphanedBlock() {
    final Map<Integer, Integer> transfersByLine = new TreeMap<>();
    int canonical = 0;
    for (int i = 0; i < blocks.size(); i++) {
      final int transfers = (int) blocks.get(i).getLogs().stream().filter(EthFixtureFileTest::isTokenTransfer).count();
      if (ORPHANED_LINES.contains(i)) {
        transfersByLine.put(i, transfers);
      } else {
        canonical += transfers;
      }
    }
    assertThat(transfersByLine).containsExactly(Map.entry(12, 7), Map.entry(26, 2), Map.entry(27, 4),
        Map.entry(28, 6));
    assertThat(canonical).isEqualTo(111);
    assertThat(EthMainnetFixtureGenerator.TOKEN).isEqualTo(EthFixtureChain.DEFAULT_TOKEN);
    assertThat(EthMainnetFixtureGenerator.TRANSFER).isEqualTo(EthFixtureChain.TRANSFER_TOPIC);
  }

  @Test
  void shouldMineReorgedTransactionsAgainWithTheSameHash() {
    final String depth1First = blocks.get(12).getTransactionHashes().get(0);
    final String depth1Second = blocks.get(12).getTransactionHashes().get(1);
    assertThat(blocks.get(13).getTransactionHashes().get(0)).as("re-mined by the sibling").isEqualTo(depth1First);
    assertThat(blocks.get(14).getTransactionHashes()).as("re-mined one block later").contains(depth1Second);
    for (int k = 0; k < 3; k++) {
      assertThat(blocks.get(29 + k).getTransactionHashes().get(0)).isEqualTo(blocks.get(26 + k).getTransactionHashes().get(0));
    }
    assertThat(blocks.get(32).getTransactionHashes()).contains(blocks.get(26).getTransactionHashes().get(1),
        blocks.get(27).getTransactionHashes().get(1));
    final String neverMinedAgain = blocks.get(28).getTransactionHashes().get(1);
    assertThat(blocks.subList(29, 40)).noneMatch(b -> b.getTransactionHashes().contains(neverMinedAgain));
  }

  @Test
  void shouldIndexLogsAndTransactionsConsistentlyAndBloomEveryLog() {
    for (EthBlock block : blocks) {
      final byte[] bloom = new byte[256];
      for (int i = 0; i < block.getLogs().size(); i++) {
        final EthLog log = block.getLogs().get(i);
        assertThat(log.getLogIndex()).isEqualTo(i);
        assertThat(block.getTransactionHashes().get(log.getTransactionIndex())).isEqualTo(log.getTransactionHash());
        EthMainnetFixtureGenerator.addToBloom(bloom, log.getAddress());
        log.getTopics().forEach(t -> EthMainnetFixtureGenerator.addToBloom(bloom, t));
      }
      assertThat(block.getHeader().getLogsBloom()).isEqualTo(FixtureHashes.hex(bloom));
      assertThat(block.getTransactionHashes()).doesNotHaveDuplicates();
    }
  }

  @Test
  void shouldWriteGethsJsonShapes() throws IOException {
    final JsonNode first = MAPPER.readTree(resourceText().lines().findFirst().orElseThrow());
    final List<String> blockKeys = keys(first.get("block"));
    assertThat(blockKeys).as("a Go map: alphabetical").isSorted()
        .contains("size", "uncles", "withdrawals", "transactions").doesNotContain("totalDifficulty");
    assertThat(first.get("block").get("withdrawals")).hasSize(16);
    assertThat(keys(first.get("logs").get(0))).containsExactly("address", "topics", "data", "blockNumber",
        "transactionHash", "transactionIndex", "blockHash", "blockTimestamp", "logIndex", "removed");
  }

  static boolean isTokenTransfer(EthLog log) {
    return log.getAddress().equals(EthFixtureChain.DEFAULT_TOKEN) && log.getTopics().size() == 3
        && log.getTopics().get(0).equals(EthFixtureChain.TRANSFER_TOPIC);
  }

  private static List<Long> numbers(int from, int to) {
    return blocks.subList(from, to).stream().map(b -> b.getHeader().getNumber()).toList();
  }

  private static long hex(String quantity) {
    return Long.parseLong(quantity.substring(2), 16);
  }

  private static List<String> keys(JsonNode node) {
    final List<String> keys = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    return keys;
  }

  private static String resourceText() throws IOException {
    try (InputStream in = EthFixtureFileTest.class.getClassLoader().getResourceAsStream(EthFixtureChain.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
