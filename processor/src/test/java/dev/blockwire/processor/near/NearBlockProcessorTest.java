package dev.blockwire.processor.near;

import static dev.blockwire.processor.near.NearTestData.NETWORK;
import static dev.blockwire.processor.near.NearTestData.block;
import static dev.blockwire.processor.near.NearTestData.fixture;
import static dev.blockwire.processor.near.NearTestData.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.processor.ChainHeadSerde;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.processor.near.NearEventExtractor.Extraction;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearBlockEvents;

/** The processor alone, on {@link MockProcessorContext}: what it forwards to which child. */
class NearBlockProcessorTest {

  private final MockProcessorContext<SpecificRecord, Object> context =
      new MockProcessorContext<>(ProcessorConfig.defaults().streamsProperties());
  private final KeyValueStore<String, ChainHead> heads = Stores.keyValueStoreBuilder(
          Stores.inMemoryKeyValueStore(NearEventsTopology.CHAIN_HEAD_STORE),
          org.apache.kafka.common.serialization.Serdes.String(), new ChainHeadSerde())
      .withLoggingDisabled()
      .build();

  private NearBlockProcessor processor(Function<NearBlock, Extraction> extractor) {
    heads.init(context.getStateStoreContext(), heads);
    context.addStateStore(heads);
    context.setRecordMetadata("near.blocks.raw", 2, 41L);
    final NearBlockProcessor processor = new NearBlockProcessor(extractor);
    processor.init(context);
    return processor;
  }

  @Test
  void shouldForwardToTheDeadLetterEventAndBlockSinksByName() {
    final NearBlockProcessor processor = processor(new NearEventExtractor(new Nep297Parser())::extract);

    processor.process(record(block(100, outcome("r1", "sbt.honeybot.near", "EVENT_JSON:[]", fixture("F1_NFT_MINT")))));

    assertThat(context.forwarded()).extracting(f -> f.childName().orElseThrow()).containsExactly(
        NearEventsTopology.DEAD_LETTERS_SINK, NearEventsTopology.EVENTS_SINK, NearEventsTopology.BLOCKS_SINK);
    final DeadLetter deadLetter = (DeadLetter) context.forwarded(NearEventsTopology.DEAD_LETTERS_SINK).get(0)
        .record().value();
    assertThat(deadLetter.getSourcePartition()).isEqualTo(2);
    assertThat(deadLetter.getSourceOffset()).isEqualTo(41L);
    assertThat(deadLetter.getLocation()).isEqualTo("receipt r1 log 0");
    assertThat(heads.get(NETWORK)).isEqualTo(new ChainHead(100, "hash-100"));
    // Event and block values leave encoded, as their sinks' topics hold them.
    final NearBlockEvents expected = new NearEventExtractor(new Nep297Parser())
        .extract(block(100, outcome("r1", "sbt.honeybot.near", "EVENT_JSON:[]", fixture("F1_NFT_MINT"))))
        .blockEvents();
    final byte[] event = (byte[]) context.forwarded(NearEventsTopology.EVENTS_SINK).get(0).record().value();
    assertThat(Serdes.NEAR_EVENT.decode(event)).isEqualTo(expected.getEvents().get(0));
    final byte[] blockValue = (byte[]) context.forwarded(NearEventsTopology.BLOCKS_SINK).get(0).record().value();
    assertThat(blockValue).isEqualTo(Serdes.NEAR_BLOCK_EVENTS.encode(expected));
  }

  @Test
  void shouldDeadLetterTheWholeBlockWhenExtractionFails() {
    final NearBlockProcessor processor = processor(block -> {
      throw new IllegalStateException("boom");
    });
    final Record<byte[], byte[]> record = record(block(100));

    processor.process(record);

    assertThat(context.forwarded()).hasSize(1);
    final CapturedForward<? extends SpecificRecord, ?> forward = context.forwarded().get(0);
    assertThat(forward.childName()).isEqualTo(Optional.of(NearEventsTopology.DEAD_LETTERS_SINK));
    assertThat(forward.record().key()).isEqualTo(new NetworkKey(NETWORK));
    assertThat(forward.record().value()).isEqualTo(DeadLetter.newBuilder()
        .setSourceTopic("near.blocks.raw")
        .setSourcePartition(2)
        .setSourceOffset(41L)
        .setSourceTimestampMs(7L)
        .setCode("processing_error")
        .setReason("extracting the events failed: java.lang.IllegalStateException: boom")
        .setNetwork(NETWORK)
        .setBlockHeight(100L)
        .setLocation(null)
        .setPayload(ByteBuffer.wrap(record.value()))
        .build());
    assertThat(heads.get(NETWORK)).isNull();
  }

  private static Record<byte[], byte[]> record(NearBlock block) {
    return new Record<>(Serdes.NETWORK_KEY.encode(new NetworkKey(block.getNetwork())), Serdes.NEAR_BLOCK.encode(block),
        7L);
  }
}
