package dev.blockwire.processor.eth;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.blockwire.processor.ChainHead;
import dev.blockwire.schemas.eth.EthChainBlock;

/** {@link ChainStore} on plain maps, for testing {@link CanonicalChain} without Kafka. Counts writes. */
final class MapChainStore implements ChainStore {

  private final Map<String, ChainHead> heads = new HashMap<>();
  private final Map<String, TreeMap<Long, String>> canonical = new HashMap<>();
  private final Map<String, TreeMap<Long, Map<String, EthChainBlock>>> blocks = new HashMap<>();
  private int writes;

  @Override
  public ChainHead head(String network) {
    return heads.get(network);
  }

  @Override
  public void putHead(String network, ChainHead head) {
    writes++;
    heads.put(network, head);
  }

  @Override
  public String canonicalHash(String network, long height) {
    return canonical.getOrDefault(network, new TreeMap<>()).get(height);
  }

  @Override
  public void putCanonical(String network, long height, String hash) {
    writes++;
    canonical.computeIfAbsent(network, n -> new TreeMap<>()).put(height, hash);
  }

  @Override
  public void deleteCanonical(String network, long height) {
    writes++;
    canonical.getOrDefault(network, new TreeMap<>()).remove(height);
  }

  @Override
  public EthChainBlock block(String network, long height, String hash) {
    return blocks.getOrDefault(network, new TreeMap<>()).getOrDefault(height, Map.of()).get(hash);
  }

  @Override
  public void putBlock(String network, EthChainBlock block) {
    writes++;
    blocks.computeIfAbsent(network, n -> new TreeMap<>())
        .computeIfAbsent(block.getHeader().getNumber(), h -> new HashMap<>())
        .put(block.getHeader().getHash(), block);
  }

  @Override
  public void pruneBelow(String network, long height) {
    writes++;
    canonical.getOrDefault(network, new TreeMap<>()).headMap(height).clear();
    blocks.getOrDefault(network, new TreeMap<>()).headMap(height).clear();
  }

  int writes() {
    return writes;
  }

  /** Kept heights of the network's canonical chain, lowest first. */
  Map<Long, String> canonical(String network) {
    return canonical.getOrDefault(network, new TreeMap<>());
  }

  /** Kept blocks of the network, canonical or not. */
  int blockCount(String network) {
    return blocks.getOrDefault(network, new TreeMap<>()).values().stream().mapToInt(Map::size).sum();
  }
}
