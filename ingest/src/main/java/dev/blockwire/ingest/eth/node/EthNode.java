package dev.blockwire.ingest.eth.node;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the {@link ChainFollower} asks of an Ethereum node. {@link RpcEthNode} answers over JSON-RPC;
 * tests use an in-memory chain.
 *
 * <p>Every method may throw {@link IOException} (node unreachable, timeout, error answer): the
 * caller retries. A node that no longer has a block (a reorg while the follower walks) answers empty,
 * not an exception.
 */
interface EthNode {

  /** The node's current head block ({@code eth_getBlockByNumber("latest", false)}). */
  NodeBlock head() throws IOException;

  /** The block at a height on the node's current chain, or empty if the chain is not that high. */
  Optional<NodeBlock> blockByNumber(long number) throws IOException;

  /** The block with this hash, or empty if the node does not have it (any more). */
  Optional<NodeBlock> blockByHash(String hash) throws IOException;

  /** The logs of a block ({@code eth_getLogs({"blockHash": hash})}): a JSON array, in log order. */
  JsonNode logs(String blockHash) throws IOException;
}
