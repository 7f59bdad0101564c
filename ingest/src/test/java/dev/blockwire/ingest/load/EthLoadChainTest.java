package dev.blockwire.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthLog;

class EthLoadChainTest {

  @Test
  void shouldGenerateTheSameChainFromTheSameSeed() {
    assertThat(encoded(11, 40)).isEqualTo(encoded(11, 40));
    assertThat(encoded(12, 40)).isNotEqualTo(encoded(11, 40));
  }

  @Test
  void shouldReorganiseEveryNHeightsByTheGivenDepthAsANodeSourceWritesIt() {
    final int every = 10;
    final int depth = 3;
    final EthLoadChain chain = new EthLoadChain(LoadProfile.eth(0, 20, every, depth, 5, 0));
    final Map<String, EthBlock> written = new HashMap<>();
    EthBlock head = null;
    int reorgs = 0;
    for (int i = 0; i < 5 * (every + depth); i++) {
      final EthBlock block = chain.next();
      final long number = block.getHeader().getNumber();
      if (head != null) {
        final EthBlock parent = written.get(block.getHeader().getParentHash());
        assertThat(parent).as("block %d's parent was written before it", number).isNotNull();
        assertThat(number).isEqualTo(parent.getHeader().getNumber() + 1);
        if (parent != head) {
          reorgs++;
          assertThat(head.getHeader().getNumber() - parent.getHeader().getNumber())
              .as("blocks dropped by the reorg at %d", number).isEqualTo(depth);
        }
      }
      assertThat(written.put(block.getHeader().getHash(), block)).isNull();
      head = block;
    }
    assertThat(reorgs).isEqualTo(5);
    assertThat(head.getHeader().getNumber() - EthLoadChain.FIRST_NUMBER + 1).isEqualTo(5L * every);
  }

  @Test
  void shouldWriteLogsOfEveryArityInLogIndexOrderCarryingTheirBlock() {
    final EthLoadChain chain = new EthLoadChain(LoadProfile.eth(0, 300, 0, 0, 9, 0));
    final Set<Integer> arities = new HashSet<>();
    long logs = 0;
    final Set<String> contracts = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      final EthBlock block = chain.next();
      final List<String> txs = block.getTransactionHashes();
      assertThat(txs.size()).isGreaterThan(block.getLogs().size() / 4);
      for (int k = 0; k < block.getLogs().size(); k++) {
        final EthLog log = block.getLogs().get(k);
        assertThat(log.getLogIndex()).isEqualTo(k);
        assertThat(log.getBlockHash()).isEqualTo(block.getHeader().getHash());
        assertThat(log.getBlockNumber()).isEqualTo(block.getHeader().getNumber());
        assertThat(log.getBlockTimestamp()).isEqualTo(block.getHeader().getTimestamp());
        assertThat(txs.get(log.getTransactionIndex())).isEqualTo(log.getTransactionHash());
        assertThat(log.getAddress()).matches("0x[0-9a-f]{40}");
        arities.add(log.getTopics().size());
        contracts.add(log.getAddress());
      }
      logs += block.getLogs().size();
    }
    assertThat(logs / 50.0).isBetween(270.0, 330.0);
    assertThat(arities).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    assertThat(contracts.size()).isGreaterThan(500);
    assertThat(contracts).contains(EthLoadChain.contract(0), EthLoadChain.contract(1));
  }

  @Test
  void shouldStampTheEmissionTimeOnTheHeaderAndEveryLog() {
    final EthLoadChain chain = new EthLoadChain(LoadProfile.eth(0, 10, 0, 0, 1, 0));
    final EthBlock block = chain.next();
    chain.stampTime(block, 1_800_000_000_123_456_789L);
    assertThat(block.getHeader().getTimestamp()).isEqualTo(1_800_000_000L);
    assertThat(block.getLogs()).allSatisfy(log -> assertThat(log.getBlockTimestamp()).isEqualTo(1_800_000_000L));
  }

  @Test
  void shouldRefuseAReorgAsDeepAsItsPeriod() {
    assertThatThrownBy(() -> LoadProfile.eth(0, 10, 3, 3, 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reorg depth");
  }

  private static List<String> encoded(long seed, int blocks) {
    final EthLoadChain chain = new EthLoadChain(LoadProfile.eth(0, 50, 7, 2, seed, 0));
    final List<String> out = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      out.add(Base64.getEncoder().encodeToString(Serdes.ETH_BLOCK.encode(chain.next())));
    }
    return out;
  }
}
