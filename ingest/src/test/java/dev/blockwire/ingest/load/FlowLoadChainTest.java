package dev.blockwire.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import dev.blockwire.schemas.flow.FlowTransactionStatus;

class FlowLoadChainTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldGenerateTheSameChainFromTheSameSeed() {
    assertThat(encoded(7, 40)).isEqualTo(encoded(7, 40));
    assertThat(encoded(8, 40)).isNotEqualTo(encoded(7, 40));
  }

  @Test
  void shouldWriteEveryBlockFinalizedThenSealedThreeBlocksLaterWithLinkedIds() {
    final FlowLoadChain chain = new FlowLoadChain(LoadProfile.flow(0, 20, 1, 0));
    final Map<Long, FlowBlock> finalized = new HashMap<>();
    FlowBlock lastFinalized = null;
    long lastSealedHeight = -1;
    for (int i = 0; i < 300; i++) {
      final FlowBlock block = chain.next();
      final long height = block.getHeader().getHeight();
      if (block.getStatus() == FlowBlockStatus.FINALIZED) {
        if (lastFinalized != null) {
          assertThat(height).isEqualTo(lastFinalized.getHeader().getHeight() + 1);
          assertThat(block.getHeader().getParentId()).isEqualTo(lastFinalized.getHeader().getId());
          assertThat(block.getHeader().getTimestampMs()).isGreaterThan(lastFinalized.getHeader().getTimestampMs());
        }
        assertThat(block.getEvents()).isEmpty();
        assertThat(block.getHeader().getId()).matches("[0-9a-f]{64}");
        finalized.put(height, block);
        lastFinalized = block;
      } else {
        assertThat(height).isEqualTo(lastSealedHeight < 0 ? FlowLoadChain.FIRST_HEIGHT : lastSealedHeight + 1);
        assertThat(lastFinalized.getHeader().getHeight() - height).isEqualTo(FlowLoadChain.SEAL_LAG);
        assertThat(block.getHeader()).isEqualTo(finalized.get(height).getHeader());
        lastSealedHeight = height;
      }
    }
    assertThat(lastSealedHeight).isGreaterThan(FlowLoadChain.FIRST_HEIGHT + 100);
  }

  @Test
  void shouldMoveEveryTransactionThroughItsStatusesAndSealItsEvents() {
    final FlowLoadChain chain = new FlowLoadChain(LoadProfile.flow(0, 50, 3, 0));
    final Map<String, List<FlowTransactionStatus>> statuses = new HashMap<>();
    final Set<String> sealedWithEvents = new HashSet<>();
    for (int i = 0; i < 400; i++) {
      final FlowBlock block = chain.next();
      for (FlowTransactionResult result : block.getTransactionResults()) {
        statuses.computeIfAbsent(result.getTransactionId(), id -> new ArrayList<>()).add(result.getStatus());
        if (result.getStatus() == FlowTransactionStatus.SEALED) {
          assertThat(result.getBlockId()).isEqualTo(block.getHeader().getId());
          assertThat(block.getEvents()).containsAll(result.getEvents());
          sealedWithEvents.add(result.getTransactionId());
        }
      }
    }
    final List<FlowTransactionStatus> lifecycle = List.of(FlowTransactionStatus.PENDING,
        FlowTransactionStatus.FINALIZED, FlowTransactionStatus.EXECUTED, FlowTransactionStatus.SEALED);
    assertThat(sealedWithEvents).hasSizeGreaterThan(500);
    assertThat(sealedWithEvents).allSatisfy(id -> assertThat(statuses.get(id)).isEqualTo(lifecycle));
  }

  @Test
  void shouldCarryAboutTheRequestedEventsOfRealisticTypesWithJsonCdcPayloads() throws Exception {
    final FlowLoadChain chain = new FlowLoadChain(LoadProfile.flow(0, 100, 5, 0));
    long events = 0;
    long sealedBlocks = 0;
    final Map<String, Integer> types = new HashMap<>();
    for (int i = 0; i < 400; i++) {
      final FlowBlock block = chain.next();
      if (block.getStatus() != FlowBlockStatus.SEALED) {
        continue;
      }
      sealedBlocks++;
      events += chain.eventCount(block);
      int expectedIndex = 0;
      String tx = null;
      for (FlowEvent event : block.getEvents()) {
        types.merge(event.getType(), 1, Integer::sum);
        expectedIndex = event.getTransactionId().equals(tx) ? expectedIndex + 1 : 0;
        tx = event.getTransactionId();
        assertThat(event.getEventIndex()).isEqualTo(expectedIndex);
        final String payload = StandardCharsets.UTF_8.decode(event.getPayload().duplicate()).toString();
        assertThat(payload).endsWith("}\n");
        final JsonNode cdc = JSON.readTree(payload);
        assertThat(cdc.path("type").asText()).isEqualTo("Event");
        assertThat(cdc.path("value").path("id").asText()).isEqualTo(event.getType());
        assertThat(cdc.path("value").path("fields").isArray()).isTrue();
      }
    }
    assertThat(events / (double) sealedBlocks).isBetween(85.0, 115.0);
    assertThat(types).containsKeys("A.1654653399040a61.FlowToken.TokensDeposited",
        "A.1654653399040a61.FlowToken.TokensWithdrawn", "A.f919ee77447b7497.FlowFees.FeesDeducted",
        "A.0b2a3299cc857e29.TopShot.Deposit", "flow.AccountCreated", "flow.AccountKeyAdded");
    assertThat(types.get("A.1654653399040a61.FlowToken.TokensDeposited")).isGreaterThan(types.get("flow.AccountCreated"));
  }

  @Test
  void shouldKeepTheStampedBlockTimeInTheSealedRecord() {
    final FlowLoadChain chain = new FlowLoadChain(LoadProfile.flow(0, 10, 2, 0));
    final Map<Long, Long> stamped = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      final FlowBlock block = chain.next();
      chain.stampTime(block, 1_800_000_000_000_000_000L + i * 1_000_000_000L);
      if (block.getStatus() == FlowBlockStatus.FINALIZED) {
        stamped.put(block.getHeader().getHeight(), block.getHeader().getTimestampMs());
      } else {
        assertThat(block.getHeader().getTimestampMs()).isEqualTo(stamped.get(block.getHeader().getHeight()));
      }
    }
    assertThat(stamped.values()).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(1_800_000_000_000L));
  }

  @Test
  void shouldRefuseReorgsBecauseFinalizedFlowBlocksAreFinal() {
    assertThatThrownBy(() -> new FlowLoadChain(new LoadProfile("flow-mainnet", 0, 10, 10, 2, 1, 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("final");
  }

  private static List<String> encoded(long seed, int blocks) {
    final FlowLoadChain chain = new FlowLoadChain(LoadProfile.flow(0, 50, seed, 0));
    final List<String> out = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
      out.add(Base64.getEncoder().encodeToString(Serdes.FLOW_BLOCK.encode(chain.next())));
    }
    return out;
  }
}
