#!/usr/bin/env node
// Real Ethereum JS clients against a geth-compatible eth_subscribe endpoint (Blockwire's /eth):
// ethers v6 WebSocketProvider and viem's webSocket transport must receive new blocks, the fixture
// token's Transfer events, and the reorged transfers again as removed logs.
//
//   node eth-clients.mjs ws://127.0.0.1:8080/eth [--token 0x…] [--blocks 20] [--transfers 10]
//                        [--removed 4] [--timeout 90]
//
// Exit 0 only when every expectation is met within the timeout; otherwise print what is missing and
// exit 1. The last line of output is `RESULT {json}` with every count, for EthClientsNodeTest.
//
// How each library shows a removed log (read in their 6.17.0 / 2.x sources):
// - ethers: AbstractProvider.emit() never hands a log with removed:true to the event's listeners
//   (contract.on / provider.on(filter)); it re-routes it to an *orphan* subscription
//   {orphan:"drop-log", log} whose tag is built from the removed log's JSON (Log.toJSON(): _type,
//   address, blockHash, blockNumber, data, index, removed, topics, transactionHash, transactionIndex).
//   There is no catch-all "orphan" event name. So for every Transfer received we listen for that
//   log's orphan event. Log.removedEvent() builds a filter without _type/removed/transactionIndex,
//   whose tag cannot equal the emitted one; we register it too and report how often it fired.
// - viem: watchContractEvent / watchEvent pass every log of the subscription to onLogs, a removed
//   one with `removed: true` (formatLog keeps the field).

import { Contract, WebSocketProvider } from "ethers";
import { createPublicClient, parseAbiItem, webSocket } from "viem";

const TRANSFER_ABI = "event Transfer(address indexed from, address indexed to, uint256 value)";
const TRANSFER_EVENT = parseAbiItem(TRANSFER_ABI);

function parseArgs(argv) {
  const options = {
    url: null,
    token: "0x6ea7767a76954f0e850eb97f652a7038899f4762", // the built-in Ethereum fixture's BWT token
    blocks: 20,
    transfers: 10,
    removed: 4,
    timeout: 90,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith("--")) {
      const name = arg.slice(2);
      const value = argv[++i];
      if (!(name in options) || value === undefined) {
        throw new Error(`unknown option or missing value: ${arg}`);
      }
      options[name] = name === "token" ? value.toLowerCase() : Number(value);
      if (name !== "token" && !(options[name] >= 0)) {
        throw new Error(`${arg} needs a number >= 0, got ${value}`);
      }
    } else if (options.url === null) {
      options.url = arg;
    } else {
      throw new Error(`unexpected argument: ${arg}`);
    }
  }
  if (!options.url || !/^wss?:\/\//.test(options.url)) {
    throw new Error("usage: node eth-clients.mjs ws://HOST:PORT/eth [--token 0x…] [--blocks N] [--transfers N] "
      + "[--removed N] [--timeout SECONDS]");
  }
  return options;
}

/** The identity of a log across add and remove: its block and its position in it. */
const logKey = (blockHash, index) => `${String(blockHash).toLowerCase()}#${Number(index)}`;

/** Block numbers seen by one listener: count, distinct, first, last, backward steps (reorgs). */
class Heights {
  constructor() { this.all = []; }
  add(n) { this.all.push(Number(n)); }
  get count() { return this.all.length; }
  get distinct() { return new Set(this.all).size; }
  get backSteps() {
    let steps = 0;
    for (let i = 1; i < this.all.length; i++) if (this.all[i] <= this.all[i - 1]) steps++;
    return steps;
  }
  get increasing() { return this.all.length >= 2 && this.all[this.all.length - 1] > this.all[0]; }
  summary() {
    return { count: this.count, distinct: this.distinct, first: this.all[0] ?? null,
      last: this.all[this.all.length - 1] ?? null, backSteps: this.backSteps };
  }
}

/** Transfers seen by one listener: added ones by identity, and removals of them. */
class Transfers {
  constructor() {
    this.added = new Map(); // key -> {txHash, blockNumber}
    this.addedCount = 0;
    this.removedCount = 0;
    this.removedMatched = 0; // removals of a transfer this listener had received as added
    this.badArgs = 0;
    this.wrongAddress = 0;
  }
  add(key, txHash, blockNumber) { this.addedCount++; this.added.set(key, { txHash, blockNumber }); }
  remove(key) { this.removedCount++; if (this.added.has(key)) this.removedMatched++; }
  summary() {
    return { transfers: this.addedCount, removed: this.removedCount, removedMatched: this.removedMatched,
      badArgs: this.badArgs, wrongAddress: this.wrongAddress };
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const errors = [];
  let stopping = false;
  const recordError = (who) => (error) => {
    if (!stopping) errors.push(`${who}: ${error?.shortMessage ?? error?.message ?? String(error)}`);
  };
  const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

  // --- ethers v6 ---
  const ethers = { blocks: new Heights(), transfers: new Transfers(), orphanByToJson: 0, orphanByRemovedEvent: 0,
    network: null };
  const provider = new WebSocketProvider(options.url);
  provider.on("error", recordError("ethers"));
  const network = await withTimeout(provider.getNetwork(), 20_000, "ethers: eth_chainId (network detection)");
  ethers.network = { chainId: network.chainId.toString(), name: network.name };
  log(`ethers connected: chainId ${network.chainId}`);

  await provider.on("block", (number) => ethers.blocks.add(number));
  const token = new Contract(options.token, [TRANSFER_ABI], provider);
  const orphanSeen = new Set();
  await token.on("Transfer", (from, to, value, payload) => {
    const event = payload.log;
    if (event.address.toLowerCase() !== options.token) ethers.transfers.wrongAddress++;
    if (typeof from !== "string" || typeof to !== "string" || typeof value !== "bigint") ethers.transfers.badArgs++;
    const key = logKey(event.blockHash, event.index);
    ethers.transfers.add(key, event.transactionHash, event.blockNumber);
    const onOrphan = (mechanism) => (removedLog) => {
      if (mechanism === "toJSON") ethers.orphanByToJson++; else ethers.orphanByRemovedEvent++;
      if (removedLog?.removed !== true) ethers.transfers.badArgs++;
      if (!orphanSeen.has(key)) {
        orphanSeen.add(key);
        ethers.transfers.remove(key);
      }
    };
    // The filter ethers builds for the removed log itself (see the header comment).
    provider.once({ orphan: "drop-log", log: { ...event.toJSON(), removed: true } }, onOrphan("toJSON"));
    // ethers' own helper, for the record.
    provider.once(event.removedEvent(), onOrphan("removedEvent"));
  });
  log("ethers subscribed: block, Transfer (+ orphan per received log)");

  // --- viem ---
  const viem = { blockNumbers: new Heights(), blocks: new Heights(), blocksUnavailable: 0,
    contractEvent: new Transfers(), event: new Transfers() };
  const client = createPublicClient({ transport: webSocket(options.url, { retryCount: 0 }) });
  const unwatch = [];
  unwatch.push(client.watchBlockNumber({ onBlockNumber: (n) => viem.blockNumbers.add(n), onError: recordError("viem watchBlockNumber") }));
  unwatch.push(client.watchBlocks({
    onBlock: (block) => {
      if (block && block.hash && block.number != null) viem.blocks.add(block.number); else viem.blocksUnavailable++;
    },
    onError: recordError("viem watchBlocks"),
  }));
  const onViemLogs = (into) => (logs) => {
    for (const l of logs) {
      if (l.address.toLowerCase() !== options.token) into.wrongAddress++;
      const key = logKey(l.blockHash, l.logIndex);
      if (l.removed === true) {
        into.remove(key);
      } else {
        if (l.eventName !== "Transfer" || typeof l.args?.value !== "bigint") into.badArgs++;
        into.add(key, l.transactionHash, l.blockNumber);
      }
    }
  };
  unwatch.push(client.watchContractEvent({ address: options.token, abi: [TRANSFER_EVENT], eventName: "Transfer",
    onLogs: onViemLogs(viem.contractEvent), onError: recordError("viem watchContractEvent") }));
  unwatch.push(client.watchEvent({ address: options.token, event: TRANSFER_EVENT,
    onLogs: onViemLogs(viem.event), onError: recordError("viem watchEvent") }));
  log("viem subscribed: watchBlockNumber, watchBlocks, watchContractEvent, watchEvent");

  // --- expectations ---
  const heightsOk = (h) => h.count >= options.blocks && h.distinct >= Math.min(options.blocks, 2) && h.increasing;
  const expectations = () => [
    [`ethers provider.on("block"): >= ${options.blocks} increasing block numbers`, heightsOk(ethers.blocks),
      ethers.blocks.summary()],
    [`ethers contract.on("Transfer"): >= ${options.transfers} decoded transfers of ${options.token}`,
      ethers.transfers.addedCount >= options.transfers && ethers.transfers.badArgs === 0
        && ethers.transfers.wrongAddress === 0, ethers.transfers.summary()],
    [`ethers orphan events: >= ${options.removed} received transfers removed (removed: true)`,
      ethers.transfers.removedMatched >= options.removed,
      { removedMatched: ethers.transfers.removedMatched, byToJsonFilter: ethers.orphanByToJson,
        byRemovedEventFilter: ethers.orphanByRemovedEvent }],
    [`viem watchBlockNumber: >= ${options.blocks} increasing block numbers`, heightsOk(viem.blockNumbers),
      viem.blockNumbers.summary()],
    [`viem watchBlocks: >= ${options.blocks} blocks (newHeads + eth_getBlockByNumber)`,
      heightsOk(viem.blocks), { ...viem.blocks.summary(), unavailable: viem.blocksUnavailable }],
    ...[["watchContractEvent", viem.contractEvent], ["watchEvent", viem.event]].map(([name, t]) => [
      `viem ${name}: >= ${options.transfers} transfers and >= ${options.removed} of them again with removed: true`,
      t.addedCount >= options.transfers && t.removedMatched >= options.removed && t.badArgs === 0
        && t.wrongAddress === 0, t.summary()]),
    ["no client errors", errors.length === 0, { errors: errors.slice(0, 10) }],
  ];

  const deadline = started + options.timeout * 1000;
  let lastReport = 0;
  while (Date.now() < deadline && !expectations().every(([, ok]) => ok)) {
    if (errors.length > 0) break; // a protocol error will not heal
    if (Date.now() - lastReport >= 5000) {
      lastReport = Date.now();
      log(`ethers blocks ${ethers.blocks.count}, transfers ${ethers.transfers.addedCount}, orphans `
        + `${ethers.transfers.removedMatched}; viem numbers ${viem.blockNumbers.count}, blocks ${viem.blocks.count}, `
        + `contract logs ${viem.contractEvent.addedCount}/-${viem.contractEvent.removedMatched}, `
        + `event logs ${viem.event.addedCount}/-${viem.event.removedMatched}`);
    }
    await sleep(100);
  }

  const results = expectations();
  const ok = results.every(([, met]) => met);
  stopping = true;
  for (const [what, met, detail] of results) {
    console.log(`${met ? "OK     " : "MISSING"} ${what}  ${JSON.stringify(detail, bigints)}`);
  }
  console.log(ok ? `all expectations met in ${((Date.now() - started) / 1000).toFixed(1)}s`
    : `expectations not met within ${options.timeout}s`);
  console.log("RESULT " + JSON.stringify({
    ok,
    seconds: (Date.now() - started) / 1000,
    ethers: { network: ethers.network, blocks: ethers.blocks.summary(), ...ethers.transfers.summary(),
      orphanByToJsonFilter: ethers.orphanByToJson, orphanByRemovedEventFilter: ethers.orphanByRemovedEvent },
    viem: { blockNumbers: viem.blockNumbers.summary(), blocks: { ...viem.blocks.summary(), unavailable: viem.blocksUnavailable },
      watchContractEvent: viem.contractEvent.summary(), watchEvent: viem.event.summary() },
    errors,
  }, bigints));

  for (const stop of unwatch) stop();
  await Promise.race([provider.destroy(), sleep(2000)]);
  await Promise.race([client.transport.getRpcClient?.().then((c) => c.close()), sleep(2000)]).catch(() => {});
  process.exit(ok ? 0 : 1);
}

function bigints(key, value) {
  return typeof value === "bigint" ? value.toString() : value;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function withTimeout(promise, ms, what) {
  return Promise.race([promise, sleep(ms).then(() => { throw new Error(`${what}: no answer within ${ms} ms`); })]);
}

function fatal(error) {
  console.log(`MISSING the clients could not run: ${error?.stack ?? error}`);
  console.log("RESULT " + JSON.stringify({ ok: false, fatal: String(error?.message ?? error) }));
  process.exit(1);
}

// e.g. ECONNREFUSED or "Unexpected server response: 404" from the ws package, thrown outside main()
process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);
main().catch(fatal);
