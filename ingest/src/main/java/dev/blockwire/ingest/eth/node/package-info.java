/**
 * The Ethereum node source: follows a JSON-RPC node and writes its blocks with their logs to
 * {@code eth.blocks.raw} in chain order.
 *
 * <ul>
 *   <li>{@link dev.blockwire.ingest.eth.node.EthNodeSource}: the source (thread, retries, node-down
 *       reports, resume from the topic), configured by {@link dev.blockwire.ingest.eth.node.EthNodeConfig}
 *       ({@code ingest.eth.*});
 *   <li>{@code ChainFollower}: what to write for a new head (gap by number, reorg by parent hash), pure
 *       logic on an {@code EthNode} and a {@code BlockSink};
 *   <li>{@code RpcEthNode} over {@code JsonRpc}: {@code HttpJsonRpc} (polling) or
 *       {@code WebSocketJsonRpc} (newHeads, reconnecting), both on the JDK's {@code java.net.http};
 *   <li>{@code KafkaBlockSink}: idempotent, {@code acks=all}, one flushed record per block.
 * </ul>
 */
package dev.blockwire.ingest.eth.node;
