package dev.blockwire.processor.eth;

import static dev.blockwire.processor.eth.EthTestData.BASE;
import static dev.blockwire.processor.eth.EthTestData.NETWORK;
import static dev.blockwire.processor.eth.EthTestData.block;
import static dev.blockwire.processor.eth.EthTestData.chain;
import static dev.blockwire.processor.eth.EthTestData.describe;
import static dev.blockwire.processor.eth.EthTestData.hash;
import static dev.blockwire.processor.eth.EthTestData.rawLog;
import static dev.blockwire.processor.eth.EthTestData.usual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.processor.eth.ChainDecision.Changed;
import dev.blockwire.processor.eth.ChainDecision.Rejected;
import dev.blockwire.processor.eth.ChainDecision.Unchanged;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthRawLog;

/** The chain logic alone, on {@link MapChainStore}: decisions, and what applying them leaves in the window. */
class CanonicalChainTest {

  private final MapChainStore store = new MapChainStore();
  private final CanonicalChain chain = new CanonicalChain(store, 4);

  @Test
  void shouldRejectAWindowDepthBelowOne() {
    assertThatThrownBy(() -> new CanonicalChain(store, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("windowDepth must be at least 1: 0");
  }

  @Test
  void shouldOnlyReadWhileDeciding() {
    chain("A", 1, 5, "A0").forEach(this::accept);
    final int writes = store.writes();

    final ChainDecision reorg = chain.decideBlock(block("B3", "A2", 3, usual("B3")));
    final ChainDecision retraction = chain.decideLog(rawLog(chain("A", 1, 5, "A0").get(4), 0, true));

    assertThat(reorg).isInstanceOf(Changed.class);
    assertThat(retraction).isInstanceOf(Changed.class);
    assertThat(store.writes()).isEqualTo(writes);
    assertThat(store.head(NETWORK)).isEqualTo(new ChainHead(BASE + 5, hash("A5")));
  }

  @Test
  void shouldFindTheCommonAncestorAcrossThreeBranches() {
    chain("A", 1, 4, "A0").forEach(this::accept);
    accept(block("B3", "A2", 3, usual("B3")));

    final Changed toC = accept(block("C4", "A3", 4, usual("C4")));

    assertThat(describe(toC.update())).isEqualTo("drop B3 | remove B3#0,B3#1 | add A3,C4 | append - | head C4@4");
    assertThat(store.canonical(NETWORK)).containsExactly(
        java.util.Map.entry(BASE + 1, hash("A1")), java.util.Map.entry(BASE + 2, hash("A2")),
        java.util.Map.entry(BASE + 3, hash("A3")), java.util.Map.entry(BASE + 4, hash("C4")));
    assertThat(store.blockCount(NETWORK)).isEqualTo(6); // A1..A4, B3, C4
  }

  @Test
  void shouldPruneEverythingBelowTheWindowWhenTheHeadMoves() {
    chain("A", 1, 10, "A0").forEach(this::accept);

    assertThat(store.canonical(NETWORK).keySet()).containsExactly(BASE + 6, BASE + 7, BASE + 8, BASE + 9, BASE + 10);
    assertThat(store.blockCount(NETWORK)).isEqualTo(5);
  }

  @Test
  void shouldNotPruneWhenTheHeadRewinds() {
    chain("A", 1, 10, "A0").forEach(this::accept);

    final Changed rewind = accept(block("B7", "A6", 7));

    assertThat(describe(rewind.update())).isEqualTo(
        "drop A7,A8,A9,A10 | remove A7#0,A7#1,A8#0,A8#1,A9#0,A9#1,A10#0,A10#1 | add B7 | append - | head B7@7");
    assertThat(store.canonical(NETWORK).keySet()).containsExactly(BASE + 6, BASE + 7);
    assertThat(store.blockCount(NETWORK)).isEqualTo(6); // A6, B7, and side blocks A7..A10
  }

  @Test
  void shouldDecideNothingForDuplicatesAndExplainWhy() {
    final List<EthBlock> a = chain("A", 1, 2, "A0");
    a.forEach(this::accept);

    final ChainDecision block = chain.decideBlock(a.get(0));
    final ChainDecision log = chain.decideLog(rawLog(a.get(1), 1, false));

    assertThat(block).isEqualTo(new Unchanged("block " + (BASE + 1) + " (" + hash("A1")
        + ") is already canonical in eth-mainnet; a duplicate changes nothing"));
    assertThat(log).isEqualTo(new Unchanged("log 1 of block " + (BASE + 2) + " (" + hash("A2")
        + ") is in its block already; a duplicate changes nothing"));
  }

  @Test
  void shouldRejectARawLogWithANegativeIndex() {
    accept(block("A1", "A0", 1, usual("A1")));
    final EthRawLog raw = rawLog(block("A1", "A0", 1, usual("A1")), 0, true);
    raw.getLog().setLogIndex(-1);

    assertThat(chain.decideLog(raw)).isEqualTo(
        new Rejected("invalid_log", "the log index -1 is negative", "log index -1"));
  }

  @Test
  void shouldFailLoudlyWhenTheWindowLostACanonicalBlock() {
    chain("A", 1, 3, "A0").forEach(this::accept);
    store.canonical(NETWORK).remove(BASE + 3);
    store.putCanonical(NETWORK, BASE + 3, hash("nowhere"));

    assertThatThrownBy(() -> chain.decideBlock(block("B3", "A2", 3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the window of eth-mainnet has no canonical block at height " + (BASE + 3)
            + " below its head (canonical hash " + hash("nowhere") + ")");
  }

  @Test
  void shouldStartAWindowAtAnyHeightIncludingGenesis() {
    final Changed genesis = accept(block("G", "0x0", -(int) BASE));

    assertThat(genesis.update().getHeadNumber()).isZero();
    assertThat(describe(genesis.update())).isEqualTo("drop - | remove - | add G | append - | head G@-" + BASE);
  }

  private Changed accept(EthBlock block) {
    final ChainDecision decision = chain.decideBlock(block);
    assertThat(decision).isInstanceOf(Changed.class);
    chain.apply((Changed) decision);
    return (Changed) decision;
  }
}
