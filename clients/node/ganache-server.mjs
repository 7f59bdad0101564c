#!/usr/bin/env node
// A real Ethereum JSON-RPC node for tests: ganache 7.9.2 in this process, on 127.0.0.1 only, HTTP and
// websocket (eth_subscribe) on one port, deterministic accounts, each transaction mined at once in its
// own block (instamine "eager"), evm_snapshot / evm_revert / evm_mine for reorgs.
//
//   node ganache-server.mjs --port 8545 [--chain-id 1337]
//
// Prints `LISTENING <port> <chainId> <first account>` once it serves. Stops on SIGINT/SIGTERM, and
// when its standard input closes (so it never outlives the test JVM that started it).

import ganache from "ganache";

function parseArgs(argv) {
  const options = { port: 8545, "chain-id": 1337 };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    const value = Number(argv[++i]);
    if (!(name in options) || !Number.isInteger(value) || value < 0) {
      throw new Error(`usage: node ganache-server.mjs --port PORT [--chain-id ID] (bad ${argv[i - 1]} ${argv[i]})`);
    }
    options[name] = value;
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const server = ganache.server({
  logging: { quiet: true },
  wallet: { deterministic: true, totalAccounts: 2 },
  chain: { chainId: options["chain-id"] },
  miner: { instamine: "eager", blockTime: 0 },
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  await Promise.race([server.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 2000))]);
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
process.stdin.on("end", () => stop(0));
process.stdin.on("error", () => stop(0));
process.stdin.resume();

try {
  await server.listen(options.port, "127.0.0.1");
  const [account] = await server.provider.request({ method: "eth_accounts", params: [] });
  console.log(`LISTENING ${options.port} ${options["chain-id"]} ${account}`);
} catch (error) {
  console.log(`FAILED ${error?.message ?? error}`);
  await stop(1);
}
