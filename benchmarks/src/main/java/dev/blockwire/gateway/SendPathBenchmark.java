package dev.blockwire.gateway;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.blockwire.gateway.near.NearCodec;
import dev.blockwire.gateway.near.NearEventView;
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

/**
 * The gateway's per-connection work for one NEAR live batch of two events (about 1.2 KB), from
 * the events' shared rendering to the frame bytes handed to the socket: as text
 * ({@code NearCodec.batch} into a String, then {@code String.getBytes} and a copy into the frame,
 * the send path before the UTF-8 parts) and as UTF-8 parts (the events' bytes, encoded once per
 * event, copied once into the frame). Both produce the same bytes (checked in the setup).
 *
 * <p>In the gateway's package because the frame writer is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SendPathBenchmark {

  private static final String SECRET = "\"ohyeahnftsss-7f3a9c\"";

  private List<NearEventView> events;
  private List<String> eventJsons;
  private byte[] head;

  @Setup
  public void setUp() {
    events = List.of(event(0, "alice.near"), event(1, "bob.near"));
    eventJsons = events.stream().map(event -> event.json(NearFormat.SNAKE)).toList();
    head = NearCodec.batchHead(SECRET);
    if (!java.util.Arrays.equals(asText(), asParts())) {
      throw new IllegalStateException("the two send paths differ");
    }
  }

  private static NearEventView event(int logIndex, String owner) {
    final String json = "{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\",\"data\":[{\"owner_id\":\""
        + owner + "\",\"token_ids\":[\"40216\",\"40217\",\"40218\"],\"memo\":\"minted from the Blockwire load profile,"
        + " a memo of a realistic length for a marketplace mint\"}]}";
    return new NearEventView(NearEvent.newBuilder()
        .setNetwork("near-mainnet").setBlockHeight(188102483L).setBlockHash("EcTiDoXtbfSdHSi3THNyGQQrDGBoVmqLf7M8AjQaKzLD")
        .setBlockTimestampNanos(1795441001470378827L).setBlockEpochId("HNtNK757HCfEb5zBBYCihD2Mg3axPKxgiYdcwbHzSxyN")
        .setShardId(2).setReceiptIndex(0).setReceiptId("Ah1ChRQUEgxnzPue5LivTevcf4ELP1aVJ978za1bq2h7")
        .setTxHash("HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS").setSignerId(owner).setSignerPublicKey("ed25519:abc")
        .setPredecessorId("nearapps.near").setAccountId("nft.nearapps.near").setStatus(NearExecutionStatus.SUCCESS)
        .setLogIndex(logIndex).setStandard("nep171").setVersion("1.0.0").setEvent("nft_mint").setEventJson(json)
        .build());
  }

  /** Before: the batch as a String, encoded and copied into the frame. */
  @Benchmark
  public byte[] asText() {
    return TextFrameWriter.frame(NearCodec.batch(SECRET, eventJsons, null, null));
  }

  /** After: the batch as UTF-8 parts, copied once into the frame. */
  @Benchmark
  public byte[] asParts() {
    return TextFrameWriter.frames(new Utf8Message[] {NearCodec.batch(head, events, NearFormat.SNAKE, null, null)}, 1);
  }
}
