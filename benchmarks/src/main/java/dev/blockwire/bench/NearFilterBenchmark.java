package dev.blockwire.bench;

import java.util.concurrent.TimeUnit;

import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.near.NearEventView;
import dev.blockwire.gateway.near.NearFilter;
import dev.blockwire.gateway.near.NearFormat;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearExecutionStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The gateway's per-subscriber work for one NEAR event: filter match, and rendering it once. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NearFilterBenchmark {

  private NearEvent event;
  private NearEventView view;
  private NearFilter documentedExample;
  private NearFilter nestedDataOwner;

  @Setup
  public void setUp() throws Exception {
    event = NearEvent.newBuilder().setNetwork("near-mainnet").setBlockHeight(124099140L)
        .setBlockHash("6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU").setBlockTimestampNanos(1722521008924147927L)
        .setBlockEpochId("epoch").setShardId(2).setReceiptIndex(0).setReceiptId("ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh")
        .setPredecessorId("nearapps.near").setAccountId("nft.nearapps.near").setStatus(NearExecutionStatus.SUCCESS)
        .setLogIndex(0).setStandard("nep171").setVersion("1.0.0").setEvent("nft_mint")
        .setEventJson("{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\",\"data\":[{\"owner_id\":"
            + "\"frostbite.near\",\"token_ids\":[\"40211\"],\"memo\":\"\"}]}")
        .build();
    view = new NearEventView(event);
    documentedExample = new NearFilter(Json.MAPPER.readTree("[{\"account_id\":\"nft.nearapps.near\",\"status\":\"SUCCESS\","
        + "\"event\":{\"standard\":\"nep171\",\"event\":\"nft_mint\"}}]"));
    nestedDataOwner = new NearFilter(Json.MAPPER.readTree("{\"event\":{\"data\":[{\"owner_id\":\"someone-else.near\"}]}}"));
  }

  @Benchmark
  public boolean matchDocumentedExample() {
    return documentedExample.matches(view, NearFormat.SNAKE);
  }

  @Benchmark
  public boolean missNestedDataOwner() {
    return nestedDataOwner.matches(view, NearFormat.SNAKE);
  }

  /** Building the view (parses event_json once) and rendering the snake form once: per event, not per subscriber. */
  @Benchmark
  public String viewAndRenderOnce() {
    return new NearEventView(event).json(NearFormat.SNAKE);
  }
}
