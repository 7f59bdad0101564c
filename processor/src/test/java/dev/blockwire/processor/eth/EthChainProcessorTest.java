package dev.blockwire.processor.eth;

import static dev.blockwire.processor.eth.EthTestData.BASE;
import static dev.blockwire.processor.eth.EthTestData.NETWORK;
import static dev.blockwire.processor.eth.EthTestData.block;
import static dev.blockwire.processor.eth.EthTestData.chain;
import static dev.blockwire.processor.eth.EthTestData.hash;
import static dev.blockwire.processor.eth.EthTestData.usual;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.processor.ChainHeadSerde;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;

/** The processor alone, on {@link MockProcessorContext}: what it forwards to which sink, and its failure path. */
class EthChainProcessorTest {

  private final MockProcessorContext<SpecificRecord, SpecificRecord> context =
      new MockProcessorContext<>(ProcessorConfig.defaults().streamsProperties());
  private final KeyValueStore<String, ChainHead> heads = Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore(EthChainTopology.HEAD_STORE), Serdes.String(), new ChainHeadSerde())
      .withLoggingDisabled().build();
  private final KeyValueStore<Bytes, String> canonical = Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore(EthChainTopology.CANONICAL_STORE), Serdes.Bytes(), Serdes.String())
      .withLoggingDisabled().build();
  private final KeyValueStore<Bytes, EthChainBlock> blocks = Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore(EthChainTopology.BLOCKS_STORE), Serdes.Bytes(), AvroSerde.of(EthChainBlock.class))
      .withLoggingDisabled().build();
  private EthChainProcessor processor;

  @BeforeEach
  void initProcessor() {
    for (KeyValueStore<?, ?> store : List.of(heads, canonical, blocks)) {
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    processor = new EthChainProcessor(3);
    processor.init(context);
  }

  @Test
  void shouldRejectAWindowDepthBelowOne() {
    assertThatThrownBy(() -> new EthChainProcessor(0)).hasMessage("windowDepth must be at least 1: 0");
  }

  @Test
  void shouldForwardTheUpdateThenItsLogsToTheSinksByName() {
    final List<EthBlock> a = chain("A", 1, 2, "A0");
    processBlock(a.get(0), 0);
    context.resetForwards();

    processBlock(a.get(1), 1);

    assertThat(context.forwarded()).extracting(f -> f.childName().orElseThrow()).containsExactly(
        EthChainTopology.CHAIN_SINK, EthChainTopology.LOGS_SINK, EthChainTopology.LOGS_SINK);
    assertThat(context.forwarded().get(0).record().key()).isEqualTo(new NetworkKey(NETWORK));
    assertThat(((EthChainUpdate) context.forwarded().get(0).record().value()).getHeadHash()).isEqualTo(hash("A2"));
    assertThat(heads.get(NETWORK)).isEqualTo(new ChainHead(BASE + 2, hash("A2")));
  }

  @Test
  void shouldDeadLetterAProcessingErrorAndLeaveTheChainAsItWas() {
    chain("A", 1, 3, "A0").forEach(b -> processBlock(b, b.getHeader().getNumber() - BASE - 1));
    blocks.delete(KeyValueChainStore.blockKey(NETWORK, BASE + 3, hash("A3"))); // the window loses a canonical block
    context.resetForwards();
    final EthBlock b3 = block("B3", "A2", 3, usual("B3"));

    processBlock(b3, 41);

    assertThat(context.forwarded()).hasSize(1);
    assertThat(context.forwarded().get(0).childName()).contains(EthChainTopology.DEAD_LETTERS_SINK);
    final DeadLetter deadLetter = (DeadLetter) context.forwarded().get(0).record().value();
    assertThat(deadLetter.getCode()).isEqualTo("processing_error");
    assertThat(deadLetter.getReason()).isEqualTo("deciding the block's place in the chain failed:"
        + " java.lang.IllegalStateException: the window of eth-mainnet has no canonical block at height "
        + (BASE + 3) + " below its head (canonical hash " + hash("A3") + ")");
    assertThat(deadLetter.getSourceOffset()).isEqualTo(41L);
    assertThat(deadLetter.getBlockHeight()).isEqualTo(BASE + 3);
    assertThat(heads.get(NETWORK)).isEqualTo(new ChainHead(BASE + 3, hash("A3")));
    assertThat(canonical.get(KeyValueChainStore.heightKey(NETWORK, BASE + 3))).isEqualTo(hash("A3"));
    assertThat(blocks.get(KeyValueChainStore.blockKey(NETWORK, BASE + 3, hash("B3")))).isNull();
  }

  @Test
  void shouldDeadLetterARecordFromATopicItDoesNotRead() {
    context.setRecordMetadata("near.blocks.raw", 0, 5L);

    processor.process(new Record<>(new byte[] {1}, new byte[] {2}, 1_000L));

    final DeadLetter deadLetter = (DeadLetter) context.forwarded(EthChainTopology.DEAD_LETTERS_SINK).get(0)
        .record().value();
    assertThat(deadLetter.getCode()).isEqualTo("undecodable_record");
    assertThat(deadLetter.getReason())
        .isEqualTo("a record from topic \"near.blocks.raw\", which the Ethereum processor does not read");
  }

  private void processBlock(EthBlock block, long offset) {
    context.setRecordMetadata(Topics.ETH_BLOCKS_RAW, 0, offset);
    processor.process(new Record<>(dev.blockwire.schemas.Serdes.NETWORK_KEY.encode(new NetworkKey(NETWORK)),
        dev.blockwire.schemas.Serdes.ETH_BLOCK.encode(block), block.getHeader().getTimestamp() * 1000L));
  }
}
