package dev.blockwire.processor.eth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.schemas.eth.EthChainBlock;

/**
 * {@link ChainStore} on three Kafka Streams key-value stores (see {@link EthChainTopology}):
 *
 * <ul>
 *   <li>heads: network → {@link ChainHead};
 *   <li>canonical: (network, height) → canonical hash;
 *   <li>blocks: (network, height, hash) → {@link EthChainBlock}, canonical and side blocks alike.
 * </ul>
 *
 * <p>Keys of the two height-indexed stores sort by network, then height: the network's UTF-8
 * bytes with a 4-byte length in front (so {@code eth} and {@code eth-x} never interleave), the
 * height as 8 bytes big-endian (heights are never negative), then for blocks the hash in UTF-8.
 * Byte-wise order is height order, so pruning is one range scan from height 0 to the floor.
 */
final class KeyValueChainStore implements ChainStore {

  /** Sorts after every hash byte (UTF-8 never contains 0xFF): closes a range over one height. */
  private static final byte AFTER_ANY_HASH = (byte) 0xFF;

  private final KeyValueStore<String, ChainHead> heads;
  private final KeyValueStore<Bytes, String> canonical;
  private final KeyValueStore<Bytes, EthChainBlock> blocks;

  KeyValueChainStore(KeyValueStore<String, ChainHead> heads, KeyValueStore<Bytes, String> canonical,
      KeyValueStore<Bytes, EthChainBlock> blocks) {
    this.heads = Objects.requireNonNull(heads);
    this.canonical = Objects.requireNonNull(canonical);
    this.blocks = Objects.requireNonNull(blocks);
  }

  @Override
  public ChainHead head(String network) {
    return heads.get(network);
  }

  @Override
  public void putHead(String network, ChainHead head) {
    heads.put(network, head);
  }

  @Override
  public String canonicalHash(String network, long height) {
    return canonical.get(heightKey(network, height));
  }

  @Override
  public void putCanonical(String network, long height, String hash) {
    canonical.put(heightKey(network, height), hash);
  }

  @Override
  public void deleteCanonical(String network, long height) {
    canonical.delete(heightKey(network, height));
  }

  @Override
  public EthChainBlock block(String network, long height, String hash) {
    return blocks.get(blockKey(network, height, hash));
  }

  @Override
  public void putBlock(String network, EthChainBlock block) {
    blocks.put(blockKey(network, block.getHeader().getNumber(), block.getHeader().getHash()), block);
  }

  @Override
  public void pruneBelow(String network, long height) {
    if (height <= 0) {
      return;
    }
    final Bytes from = heightKey(network, 0);
    deleteAll(canonical, from, heightKey(network, height - 1));
    deleteAll(blocks, from, afterHeight(network, height - 1));
  }

  /** Deletes every key in [from, to]; collects first so no iterator is open while deleting. */
  private static <V> void deleteAll(KeyValueStore<Bytes, V> store, Bytes from, Bytes to) {
    final List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, V> range = store.range(from, to)) {
      while (range.hasNext()) {
        final KeyValue<Bytes, V> entry = range.next();
        keys.add(entry.key);
      }
    }
    keys.forEach(store::delete);
  }

  /** (network, height): the canonical store's key, and the prefix of every block key at that height. */
  static Bytes heightKey(String network, long height) {
    return Bytes.wrap(heightPrefix(network, height, 0).array());
  }

  /** (network, height, hash): the blocks store's key. */
  static Bytes blockKey(String network, long height, String hash) {
    final byte[] hashBytes = hash.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(heightPrefix(network, height, hashBytes.length).put(hashBytes).array());
  }

  /** Greater than every block key at {@code height}, smaller than every key above it. */
  private static Bytes afterHeight(String network, long height) {
    return Bytes.wrap(heightPrefix(network, height, 1).put(AFTER_ANY_HASH).array());
  }

  private static ByteBuffer heightPrefix(String network, long height, int extra) {
    if (height < 0) {
      throw new IllegalArgumentException("negative height " + height);
    }
    final byte[] name = network.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Integer.BYTES + name.length + Long.BYTES + extra)
        .putInt(name.length)
        .put(name)
        .putLong(height);
  }
}
