package dev.blockwire.bench;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockwire.processor.near.Nep297Parser;
import dev.blockwire.processor.near.Nep297Result;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NEP-297 extraction and validation of one log line against the floor of JSON work: a plain
 * Jackson tree parse of the same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Nep297ParseBenchmark {

  /** Real mainnet lines (spec §6): an NFT mint, an FT transfer, and the long dip4 mt_withdraw. */
  @Param({"nft_mint", "ft_transfer", "mt_withdraw"})
  public String line;

  private static final String NFT_MINT = "EVENT_JSON:{\"standard\":\"nep171\",\"version\":\"1.2.0\",\"event\":\"nft_mint\","
      + "\"data\":[{\"owner_id\":\"thickpuma7542.near\",\"token_ids\":[\"thickpuma7542.near\"],\"memo\":\"\"}]}";
  private static final String FT_TRANSFER = "EVENT_JSON:{\"standard\":\"nep141\",\"version\":\"1.0.0\",\"event\":\"ft_transfer\","
      + "\"data\":[{\"old_owner_id\":\"reward-sweatmint.near\",\"new_owner_id\":\"lenguyenwin.near\","
      + "\"amount\":\"1191983510958904109589\",\"memo\":\"STAKING CONTRACT RELEASE REWARD\"}]}";
  private static final String MT_WITHDRAW = "EVENT_JSON:{\"standard\":\"dip4\",\"version\":\"0.3.0\",\"event\":\"mt_withdraw\","
      + "\"data\":[{\"intent_hash\":\"DaqjLUF4BMwGPWpYgJbrymGzpb8H82spkTjuapdL8JGX\",\"account_id\":"
      + "\"69307005629debbd360f5a567fe151a96d3d67082bfbe175273ff784e094927f\",\"token\":\"v2_1.omni.hot.tg\","
      + "\"receiver_id\":\"bridge-refuel.hot.tg\",\"token_ids\":[\"56_11111111111111111111\"],\"amounts\":[\"2541550816890741\"],"
      + "\"msg\":\"{\\\"receiver_id\\\":\\\"2EXw7ycP6tb4Yyqm6WQxTF1zsLwR\\\",\\\"amount_native\\\":\\\"13000000000000\\\","
      + "\\\"block_number\\\":95193999}\",\"min_gas\":\"91300000000000\"}]}";

  private final Nep297Parser parser = new Nep297Parser();
  private final ObjectMapper mapper = new ObjectMapper();
  private String text;
  private String json;

  @Setup
  public void setUp() {
    text = switch (line) {
      case "nft_mint" -> NFT_MINT;
      case "ft_transfer" -> FT_TRANSFER;
      default -> MT_WITHDRAW;
    };
    json = text.substring("EVENT_JSON:".length());
    if (!(parser.parse(text) instanceof Nep297Result.Valid)) {
      throw new IllegalStateException("benchmark input is not a valid event: " + line);
    }
  }

  @Benchmark
  public Nep297Result nep297ExtractAndValidate() {
    return parser.parse(text);
  }

  @Benchmark
  public JsonNode jacksonReadTreeFloor() throws Exception {
    return mapper.readTree(json);
  }
}
