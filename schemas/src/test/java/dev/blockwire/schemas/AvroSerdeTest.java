package dev.blockwire.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearExecutionStatus;
import dev.blockwire.schemas.near.NearReceiptOutcome;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private static NearBlock block() {
    return NearBlock.newBuilder()
        .setNetwork("near-mainnet").setHeight(124099140L).setHash("h1").setPrevHash("h0")
        .setTimestampNanos(1722521008924147927L).setEpochId("e1")
        .setOutcomes(List.of(NearReceiptOutcome.newBuilder()
            .setReceiptId("r1").setPredecessorId("p.near").setReceiverId("c.near")
            .setShardId(3).setStatus(NearExecutionStatus.FAILURE)
            .setLogs(List.of("EVENT_JSON:{}", "hello")).build()))
        .build();
  }

  @Test
  void shouldRoundTripWithSingleObjectEncoding() {
    final byte[] bytes = Serdes.NEAR_BLOCK.encode(block());
    // Avro single-object encoding starts with the marker C3 01 followed by the schema fingerprint.
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(Serdes.NEAR_BLOCK.decode(bytes)).isEqualTo(block());
  }

  @Test
  void shouldRejectBytesOfAnotherSchema() {
    final byte[] key = Serdes.NETWORK_KEY.encode(new NetworkKey("near-mainnet"));
    assertThatThrownBy(() -> Serdes.NEAR_BLOCK.decode(key))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("NearBlock");
  }

  @Test
  void shouldRejectGarbage() {
    assertThatThrownBy(() -> Serdes.NEAR_BLOCK.decode("not avro".getBytes()))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldPassNullThroughForTombstones() {
    assertThat(Serdes.NEAR_BLOCK.serializer().serialize("t", null)).isNull();
    assertThat(Serdes.NEAR_BLOCK.deserializer().deserialize("t", null)).isNull();
  }
}
