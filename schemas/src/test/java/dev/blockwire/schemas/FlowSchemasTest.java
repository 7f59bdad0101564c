package dev.blockwire.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.blockwire.schemas.flow.FlowAggregatedSignature;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockSeal;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowCollectionGuarantee;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowHeader;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import dev.blockwire.schemas.flow.FlowTransactionStatus;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class FlowSchemasTest {

  static final String ID = "a".repeat(64);

  static FlowBlock sealedBlock() {
    final FlowEvent event = FlowEvent.newBuilder().setType("A.1654653399040a61.FlowToken.TokensDeposited")
        .setTransactionId("b".repeat(64)).setTransactionIndex(0).setEventIndex(1)
        .setPayload(ByteBuffer.wrap("{\"type\":\"Event\"}".getBytes(StandardCharsets.UTF_8))).build();
    return FlowBlock.newBuilder()
        .setNetwork("flow-mainnet")
        .setHeader(new FlowHeader(ID, "0".repeat(64), 85_000_000L, 1_710_861_732_600L, "+GyIAA=="))
        .setCollectionGuarantees(List.of(new FlowCollectionGuarantee("c".repeat(64), "0a", "AAA=", ID, "cluster-1")))
        .setBlockSeals(List.of(new FlowBlockSeal(ID, "d".repeat(64), "e".repeat(64),
            List.of(new FlowAggregatedSignature(List.of("AAA="), List.of("f".repeat(64)))))))
        .setStatus(FlowBlockStatus.SEALED)
        .setEvents(List.of(event))
        .setTransactionResults(List.of(FlowTransactionResult.newBuilder().setTransactionId("b".repeat(64))
            .setStatus(FlowTransactionStatus.SEALED).setBlockId(ID).setCollectionId("c".repeat(64))
            .setComputationUsed(17).setEvents(List.of(event)).build()))
        .build();
  }

  @Test
  void shouldRoundTripARawFlowBlockWithEventsAndTransactionResults() {
    final byte[] bytes = Serdes.FLOW_BLOCK.encode(sealedBlock());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(Serdes.FLOW_BLOCK.decode(bytes)).isEqualTo(sealedBlock());
  }

  @Test
  void shouldDefaultAPendingResultToNoBlockNoErrorAndNoEvents() {
    final FlowTransactionResult pending = FlowTransactionResult.newBuilder().setTransactionId(ID)
        .setStatus(FlowTransactionStatus.PENDING).build();
    assertThat(pending.getBlockId()).isEmpty();
    assertThat(pending.getErrorMessage()).isEmpty();
    assertThat(pending.getEvents()).isEmpty();
  }

  @Test
  void shouldNotReadARawBlockAsAChainUpdate() {
    assertThatThrownBy(() -> Serdes.FLOW_CHAIN_UPDATE.decode(Serdes.FLOW_BLOCK.encode(sealedBlock())))
        .isInstanceOf(SerializationException.class).hasMessageContaining("FlowChainUpdate");
  }

  @Test
  void shouldListTheFlowTopics() {
    assertThat(Topics.all()).contains(new Topics.Spec(Topics.FLOW_BLOCKS_RAW, 1), new Topics.Spec(Topics.FLOW_CHAIN, 1),
        new Topics.Spec(Topics.FLOW_EVENTS, Topics.KEYED_PARTITIONS));
  }
}
