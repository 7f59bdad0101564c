package dev.blockwire.ingest.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed Flow fixture: what the generator writes, a valid chain, every transaction status. */
class FlowFixtureFileTest {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static List<FlowBlock> records;

  @BeforeAll
  static void load() throws IOException {
    records = FlowFixture.load("", "flow-mainnet", new FlowAccessBlocks(MAPPER)).records();
  }

  @Test
  void shouldBeExactlyWhatTheGeneratorWrites() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(FlowFixture.DEFAULT_RESOURCE)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(new FlowMainnetFixtureGenerator().generate());
    }
  }

  @Test
  void shouldFinalizeEveryBlockInOrderAndSealItLater() {
    final List<Long> finalized = new ArrayList<>();
    final List<Long> sealed = new ArrayList<>();
    for (FlowBlock record : records) {
      final long height = record.getHeader().getHeight();
      if (record.getStatus() == FlowBlockStatus.FINALIZED) {
        finalized.add(height);
      } else {
        assertThat(finalized).as("sealed after finalized").contains(height);
        sealed.add(height);
      }
    }
    assertThat(records).hasSize(72);
    assertThat(finalized).hasSize(36).isSorted().doesNotHaveDuplicates();
    assertThat(sealed).isEqualTo(finalized);
    for (int i = 1; i < 36; i++) {
      final FlowBlock before = records.stream().filter(r -> r.getStatus() == FlowBlockStatus.FINALIZED).toList().get(i - 1);
      final FlowBlock block = records.stream().filter(r -> r.getStatus() == FlowBlockStatus.FINALIZED).toList().get(i);
      assertThat(block.getHeader().getParentId()).isEqualTo(before.getHeader().getId());
      assertThat(block.getHeader().getTimestampMs()).isGreaterThan(before.getHeader().getTimestampMs());
      assertThat(block.getHeader().getId()).matches("[0-9a-f]{64}");
    }
  }

  @Test
  void shouldTakeEveryTransactionThroughEveryStatusOneExpiring() {
    final Map<String, List<String>> statuses = new LinkedHashMap<>();
    for (FlowBlock record : records) {
      for (FlowTransactionResult result : record.getTransactionResults()) {
        statuses.computeIfAbsent(result.getTransactionId(), id -> new ArrayList<>()).add(result.getStatus().name());
      }
    }
    assertThat(statuses).hasSize(13);
    assertThat(statuses.get(FlowMainnetFixtureGenerator.EXPIRED_TX)).containsExactly("PENDING", "EXPIRED");
    statuses.remove(FlowMainnetFixtureGenerator.EXPIRED_TX);
    assertThat(statuses.values()).allSatisfy(s -> assertThat(s).containsExactly("PENDING", "FINALIZED", "EXECUTED", "SEALED"));
  }

  @Test
  void shouldCarryRealShapedJsonCdcEventsOnSealedBlocksOnly() throws IOException {
    final Map<String, Integer> counts = new TreeMap<>();
    for (FlowBlock record : records) {
      if (record.getStatus() == FlowBlockStatus.FINALIZED) {
        assertThat(record.getEvents()).isEmpty();
      }
      for (FlowEvent event : record.getEvents()) {
        counts.merge(event.getType(), 1, Integer::sum);
        final byte[] bytes = new byte[event.getPayload().remaining()];
        event.getPayload().duplicate().get(bytes);
        final String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n");
        final JsonNode cdc = MAPPER.readTree(text);
        assertThat(cdc.get("type").asText()).isEqualTo("Event");
        assertThat(cdc.get("value").get("id").asText()).isEqualTo(event.getType());
      }
    }
    assertThat(counts).containsEntry("A.1654653399040a61.FlowToken.TokensDeposited", 19)
        .containsEntry("A.1654653399040a61.FlowToken.TokensWithdrawn", 19)
        .containsEntry("A.f919ee77447b7497.FlowFees.FeesDeducted", 12)
        .containsEntry("A.0b2a3299cc857e29.TopShot.Deposit", 3)
        .containsEntry("A.0b2a3299cc857e29.TopShot.Withdraw", 3)
        .containsEntry("flow.AccountCreated", 2)
        .containsEntry("flow.AccountKeyAdded", 2)
        .containsEntry("flow.AccountContractAdded", 1);
  }

  @Test
  void shouldReportTheFailedTransactionWithItsErrorAndStatusCode() {
    final FlowTransactionResult failed = records.stream().flatMap(r -> r.getTransactionResults().stream())
        .filter(r -> r.getStatusCode() == 1).findFirst().orElseThrow();
    assertThat(failed.getErrorMessage()).contains("[Error Code: 1101]");
    assertThat(failed.getEvents()).extracting(FlowEvent::getType).containsExactly(
        "A.1654653399040a61.FlowToken.TokensWithdrawn", "A.1654653399040a61.FlowToken.TokensDeposited",
        "A.f919ee77447b7497.FlowFees.FeesDeducted");
  }

  @Test
  void shouldRejectALineWithAMissingFieldNamingIt() {
    final FlowAccessBlocks converter = new FlowAccessBlocks(MAPPER);
    assertThatThrownBy(() -> converter.parse("{\"block_status\":\"sealed\",\"block\":{\"header\":{},\"payload\":{}}}",
        "flow-mainnet")).isInstanceOf(FlowFormatException.class).hasMessageContaining("block.header.id");
    assertThatThrownBy(() -> converter.parse("not json", "flow-mainnet")).isInstanceOf(FlowFormatException.class);
    assertThatThrownBy(() -> converter.parse("{\"block_status\":\"pending\",\"block\":{\"header\":{},\"payload\":{}}}",
        "flow-mainnet")).isInstanceOf(FlowFormatException.class);
    assertThat(Base64.getDecoder().decode("AA==")).hasSize(1);
  }
}
