package dev.blockwire.ingest.eth.node;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC 2.0 connection to an Ethereum node: one call at a time per caller, answered by its
 * {@code result}. Implementations: {@link HttpJsonRpc} (one POST per call) and
 * {@link WebSocketJsonRpc} (one socket, reconnected on demand, plus the newHeads subscription).
 */
interface JsonRpc extends AutoCloseable {

  /**
   * Calls {@code method} with positional {@code params} (Jackson-serialisable values).
   *
   * @return the {@code result} member; a JSON {@code null} when the node answered null; never Java null
   * @throws RpcErrorException when the node answered with an {@code error} object
   * @throws IOException when the node could not be reached, did not answer in time, or answered
   *     something that is not a JSON-RPC response
   */
  JsonNode call(String method, Object... params) throws IOException;

  /** Closes the connection; idempotent. */
  @Override
  void close();
}
