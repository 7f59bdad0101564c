// A real @onflow/fcl client against Blockwire's Flow WebSocket Stream API.
// Usage: node fcl-events.mjs <base-url> <start-height> <event-count> <tx-id>
// Subscribes with fcl.events({eventTypes, startBlockHeight}).subscribe(...) until <event-count> events
// arrived, and follows <tx-id> with fcl.tx(id).subscribe(...) until it is sealed. Prints one line per
// event ("EVENT height txId txIndex eventIndex type amount") and per transaction status ("TX status"),
// then "DONE". Exits 0 on success, 1 on any error or after 60 s.
import * as fcl from "@onflow/fcl";

const [base, startHeight, eventCount, txId] = process.argv.slice(2);
if (!base || !startHeight || !eventCount || !txId) {
  console.error("usage: node fcl-events.mjs <base-url> <start-height> <event-count> <tx-id>");
  process.exit(2);
}
const timer = setTimeout(() => {
  console.error("TIMEOUT after 60 s");
  process.exit(1);
}, 60_000);

fcl.config().put("accessNode.api", base);

const fail = (where) => (error) => {
  console.error(`ERROR ${where}: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
};

const events = new Promise((resolve, reject) => {
  let seen = 0;
  const unsubscribe = fcl.events({
    eventTypes: [
      "A.1654653399040a61.FlowToken.TokensWithdrawn",
      "A.1654653399040a61.FlowToken.TokensDeposited",
    ],
    startBlockHeight: Number(startHeight),
  }).subscribe((event) => {
    console.log(`EVENT ${event.blockHeight} ${event.transactionId} ${event.transactionIndex} ${event.eventIndex} `
      + `${event.type} ${event.data.amount}`);
    if (++seen === Number(eventCount)) {
      unsubscribe();
      resolve();
    }
  }, reject);
});

const sealed = new Promise((resolve, reject) => {
  const unsubscribe = fcl.tx(txId).subscribe((status) => {
    console.log(`TX ${status.statusString} ${status.status} ${status.statusCode} ${status.events.length}`);
    if (status.status === 4) {
      unsubscribe();
      resolve();
    }
  }, reject);
});

try {
  await events;
  await sealed;
  console.log("DONE");
  clearTimeout(timer);
  process.exit(0);
} catch (error) {
  fail("subscription")(error);
}
