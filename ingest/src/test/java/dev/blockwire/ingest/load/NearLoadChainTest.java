package dev.blockwire.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearReceiptOutcome;

class NearLoadChainTest {

  @Test
  void shouldGenerateTheSameChainFromTheSameSeed() {
    assertThat(encoded(7, 30)).isEqualTo(encoded(7, 30));
    assertThat(encoded(8, 30)).isNotEqualTo(encoded(7, 30));
  }

  @Test
  void shouldLinkEveryBlockToThePreviousOneWithIncreasingHeights() {
    final NearLoadChain chain = new NearLoadChain(LoadProfile.near(0, 20, 1, 0));
    NearBlock previous = chain.next();
    for (int i = 0; i < 200; i++) {
      final NearBlock block = chain.next();
      assertThat(block.getPrevHash()).isEqualTo(previous.getHash());
      assertThat(block.getHeight()).isGreaterThan(previous.getHeight());
      assertThat(block.getTimestampNanos()).isGreaterThan(previous.getTimestampNanos());
      assertThat(block.getHash()).hasSize(44);
      previous = block;
    }
  }

  @Test
  void shouldCarryAboutTheRequestedEventsMostlyValidAndSomeOrdinaryLogs() {
    final NearLoadChain chain = new NearLoadChain(LoadProfile.near(0, 100, 3, 0));
    long eventLines = 0;
    long invalid = 0;
    long ordinary = 0;
    final Map<String, Integer> standards = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      final NearBlock block = chain.next();
      eventLines += chain.eventCount(block);
      for (NearReceiptOutcome outcome : block.getOutcomes()) {
        for (String log : outcome.getLogs()) {
          if (!log.startsWith("EVENT_JSON:")) {
            ordinary++;
          } else if (!log.contains("\"version\":\"1.") || !log.endsWith("}") || log.contains("\"standard\":\"\"")) {
            invalid++;
          } else {
            standards.merge(log.substring(24, 30), 1, Integer::sum);
          }
        }
      }
    }
    assertThat(eventLines / 200.0).isBetween(90.0, 110.0);
    assertThat((double) invalid / eventLines).isBetween(0.003, 0.02);
    assertThat((double) ordinary / eventLines).isBetween(0.2, 0.4);
    assertThat(standards).containsKeys("nep141", "nep171", "nep245");
  }

  @Test
  void shouldDrawContractsFromASkewedDistribution() {
    final NearLoadChain chain = new NearLoadChain(LoadProfile.near(0, 200, 5, 0));
    final Map<String, Integer> perContract = new HashMap<>();
    int total = 0;
    for (int i = 0; i < 100; i++) {
      for (NearReceiptOutcome outcome : chain.next().getOutcomes()) {
        if (!outcome.getLogs().isEmpty()) {
          perContract.merge(outcome.getReceiverId(), outcome.getLogs().size(), Integer::sum);
          total += outcome.getLogs().size();
        }
      }
    }
    final List<Integer> counts = new ArrayList<>(perContract.values());
    counts.sort(null);
    // the hottest contract (intents.near) carries a large share, most contracts almost nothing
    assertThat(perContract.get(NearLoadChain.contract(0)) / (double) total).isGreaterThan(0.08);
    assertThat(counts.get(counts.size() / 2) / (double) total).isLessThan(0.001);
  }

  @Test
  void shouldRefuseReorgsBecauseNearBlocksAreFinal() {
    assertThatThrownBy(() -> new NearLoadChain(new LoadProfile("near-mainnet", 0, 10, 10, 2, 1, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("final");
  }

  private static List<String> encoded(long seed, int blocks) {
    final NearLoadChain chain = new NearLoadChain(LoadProfile.near(0, 50, seed, 0));
    final List<String> out = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      out.add(Base64.getEncoder().encodeToString(Serdes.NEAR_BLOCK.encode(chain.next())));
    }
    return out;
  }
}
