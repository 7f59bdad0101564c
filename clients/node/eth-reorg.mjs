#!/usr/bin/env node
// A real reorg, end to end: drives a real Ethereum node (ganache, see ganache-server.mjs) over
// JSON-RPC while ethers v6 listens to Blockwire's /eth gateway, which the Ethereum node source feeds.
//
//   node eth-reorg.mjs ws://127.0.0.1:8080/eth --rpc http://127.0.0.1:8545 [--timeout 120]
//
// 1. deploys a tiny contract whose every call emits `count` events Emitted(tag, index);
// 2. ethers subscribes to those events on the gateway (contract.on) and, for every log it receives,
//    to that log's orphan event ({orphan: "drop-log", log}: how ethers reports a removed log);
// 3. base: 2 blocks (tags 1, 2) and waits until ethers has them;
// 4. evm_snapshot; orphan branch: 3 blocks (tags 11, 12, 13) and waits until ethers has them;
// 5. evm_revert; new branch: 4 different blocks at the same heights and one more (tags 21..24), so
//    the new branch is the head; ganache emits no removed log: the source sees the parent hash change
//    and the processor produces the removals;
// 6. a marker block (tag 99); once ethers has it, everything before it has been delivered; then it
//    waits a little more for duplicates.
// Every event ethers delivers is recorded (added or removed, tag, index, block), in the order of its
// callback, together with the order in which its notification arrived on the socket. Exit 0 only when
// ethers saw exactly the expected sequence; the last line is `RESULT {json}` for EthNodeGanacheTest.

import { AbiCoder, Contract, WebSocketProvider, id as keccakText } from "ethers";
import { WebSocket } from "ws";

const EVENT_ABI = "event Emitted(uint256 indexed tag, uint256 index)";
const EVENT_TOPIC = keccakText("Emitted(uint256,uint256)");

// The contract, assembled by hand (no compiler needed). In Solidity it would be:
//
//   contract Emitter {
//     event Emitted(uint256 indexed tag, uint256 index);
//     fallback() external {
//       (uint256 tag, uint256 count) = abi.decode(msg.data, (uint256, uint256));
//       for (uint256 i = 0; i < count; i++) emit Emitted(tag, i);
//     }
//   }
//
// Runtime code (67 bytes; calldata = tag ‖ count, two 32-byte words):
//   00 PUSH1 0 CALLDATALOAD          tag
//   03 PUSH1 0x20 CALLDATALOAD       count
//   06 PUSH1 0                       i
//   08 JUMPDEST                      loop:
//   09 DUP2 DUP2 LT ISZERO PUSH1 0x41 JUMPI     if !(i < count) goto end
//   10 DUP1 PUSH1 0 MSTORE           mem[0..32] = i
//   14 DUP3 PUSH32 <topic0>          topic1 = tag, topic0 = keccak256("Emitted(uint256,uint256)")
//   36 PUSH1 0x20 PUSH1 0 LOG2       log(data = mem[0..32], topic0, topic1)
//   3b PUSH1 1 ADD PUSH1 0x08 JUMP   i++, goto loop
//   41 JUMPDEST STOP                 end:
// Init code (11 bytes): PUSH1 0x43 DUP1 PUSH1 0x0b PUSH1 0 CODECOPY PUSH1 0 RETURN.
const RUNTIME = "6000356020356000" + "5b" + "818110156041" + "57" + "80600052" + "82" + "7f" + EVENT_TOPIC.slice(2)
  + "60206000a2" + "600101600856" + "5b00";
const INIT = "0x6043" + "80" + "600b" + "6000" + "39" + "6000" + "f3" + RUNTIME;

const BASE = [[1, 2], [2, 1]];
const ORPHANED = [[11, 2], [12, 1], [13, 2]];
const NEW_BRANCH = [[21, 1], [22, 2], [23, 1], [24, 2]];
const MARKER = [[99, 1]];

function parseArgs(argv) {
  const options = { url: null, rpc: null, timeout: 120, settle: 1500 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith("--")) {
      const name = arg.slice(2);
      const value = argv[++i];
      if (!(name in options) || name === "url" || value === undefined) throw new Error(`unknown option: ${arg}`);
      options[name] = name === "rpc" ? value : Number(value);
    } else if (options.url === null) {
      options.url = arg;
    } else {
      throw new Error(`unexpected argument: ${arg}`);
    }
  }
  if (!/^wss?:\/\//.test(options.url ?? "") || !/^https?:\/\//.test(options.rpc ?? "")) {
    throw new Error("usage: node eth-reorg.mjs ws://GATEWAY/eth --rpc http://NODE [--timeout SECONDS]");
  }
  return options;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const keyOf = (blockHash, index, removed) => `${String(blockHash).toLowerCase()}#${Number(index)}#${removed === true}`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const deadline = started + options.timeout * 1000;
  const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  const errors = [];

  // --- the node, over plain JSON-RPC ---
  let rpcId = 0;
  const rpc = async (method, params = []) => {
    const response = await fetch(options.rpc, { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params }) });
    const body = await response.json();
    if (body.error) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
    return body.result;
  };
  const [from] = await rpc("eth_accounts");
  const deployTx = await rpc("eth_sendTransaction", [{ from, data: INIT, gas: "0x100000" }]);
  const deployed = await rpc("eth_getTransactionReceipt", [deployTx]);
  const address = deployed.contractAddress;
  log(`contract deployed at ${address} in block ${Number(deployed.blockNumber)}`);

  // Each [tag, count] is one transaction, mined at once in a block of its own.
  const mine = async (calls) => {
    const blocks = [];
    for (const [tag, count] of calls) {
      const data = AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [tag, count]);
      const tx = await rpc("eth_sendTransaction", [{ from, to: address, data, gas: "0x100000" }]);
      const receipt = await rpc("eth_getTransactionReceipt", [tx]);
      if (receipt.status !== "0x1" || receipt.logs.length !== count) {
        throw new Error(`tag ${tag}: status ${receipt.status}, ${receipt.logs.length} logs, expected ${count}`);
      }
      blocks.push({ tag, count, number: Number(receipt.blockNumber), hash: receipt.blockHash });
    }
    return blocks;
  };

  // --- ethers on the gateway; the socket's notifications are numbered as they arrive ---
  const wire = new Map(); // key -> arrival number of its notification
  let arrivals = 0;
  const socket = new WebSocket(options.url);
  socket.on("message", (data) => {
    const message = JSON.parse(String(data));
    const result = message?.params?.result;
    if (message.method === "eth_subscription" && result && result.logIndex !== undefined) {
      const key = keyOf(result.blockHash, Number(result.logIndex), result.removed);
      if (!wire.has(key)) wire.set(key, []);
      wire.get(key).push(++arrivals);
    }
  });
  const provider = new WebSocketProvider(socket);
  provider.on("error", (error) => errors.push(`ethers: ${error?.message ?? error}`));
  const network = await Promise.race([provider.getNetwork(), sleep(20_000).then(() => null)]);
  if (!network) throw new Error("ethers: no eth_chainId answer from the gateway within 20 s");
  log(`ethers connected to ${options.url}: chainId ${network.chainId}`);

  const events = []; // in callback order
  const record = (kind, tag, index, blockNumber, blockHash, logIndex) => {
    const key = keyOf(blockHash, logIndex, kind === "removed");
    events.push({ kind, tag: Number(tag), index: Number(index), blockNumber: Number(blockNumber),
      blockHash: blockHash.toLowerCase(), logIndex: Number(logIndex), wire: wire.get(key) ?? [] });
  };
  const contract = new Contract(address, [EVENT_ABI], provider);
  await contract.on("Emitted", (tag, index, payload) => {
    const event = payload.log;
    record("added", tag, index, event.blockNumber, event.blockHash, event.index);
    // ethers delivers a removed log only to the orphan event built from that log's JSON.
    provider.once({ orphan: "drop-log", log: { ...event.toJSON(), removed: true } }, (removed) => {
      const decoded = contract.interface.parseLog({ topics: removed.topics, data: removed.data });
      record("removed", decoded.args.tag, decoded.args.index, removed.blockNumber, removed.blockHash, removed.index);
    });
  });
  await sleep(300); // the eth_subscribe round trip
  log("ethers subscribed: contract.on(\"Emitted\") and an orphan listener per received log");

  const count = (kind) => events.filter((e) => e.kind === kind).length;
  const waitFor = async (what, condition) => {
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; ethers saw ${JSON.stringify(events)}`);
      await sleep(20);
    }
    log(`ethers saw ${what}`);
  };
  const logsOf = (calls) => calls.reduce((sum, [, n]) => sum + n, 0);

  const base = await mine(BASE);
  await waitFor(`the base blocks' ${logsOf(BASE)} logs`, () => count("added") >= logsOf(BASE));
  const snapshot = await rpc("evm_snapshot");
  const orphaned = await mine(ORPHANED);
  await waitFor(`the orphan-to-be blocks' ${logsOf(ORPHANED)} logs`,
    () => count("added") >= logsOf(BASE) + logsOf(ORPHANED));
  if ((await rpc("evm_revert", [snapshot])) !== true) throw new Error("evm_revert failed");
  const reverted = Number(await rpc("eth_blockNumber"));
  log(`evm_revert: the node's head is back at ${reverted}`);
  const branch = await mine(NEW_BRANCH);
  const marker = await mine(MARKER);
  const added = logsOf(BASE) + logsOf(ORPHANED) + logsOf(NEW_BRANCH) + logsOf(MARKER);
  await waitFor(`${logsOf(ORPHANED)} removed logs and ${added} added in all`,
    () => count("removed") >= logsOf(ORPHANED) && count("added") >= added);
  await sleep(options.settle); // anything more would be a duplicate

  // --- expectations ---
  const expected = [];
  const expect = (kind, blocks) => {
    for (const block of blocks) for (let i = 0; i < block.count; i++) expected.push({ kind, tag: block.tag, index: i });
  };
  expect("added", base);
  expect("added", orphaned);
  expect("removed", orphaned);
  expect("added", branch);
  expect("added", marker);
  const shape = (e) => `${e.kind} ${e.tag}/${e.index}`;
  const byWire = [...events].sort((a, b) => (a.wire[0] ?? Infinity) - (b.wire[0] ?? Infinity));
  const blockOf = new Map([...base, ...orphaned, ...branch, ...marker].map((b) => [b.tag, b]));
  const checks = [
    ["ethers callbacks in the expected order, each event once",
      JSON.stringify(events.map(shape)) === JSON.stringify(expected.map(shape))],
    ["socket notifications in the expected order, each once",
      JSON.stringify(byWire.map(shape)) === JSON.stringify(expected.map(shape))
        && events.every((e) => e.wire.length === 1)],
    ["every event carries its block (removed ones the orphaned block's hash and number)",
      events.every((e) => blockOf.get(e.tag)?.hash === e.blockHash && blockOf.get(e.tag)?.number === e.blockNumber)],
    ["the new branch replaced the orphaned heights and is one block longer",
      JSON.stringify(branch.map((b) => b.number)) === JSON.stringify([...orphaned.map((b) => b.number),
        orphaned[orphaned.length - 1].number + 1])
        && branch.every((b, i) => i >= orphaned.length || b.hash !== orphaned[i].hash)],
    ["no client errors", errors.length === 0],
  ];
  const ok = checks.every(([, met]) => met);
  for (const [what, met] of checks) console.log(`${met ? "OK     " : "MISSING"} ${what}`);
  console.log("RESULT " + JSON.stringify({
    ok, seconds: (Date.now() - started) / 1000, contract: address, chainId: network.chainId.toString(),
    base, orphaned, branch, marker, revertedTo: reverted, expected: expected.map(shape),
    events, errors,
  }));
  await Promise.race([provider.destroy(), sleep(2000)]);
  process.exit(ok ? 0 : 1);
}

function fatal(error) {
  console.log(`MISSING the scenario could not run: ${error?.stack ?? error}`);
  console.log("RESULT " + JSON.stringify({ ok: false, fatal: String(error?.message ?? error) }));
  process.exit(1);
}

process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);
main().catch(fatal);
