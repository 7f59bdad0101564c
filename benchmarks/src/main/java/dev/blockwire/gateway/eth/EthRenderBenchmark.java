package dev.blockwire.gateway.eth;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockwire.ingest.load.EthLoadChain;
import dev.blockwire.ingest.load.LoadProfile;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;
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
 * The gateway's geth encoding of one log ({@code types.Log} as geth marshals it, rendered once per
 * log and shared by every subscriber) and one header (the {@code newHeads} payload), against the
 * floor of JSON work on the same bytes: a plain Jackson tree parse, and a Jackson write of the
 * same tree. Inputs are blocks of the load generator (an ERC-20 Transfer, LOG3).
 *
 * <p>In the gateway's package because the rendering classes are package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EthRenderBenchmark {

  private final ObjectMapper mapper = new ObjectMapper();
  private EthLog log;
  private EthHeader header;
  private String logJson;
  private String headJson;
  private JsonNode logTree;
  private JsonNode headTree;

  @Setup
  public void setUp() throws Exception {
    final EthLoadChain chain = new EthLoadChain(LoadProfile.eth(0, 50, 0, 0, 1, 0));
    final EthBlock block = chain.next();
    chain.stampTime(block, 1_772_645_711_000_000_000L);
    log = block.getLogs().stream().filter(l -> l.getTopics().size() == 3
        && l.getTopics().get(0).equals(EthLoadChain.TRANSFER)).findFirst().orElseThrow();
    header = block.getHeader();
    logJson = EthLogView.of(log, null).json();
    headJson = EthJson.newHead(header, GethVersion.V1_17);
    logTree = mapper.readTree(logJson);
    headTree = mapper.readTree(headJson);
    if (!List.of(logJson.length(), headJson.length()).stream().allMatch(n -> n > 100)) {
      throw new IllegalStateException("unexpected benchmark input");
    }
  }

  /** One log rendered as geth does (the per-log work of the consumer thread). */
  @Benchmark
  public EthLogView gethLogEncode() {
    return EthLogView.of(log, null);
  }

  @Benchmark
  public JsonNode jacksonReadTreeLogFloor() throws Exception {
    return mapper.readTree(logJson);
  }

  @Benchmark
  public String jacksonWriteLogFloor() throws Exception {
    return mapper.writeValueAsString(logTree);
  }

  /** One header rendered as geth's newHeads payload (v1.17 field set). */
  @Benchmark
  public String gethHeaderEncode() {
    return EthJson.newHead(header, GethVersion.V1_17);
  }

  @Benchmark
  public JsonNode jacksonReadTreeHeaderFloor() throws Exception {
    return mapper.readTree(headJson);
  }

  @Benchmark
  public String jacksonWriteHeaderFloor() throws Exception {
    return mapper.writeValueAsString(headTree);
  }
}
