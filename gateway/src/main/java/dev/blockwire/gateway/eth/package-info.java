/**
 * The Ethereum dialect: geth's JSON-RPC {@code eth_subscribe} over websocket on {@code /eth}
 * (and {@code /} when the NEAR dialect is off), to the byte (see shared/spec/eth-pubsub.md).
 *
 * <h2>Classes</h2>
 * <ul>
 *   <li>{@link dev.blockwire.gateway.eth.EthEndpoint}: the Tyrus endpoint; decodes each message on
 *       the websocket thread, size limit (1009), pings, Origin check, 1000 on shutdown.</li>
 *   <li>{@code EthCodec}, {@code EthMessage}, {@code EthArgs}, {@code RpcError}: the wire, on
 *       {@link dev.blockwire.gateway.gojson.GoJson} (shared with the Flow dialect), which reproduces
 *       Go's decoder (syntax error texts, the first value of a message only, raw id spans, U+FFFD for
 *       invalid UTF-8) and Go's string encoders ({@code json.Marshal} with HTML escaping for error
 *       messages, {@code %q} for subscription names).</li>
 *   <li>{@link dev.blockwire.gateway.eth.EthFeed}: the Kafka consumer thread (decodes and renders every
 *       header and log once) and the dispatch thread, which owns {@code EthChain} (the canonical
 *       window and retained logs), every subscription and every request ({@code EthRpc}).</li>
 *   <li>{@code EthSession}, {@code EthSubscription}: one connection and one subscription;
 *       {@code EthNotice}: one notification before it is addressed (result JSON and chain position).</li>
 * </ul>
 *
 * <h2>Choices where the spec leaves room</h2>
 * <ul>
 *   <li>Requests of one connection are answered in order (geth may reorder single requests).</li>
 *   <li>A message that ends inside a JSON value (or is empty) is, as in geth, not a syntax error:
 *       the socket is closed with no JSON-RPC reply. Both that and a -32700 close with 1007.</li>
 *   <li>Overflow of the per-connection queue (replies count too) closes with 1008
 *       {@code too many buffered notifications}; read limit 1009 {@code Too big.}; a missing pong
 *       1001 {@code pong timeout}.</li>
 *   <li>{@code newPendingTransactions} is accepted and silent (no pending-transaction feed);
 *       {@code transactionReceipts} is not served ({@code no "transactionReceipts" subscription}).</li>
 *   <li>{@code eth_getBlockBy*}: RPCMarshalBlock with sorted keys, transaction hashes, {@code uncles:[]};
 *       no {@code size} or {@code withdrawals} (not in the chain records); full transaction objects
 *       are refused (-32000). {@code finalized}/{@code safe} are the configured depths below the head;
 *       {@code earliest} is the oldest block in the window; {@code pending} is null; a number below
 *       the window is 4444 {@code pruned history unavailable}.</li>
 *   <li>{@code eth_getLogs} covers the retained logs (older: 4444) and returns at most
 *       {@code gateway.eth.get-logs-max-results} logs (-32005, as hosted providers answer).</li>
 *   <li>Extensions are opt-in per request: a trailing JSON object after geth's arguments
 *       ({@code replay}, {@code withCursor}, {@code cursor}; for newHeads also {@code fromBlock}) or
 *       the name {@code finalizedHeads}; anything geth rejects that is not such an object is
 *       rejected exactly as geth does.</li>
 *   <li>Cursors ({@code EthCursor}) name a notification by chain position: a log by block number,
 *       block hash, log index and whether it was the removal; a header by number and hash. A resume
 *       replays {@code EthJournal}, the notifications of the most recent updates in the order they
 *       were sent (window and retained-log bounds; rebuilt from the topic at start-up), from just
 *       after the latest notification the cursor names, so it gets exactly what it would have got
 *       live, reorg removals included. A cursor the journal does not hold is resumed from the
 *       topic ({@code EthArchive}: its own {@code EthNotifier} over a chain rebuilt from the records
 *       before the cursor, then the journal after the last record it read); its subscribe answer
 *       waits for that read, so such an answer can follow later requests' answers. At most
 *       {@code gateway.eth.max-topic-resumes} reads at once. {@code cursor} with {@code replay} is
 *       refused (-32602).</li>
 * </ul>
 */
package dev.blockwire.gateway.eth;
