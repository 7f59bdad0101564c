package dev.blockwire.bench.fanout;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

import dev.blockwire.ingest.load.EthLoadChain;
import dev.blockwire.ingest.load.NearLoadChain;
import dev.blockwire.ingest.load.Zipf;

/**
 * Which dialect and subscription connection {@code i} of the harness has (deterministic from the
 * seed). Out of every 20 connections: 6 NEAR snake ({@code /ws}), 3 NEAR camel
 * ({@code /ws?format=camel}), 6 Ethereum ({@code /eth}), 5 Flow ({@code /v1/ws}).
 *
 * <ul>
 *   <li>NEAR: 1% match everything ({@code {}}), the others one to three contracts ({@code account_id}),
 *       picked by interest (Zipf 0.8 over the generator's contracts: popular contracts have more followers).
 *   <li>Ethereum: 10% {@code newHeads}, 1% every log, the others ERC-20 {@code Transfer}s of one to
 *       three contracts.
 *   <li>Flow: 80% {@code events} of one to three event types picked by popularity (Zipf 0.8 over
 *       {@link #FLOW_EVENT_TYPES}), 2% every event ({@code events} with no filter), 18%
 *       {@code block_digests} (half finalized, half sealed).
 * </ul>
 */
public final class ClientMix {

  public static final String DESCRIPTION = "30% NEAR snake, 15% NEAR camel, 30% Ethereum, 25% Flow; NEAR: 1% match"
      + " everything, the rest 1-3 contracts by popularity; Ethereum: 10% newHeads, 1% every log, the rest Transfers of"
      + " 1-3 contracts; Flow: 80% `events` of 1-3 event types by popularity, 2% every event, 18% `block_digests`"
      + " (half finalized, half sealed)";

  /** The Flow load chain's event types, most frequent first. */
  static final String[] FLOW_EVENT_TYPES = {"A.1654653399040a61.FlowToken.TokensDeposited",
      "A.1654653399040a61.FlowToken.TokensWithdrawn", "A.f919ee77447b7497.FlowFees.FeesDeducted",
      "A.0b2a3299cc857e29.TopShot.Deposit", "A.0b2a3299cc857e29.TopShot.Withdraw", "flow.AccountCreated",
      "flow.AccountKeyAdded"};

  private final SplittableRandom random;
  private final Zipf nearInterest = new Zipf(NearLoadChain.CONTRACTS, 0.8);
  private final Zipf ethInterest = new Zipf(EthLoadChain.CONTRACTS, 0.8);
  private final Zipf flowInterest = new Zipf(FLOW_EVENT_TYPES.length, 0.8);

  public ClientMix(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The protocol of connection {@code i}; call with i = 0, 1, 2, ... in order. */
  public ClientProtocol connection(int i) {
    final int slot = i % 20;
    if (slot < 9) {
      return new NearClient("bench-" + i, nearFilter(), slot >= 6);
    }
    if (slot < 15) {
      return new EthClient(ethParams());
    }
    return flow(i);
  }

  private String nearFilter() {
    if (random.nextInt(100) < 1) {
      return "{}";
    }
    final int count = 1 + random.nextInt(3);
    final StringBuilder out = new StringBuilder("[");
    for (int k = 0; k < count; k++) {
      out.append(k == 0 ? "" : ",").append("{\"account_id\":\"").append(NearLoadChain.contract(nearInterest.sample(random)))
          .append("\"}");
    }
    return out.append(']').toString();
  }

  private String ethParams() {
    final int pick = random.nextInt(100);
    if (pick < 10) {
      return "[\"newHeads\"]";
    }
    if (pick < 11) {
      return "[\"logs\",{}]";
    }
    final int count = 1 + random.nextInt(3);
    final StringBuilder out = new StringBuilder("[\"logs\",{\"address\":[");
    for (int k = 0; k < count; k++) {
      out.append(k == 0 ? "" : ",").append('"').append(EthLoadChain.contract(ethInterest.sample(random))).append('"');
    }
    return out.append("],\"topics\":[\"").append(EthLoadChain.TRANSFER).append("\"]}]").toString();
  }

  private ClientProtocol flow(int i) {
    final String id = "b" + i;
    final int pick = random.nextInt(100);
    if (pick < 18) {
      final boolean sealed = pick < 9;
      return new FlowClient(id, "block_digests", "{\"block_status\":\"" + (sealed ? "sealed" : "finalized") + "\"}", sealed);
    }
    if (pick < 20) {
      return new FlowClient(id, "events", "{}", true);
    }
    final int count = 1 + random.nextInt(3);
    final Set<String> types = new LinkedHashSet<>();
    for (int k = 0; k < count; k++) {
      types.add(FLOW_EVENT_TYPES[flowInterest.sample(random)]);
    }
    return new FlowClient(id, "events", "{\"event_types\":[\"" + String.join("\",\"", types) + "\"]}", true);
  }
}
