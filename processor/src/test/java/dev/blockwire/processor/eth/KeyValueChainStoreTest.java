package dev.blockwire.processor.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.processor.ChainHeadSerde;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.eth.EthChainBlock;

/** The store encoding: keys sort by network then height, and pruning touches one network below one height. */
class KeyValueChainStoreTest {

  private final MockProcessorContext<SpecificRecord, SpecificRecord> context =
      new MockProcessorContext<>(ProcessorConfig.defaults().streamsProperties());
  private final KeyValueStore<String, ChainHead> heads = init(Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore(EthChainTopology.HEAD_STORE), Serdes.String(), new ChainHeadSerde())
      .withLoggingDisabled().build());
  private final KeyValueStore<Bytes, String> canonical = init(Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore(EthChainTopology.CANONICAL_STORE), Serdes.Bytes(), Serdes.String())
      .withLoggingDisabled().build());
  private final KeyValueStore<Bytes, EthChainBlock> blocks = init(Stores.keyValueStoreBuilder(
      Stores.inMemoryKeyValueStore(EthChainTopology.BLOCKS_STORE), Serdes.Bytes(), AvroSerde.of(EthChainBlock.class))
      .withLoggingDisabled().build());
  private final KeyValueChainStore store = new KeyValueChainStore(heads, canonical, blocks);

  @Test
  void shouldSortKeysByNetworkThenHeightThenHash() {
    assertThat(KeyValueChainStore.heightKey("eth", 255)).isLessThan(KeyValueChainStore.heightKey("eth", 256));
    assertThat(KeyValueChainStore.heightKey("eth", 21_000_000L))
        .isLessThan(KeyValueChainStore.heightKey("eth-x", 0));
    assertThat(KeyValueChainStore.heightKey("eth", 7)).isLessThan(KeyValueChainStore.blockKey("eth", 7, "0x00"));
    assertThat(KeyValueChainStore.blockKey("eth", 7, "0xff")).isLessThan(KeyValueChainStore.heightKey("eth", 8));
    assertThatThrownBy(() -> KeyValueChainStore.heightKey("eth", -1)).hasMessage("negative height -1");
  }

  @Test
  void shouldPruneOnlyTheGivenNetworkBelowTheGivenHeight() {
    for (String network : List.of("eth", "eth-x", "et")) {
      for (long height = 250; height <= 260; height++) {
        store.putCanonical(network, height, "0xc" + height);
        store.putBlock(network, chainBlock(height, "0xa" + height));
        store.putBlock(network, chainBlock(height, "0xb" + height));
      }
    }

    store.pruneBelow("eth", 256);

    assertThat(store.canonicalHash("eth", 255)).isNull();
    assertThat(store.canonicalHash("eth", 256)).isEqualTo("0xc256");
    assertThat(store.block("eth", 255, "0xb255")).isNull();
    assertThat(store.block("eth", 256, "0xa256")).isNotNull();
    assertThat(count(canonical)).isEqualTo(5 + 11 + 11);
    assertThat(count(blocks)).isEqualTo(10 + 22 + 22);
    assertThat(store.block("eth-x", 250, "0xb250").getHeader().getHash()).isEqualTo("0xb250");
    assertThat(store.canonicalHash("et", 250)).isEqualTo("0xc250");
  }

  @Test
  void shouldPruneNothingBelowHeightZero() {
    store.putCanonical("eth", 0, "0xgenesis");

    store.pruneBelow("eth", 0);
    store.pruneBelow("eth", -5);

    assertThat(store.canonicalHash("eth", 0)).isEqualTo("0xgenesis");
  }

  private static EthChainBlock chainBlock(long height, String hash) {
    return new EthChainBlock(dev.blockwire.schemas.eth.EthHeader.newBuilder(EthTestData.header("x", "y", height, 1_700_000_000L))
        .setHash(hash).build(), List.of(), List.of());
  }

  private <K, V> KeyValueStore<K, V> init(KeyValueStore<K, V> kv) {
    kv.init(context.getStateStoreContext(), kv);
    return kv;
  }

  private static <K, V> int count(KeyValueStore<K, V> kv) {
    final List<K> keys = new ArrayList<>();
    try (KeyValueIterator<K, V> all = kv.all()) {
      all.forEachRemaining(e -> keys.add(e.key));
    }
    return keys.size();
  }
}
