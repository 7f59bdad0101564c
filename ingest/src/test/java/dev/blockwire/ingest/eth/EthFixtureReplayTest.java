package dev.blockwire.ingest.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.blockwire.ingest.fixture.FixtureHashes;
import dev.blockwire.ingest.fixture.FixtureReplay;
import dev.blockwire.ingest.fixture.ReplayableChain.Position;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;

/** The Ethereum fixture replayed pass after pass: a chain whose reorgs recur, resumable from any block. */
class EthFixtureReplayTest {

  private static EthFixtureChain chain;

  @BeforeAll
  static void load() throws IOException {
    chain = EthFixtureChain.load("", "eth-mainnet", new GethBlocks(new ObjectMapper()));
  }

  @Test
  void shouldReplayTheFixtureItselfInPassZero() {
    final FixtureReplay<EthBlock> replay = FixtureReplay.fromStart(chain, true);

    for (EthBlock original : chain.blocks()) {
      assertThat(replay.next()).isEqualTo(original);
    }
  }

  @Test
  void shouldContinueTheChainAcrossPassesWithTheReorgsInEveryPass() {
    final List<EthBlock> written = take(FixtureReplay.fromStart(chain, true), chain.size() * 3);

    assertWrittenInNodeOrder(written);
    final EthHeader lastOfPass0 = written.get(chain.size() - 1).getHeader();
    final EthHeader firstOfPass1 = written.get(chain.size()).getHeader();
    assertThat(firstOfPass1.getNumber()).isEqualTo(lastOfPass0.getNumber() + 1);
    assertThat(firstOfPass1.getParentHash()).isEqualTo(lastOfPass0.getHash());
    assertThat(firstOfPass1.getTimestamp() - lastOfPass0.getTimestamp()).isEqualTo(12);
    for (int pass = 0; pass < 3; pass++) {
      final int offset = pass * chain.size();
      assertThat(reorgDepths(written.subList(offset, offset + chain.size()), written))
          .as("pass " + pass).containsExactly(Map.entry(13, 1L), Map.entry(29, 3L));
    }
    assertThat(written.get(2 * chain.size()).getHeader().getNumber() - firstOfPass1.getNumber())
        .isEqualTo(chain.heightSpan()).isEqualTo(36);
  }

  @Test
  void shouldReDeriveBlockAndTransactionHashesPerPassAndKeepLogsOnTheirBlock() {
    final List<EthBlock> written = take(FixtureReplay.fromStart(chain, true), chain.size() * 3);

    assertThat(written).extracting(b -> b.getHeader().getHash()).doesNotHaveDuplicates();
    final EthBlock pass0 = written.get(12);
    final EthBlock pass2 = written.get(2 * chain.size() + 12);
    assertThat(pass2.getTransactionHashes().get(0)).isEqualTo(FixtureHashes.deriveHex(2, pass0.getTransactionHashes().get(0)))
        .matches("0x[0-9a-f]{64}");
    assertThat(pass2.getHeader().getNumber()).isEqualTo(pass0.getHeader().getNumber() + 72);
    assertThat(pass2.getHeader().getTimestamp()).isEqualTo(pass0.getHeader().getTimestamp() + 2 * 480);
    for (EthBlock block : written) {
      for (EthLog log : block.getLogs()) {
        assertThat(log.getBlockHash()).isEqualTo(block.getHeader().getHash());
        assertThat(log.getBlockNumber()).isEqualTo(block.getHeader().getNumber());
        assertThat(log.getBlockTimestamp()).isEqualTo(block.getHeader().getTimestamp());
        assertThat(block.getTransactionHashes().get(log.getTransactionIndex())).isEqualTo(log.getTransactionHash());
      }
    }
    assertThat(pass2.getLogs()).extracting(EthLog::getTopics).isEqualTo(pass0.getLogs().stream().map(EthLog::getTopics).toList());
  }

  @Test
  void shouldStampWholeWallClockSecondsThatNeverRepeatOnHeaderAndLogs() {
    final FixtureReplay<EthBlock> replay = FixtureReplay.fromStart(chain, true);
    final long now = 1_900_000_000_750_000_000L;

    final EthBlock first = replay.next(now);
    final EthBlock second = replay.next(now + 100_000_000L); // same second
    final EthBlock third = replay.next(now + 5_000_000_000L);

    assertThat(first.getHeader().getTimestamp()).isEqualTo(1_900_000_000L);
    assertThat(second.getHeader().getTimestamp()).isEqualTo(1_900_000_001L);
    assertThat(third.getHeader().getTimestamp()).isEqualTo(1_900_000_005L);
    assertThat(second.getLogs()).allSatisfy(l -> assertThat(l.getBlockTimestamp()).isEqualTo(1_900_000_001L));
    assertThat(chain.blocks().get(1).getHeader().getTimestamp()).as("the fixture is untouched").isEqualTo(1_772_645_723L);
  }

  @Test
  void shouldResumeAfterABlockThatIsAboutToBeOrphanedWithTheNewBranchsOwnParent() {
    final EthBlock aboutToBeOrphaned = chain.block(2, 28); // +27 of the old branch, in pass 2

    final FixtureReplay<EthBlock> replay = FixtureReplay.after(chain, true, aboutToBeOrphaned);

    assertThat(replay.position()).isEqualTo(new Position(2, 29));
    final EthBlock next = replay.next();
    assertThat(next).isEqualTo(chain.block(2, 29));
    assertThat(next.getHeader().getParentHash()).as("the new branch forks below the last block")
        .isEqualTo(chain.block(2, 25).getHeader().getHash());
  }

  @Test
  void shouldResumeAfterTheLastBlockOfAPassWithTheNextPass() {
    final EthBlock last = chain.block(0, chain.size() - 1);

    final EthBlock next = FixtureReplay.after(chain, true, last).next();

    assertThat(next).isEqualTo(chain.block(1, 0));
    assertThat(next.getHeader().getParentHash()).isEqualTo(last.getHeader().getHash());
    assertThat(FixtureReplay.after(chain, false, last).hasNext()).as("loop off: the pass is over").isFalse();
  }

  @Test
  void shouldStartAboveAForeignBlockAndNameItAsParent() {
    final EthBlock foreign = chain.block(0, 5);
    foreign.getHeader().setNumber(24_581_400L);
    foreign.getHeader().setHash("0x" + "f0".repeat(32));
    foreign.getHeader().setTimestamp(1_800_000_000L);

    final List<EthBlock> written = take(FixtureReplay.after(chain, true, foreign), 50);

    final EthHeader first = written.get(0).getHeader();
    assertThat(first.getNumber()).isGreaterThan(24_581_400L);
    assertThat(first.getParentHash()).isEqualTo(foreign.getHeader().getHash());
    assertThat(first.getTimestamp()).isEqualTo(1_800_000_012L);
    assertThat(written.get(1).getHeader().getParentHash()).isEqualTo(first.getHash());
    assertThat(written.get(0).getLogs()).allSatisfy(l -> assertThat(l.getBlockTimestamp()).isEqualTo(1_800_000_012L));
  }

  @Test
  void shouldFindBothBlocksOfAReorgedHeight() {
    final EthBlock orphan = chain.block(4, 12);
    final EthBlock sibling = chain.block(4, 13);

    assertThat(orphan.getHeader().getNumber()).isEqualTo(sibling.getHeader().getNumber());
    assertThat(chain.positionOf(orphan)).contains(new Position(4, 12));
    assertThat(chain.positionOf(sibling)).contains(new Position(4, 13));
    assertThat(chain.positionOf(orphan.getHeader().getNumber(), chain.block(3, 12).getHeader().getHash())).isEmpty();
    assertThat(chain.positionOf(1L, "0x00")).isEmpty();
    assertThat(chain.writeOrder().compare(chain.block(4, 29), chain.block(4, 28)))
        .as("the new branch's first block is written later although lower").isPositive();
  }

  @Test
  void shouldRejectFixturesThatANodeCouldNotHaveProduced() {
    final List<EthBlock> blocks = chain.blocks();

    assertThatThrownBy(() -> new EthFixtureChain(List.of(blocks.get(0), blocks.get(2))))
        .hasMessageContaining("fixture block 1").hasMessageContaining("is not the hash of an earlier block");
    final EthBlock wrongNumber = EthBlock.newBuilder(blocks.get(1)).build();
    wrongNumber.getHeader().setNumber(24_581_302L);
    assertThatThrownBy(() -> new EthFixtureChain(List.of(blocks.get(0), wrongNumber)))
        .hasMessageContaining("number is not its parent's");
    final EthBlock earlier = EthBlock.newBuilder(blocks.get(1)).build();
    earlier.getHeader().setTimestamp(1);
    earlier.getLogs().forEach(l -> l.setBlockTimestamp(1L));
    assertThatThrownBy(() -> new EthFixtureChain(List.of(blocks.get(0), earlier)))
        .hasMessageContaining("timestamp does not increase");
    assertThatThrownBy(() -> new EthFixtureChain(blocks.subList(0, 30)))
        .as("ends on the new branch's first block, below the old head").hasMessageContaining("must have the highest number");
    assertThatThrownBy(() -> new EthFixtureChain(List.of(blocks.get(0), blocks.get(0))))
        .hasMessageContaining("occurs twice");
    assertThatThrownBy(() -> new EthFixtureChain(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNameTheLineOfABadFixture() {
    assertThatThrownBy(() -> EthFixtureChain.fromLines(List.of("", "{\"block\":{}}"), "eth-mainnet",
        new GethBlocks(new ObjectMapper())))
        .hasMessageStartingWith("fixture line 2: ").hasMessageContaining("logs: missing required field");
  }

  private static List<EthBlock> take(FixtureReplay<EthBlock> replay, int count) {
    final List<EthBlock> blocks = new ArrayList<>();
    while (blocks.size() < count && replay.hasNext()) {
      blocks.add(replay.next());
    }
    return blocks;
  }

  /**
   * What a processor relies on: every block's parent was written before it (or is the first block's
   * outside parent), its number is the parent's plus one, and times increase in write order.
   */
  static void assertWrittenInNodeOrder(List<EthBlock> written) {
    final Map<String, Long> numbers = new HashMap<>();
    final Set<String> seen = new HashSet<>();
    for (int i = 0; i < written.size(); i++) {
      final EthHeader header = written.get(i).getHeader();
      if (i > 0) {
        assertThat(seen).as("parent of block " + i + " written before it").contains(header.getParentHash());
        assertThat(header.getNumber()).as("number of block " + i).isEqualTo(numbers.get(header.getParentHash()) + 1);
        assertThat(header.getTimestamp()).as("time of block " + i)
            .isGreaterThan(written.get(i - 1).getHeader().getTimestamp());
      }
      seen.add(header.getHash());
      numbers.put(header.getHash(), header.getNumber());
    }
  }

  /** Index within {@code pass} → how many blocks the reorg at that block replaced. */
  private static Map<Integer, Long> reorgDepths(List<EthBlock> pass, List<EthBlock> all) {
    final Map<String, Long> numbers = new HashMap<>();
    all.forEach(b -> numbers.put(b.getHeader().getHash(), b.getHeader().getNumber()));
    final Map<Integer, Long> depths = new java.util.TreeMap<>();
    for (int i = 1; i < pass.size(); i++) {
      final EthHeader header = pass.get(i).getHeader();
      if (!header.getParentHash().equals(pass.get(i - 1).getHeader().getHash())) {
        depths.put(i, pass.get(i - 1).getHeader().getNumber() - numbers.get(header.getParentHash()));
      }
    }
    return depths;
  }
}
