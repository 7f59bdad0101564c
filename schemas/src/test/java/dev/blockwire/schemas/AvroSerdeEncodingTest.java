package dev.blockwire.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearExecutionStatus;

/**
 * {@link AvroSerde} writes with the generated classes' own coders into a reused buffer: its bytes
 * must be exactly those of Avro's {@code BinaryMessageEncoder} on the class's model (the encoding
 * used before), for every record type, and decode back to equal records.
 */
class AvroSerdeEncodingTest {

  @Test
  void shouldEncodeEveryRecordTypeAsAvrosMessageEncoderDoes() throws Exception {
    final List<AvroSerde<?>> serdes = allSerdes();
    assertThat(serdes).hasSizeGreaterThanOrEqualTo(15);
    for (AvroSerde<?> serde : serdes) {
      final SpecificData model = SpecificData.getForClass(serde.type());
      int checked = 0;
      for (Object datum : new RandomData(model, model.getSchema(serde.type()), 40, 7L)) {
        assertSameEncoding(serde, (SpecificRecord) datum);
        checked++;
      }
      assertThat(checked).as(serde.type().getSimpleName()).isEqualTo(40);
    }
  }

  @Test
  void shouldEncodeNonAsciiTextNullsAndLargeRecordsAsBefore() throws Exception {
    final List<NearEvent> events = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) { // about 1.2 MB: past the size of the kept buffer
      events.add(event(i, i % 3 == 0 ? null : "tx-é" + i,
          "{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\",\"data\":[{\"memo\":\"日本語 ✓ 😀 ä\"}]}"));
    }
    final NearBlockEvents block = NearBlockEvents.newBuilder()
        .setNetwork("near-mainnet").setBlockHeight(124_766_310L).setBlockHash("h€sh").setPrevHash("")
        .setBlockTimestampNanos(1_722_521_008_924_147_927L).setBlockEpochId("epoch-7").setEvents(events).build();
    assertSameEncoding(Serdes.NEAR_BLOCK_EVENTS, block);
    assertSameEncoding(Serdes.NEAR_EVENT, events.get(0));
    assertSameEncoding(Serdes.NEAR_EVENT, events.get(1));
    assertSameEncoding(Serdes.NEAR_BLOCK_EVENTS, NearBlockEvents.newBuilder(block).setEvents(List.of()).build());
  }

  @Test
  void shouldEncodeCorrectlyAfterAFailedEncode() throws Exception {
    final NearEvent good = event(1, "tx", "{\"standard\":\"s\",\"version\":\"1\",\"event\":\"e\"}");
    final NearEvent broken = event(2, "tx", "{}");
    broken.setEventJson(null); // a required string left null: the write fails half-way
    assertThatThrownBy(() -> Serdes.NEAR_EVENT.encode(broken)).isInstanceOf(RuntimeException.class);
    assertSameEncoding(Serdes.NEAR_EVENT, good);
  }

  private static NearEvent event(int i, String txHash, String json) {
    return NearEvent.newBuilder()
        .setNetwork("near-mainnet").setBlockHeight(124_766_310L).setBlockHash("hash").setBlockTimestampNanos(i)
        .setBlockEpochId("epoch").setShardId(i % 6).setReceiptIndex(i).setReceiptId("receipt-" + i)
        .setTxHash(txHash).setSignerId(i % 2 == 0 ? null : "signer.near").setSignerPublicKey(null)
        .setPredecessorId("ünïcode.near").setAccountId("contract-" + (i % 7) + ".near")
        .setStatus(i % 5 == 0 ? NearExecutionStatus.FAILURE : NearExecutionStatus.SUCCESS)
        .setLogIndex(i % 4).setStandard("nep171").setVersion("1.0.0").setEvent("nft_mint").setEventJson(json)
        .build();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void assertSameEncoding(AvroSerde serde, SpecificRecord record) throws Exception {
    final SpecificData model = SpecificData.getForClass(serde.type());
    final BinaryMessageEncoder avro = new BinaryMessageEncoder<>(model, model.getSchema(serde.type()));
    final ByteBuffer expected = avro.encode(record);
    final byte[] expectedBytes = new byte[expected.remaining()];
    expected.get(expectedBytes);
    final byte[] actual = serde.encode(record);
    assertThat(actual).as(serde.type().getSimpleName()).isEqualTo(expectedBytes);
    assertThat(serde.decode(actual)).as(serde.type().getSimpleName()).isEqualTo(record);
  }

  private static List<AvroSerde<?>> allSerdes() throws IllegalAccessException {
    final List<AvroSerde<?>> serdes = new ArrayList<>();
    for (Field field : Serdes.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == AvroSerde.class) {
        serdes.add((AvroSerde<?>) field.get(null));
      }
    }
    return serdes;
  }
}
