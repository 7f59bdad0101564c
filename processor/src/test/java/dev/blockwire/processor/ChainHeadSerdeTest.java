package dev.blockwire.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ChainHeadSerdeTest {

  private final ChainHeadSerde serde = new ChainHeadSerde();

  @Test
  void shouldRoundTripAChainHead() {
    final ChainHead head = new ChainHead(188_102_395L, "58Vpn2eSbXnb38L2YEHjdxVFbe8xxZwi65xzY4c3hFYx");
    final byte[] bytes = serde.serializer().serialize("t", head);
    assertThat(bytes).hasSize(1 + 8 + 44);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(head);
  }

  @Test
  void shouldPassNullThrough() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void shouldRejectBytesOfAnotherFormat() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessage("not a chain head (format 1), 3 bytes");
  }
}
