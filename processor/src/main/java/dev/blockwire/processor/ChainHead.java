package dev.blockwire.processor;

import java.util.Objects;

/**
 * The last block processed for one network: the value of the per-network chain-head stores.
 *
 * @param height block height
 * @param hash block hash; never null
 */
public record ChainHead(long height, String hash) {

  public ChainHead {
    Objects.requireNonNull(hash, "hash");
  }
}
