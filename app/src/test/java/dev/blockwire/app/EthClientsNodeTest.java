package dev.blockwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.config.Config;
import dev.blockwire.ingest.eth.EthFixtureChain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Ethereum JS clients against the whole system: the Ethereum fixture source (10 blocks/s, two
 * reorgs per 4 s pass), the processor's canonical chain and the gateway's {@code /eth} endpoint on the
 * embedded broker. {@code clients/node/eth-clients.mjs} runs ethers v6 {@code WebSocketProvider} and
 * viem's {@code webSocket} transport and exits 0 only when both received blocks, the fixture token's
 * transfers, and reorged transfers again as removed logs (ethers: orphan events).
 *
 * <p>Needs Node.js 20+ and npm on the PATH (CI has them): without them the test fails, it does not
 * skip. The npm packages are installed under {@code clients/node} ({@code npm ci}, never globally)
 * when they are missing ({@link NodeScripts}).
 */
class EthClientsNodeTest {

  private static final Logger LOG = LoggerFactory.getLogger(EthClientsNodeTest.class);
  private static final int SCRIPT_TIMEOUT_SECONDS = 120;
  private static final Duration SCRIPT_WAIT = Duration.ofSeconds(SCRIPT_TIMEOUT_SECONDS + 60);
  private static final int BLOCKS = 30;
  private static final int TRANSFERS = 20;
  private static final int REMOVED = 8;

  @TempDir
  static Path dataDir;
  static LocalStack stack;

  @BeforeAll
  static void installClientsAndStartTheSystem() throws Exception {
    NodeScripts.requireClients("EthClientsNodeTest", "ethers", "viem");
    stack = LocalStack.start(Config.defaults()
            .with("gateway.port", "0")
            .with("ingest.eth-fixture.blocks-per-second", "10"),
        true, dataDir, 0, LocalStack.Sources.ETH_ONLY);
  }

  @AfterAll
  static void stopTheSystem() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldServeBlocksTransfersAndRemovedTransfersToEthersAndViem() throws Exception {
    final String url = stack.websocketUrl() + "/eth";
    final NodeScripts.Result script = NodeScripts.run(List.of("node", "eth-clients.mjs", url,
        "--token", EthFixtureChain.DEFAULT_TOKEN,
        "--blocks", Integer.toString(BLOCKS),
        "--transfers", Integer.toString(TRANSFERS),
        "--removed", Integer.toString(REMOVED),
        "--timeout", Integer.toString(SCRIPT_TIMEOUT_SECONDS)), SCRIPT_WAIT);
    LOG.info("eth-clients.mjs against {} (exit {}):\n{}", url, script.exit(), script.output());

    assertThat(script.exit()).as("eth-clients.mjs exit code; its output:%n%s", script.output()).isZero();
    final JsonNode result = NodeScripts.result(script.output());
    assertThat(result.get("ok").asBoolean()).isTrue();
    assertThat(result.get("errors")).isEmpty();

    final JsonNode ethers = result.get("ethers");
    assertThat(ethers.get("network").get("chainId").asText()).isEqualTo("1");
    assertThat(ethers.get("blocks").get("count").asInt()).isGreaterThanOrEqualTo(BLOCKS);
    assertThat(ethers.get("blocks").get("last").asLong()).isGreaterThan(ethers.get("blocks").get("first").asLong());
    assertThat(ethers.get("transfers").asInt()).isGreaterThanOrEqualTo(TRANSFERS);
    assertThat(ethers.get("removedMatched").asInt()).as("orphan events").isGreaterThanOrEqualTo(REMOVED);
    assertThat(ethers.get("badArgs").asInt()).isZero();
    assertThat(ethers.get("wrongAddress").asInt()).isZero();

    final JsonNode viem = result.get("viem");
    assertThat(viem.get("blockNumbers").get("count").asInt()).isGreaterThanOrEqualTo(BLOCKS);
    assertThat(viem.get("blocks").get("count").asInt()).isGreaterThanOrEqualTo(BLOCKS);
    for (String watch : List.of("watchContractEvent", "watchEvent")) {
      assertThat(viem.get(watch).get("transfers").asInt()).as(watch).isGreaterThanOrEqualTo(TRANSFERS);
      assertThat(viem.get(watch).get("removedMatched").asInt()).as(watch + " removed: true")
          .isGreaterThanOrEqualTo(REMOVED);
      assertThat(viem.get(watch).get("badArgs").asInt()).as(watch).isZero();
    }
  }
}
