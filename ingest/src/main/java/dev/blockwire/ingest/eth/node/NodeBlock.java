package dev.blockwire.ingest.eth.node;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A block as the node served it ({@code eth_getBlockByHash/ByNumber(…, false)}), with the three
 * fields the follower navigates by already read.
 *
 * @param number the block number
 * @param hash the block hash, lowercase hex; never null
 * @param parentHash the parent's hash; never null
 * @param json the whole block object, converted by {@code GethBlocks} when written; never null
 */
record NodeBlock(long number, String hash, String parentHash, JsonNode json) {

  NodeBlock {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(parentHash, "parentHash");
    Objects.requireNonNull(json, "json");
  }

  @Override
  public String toString() {
    return number + " (" + hash + ")";
  }
}
