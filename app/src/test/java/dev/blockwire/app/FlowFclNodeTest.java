package dev.blockwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.blockwire.config.Config;
import dev.blockwire.gateway.Json;
import dev.blockwire.ingest.flow.FlowAccessBlocks;
import dev.blockwire.ingest.flow.FlowFixture;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client in CI: @onflow/fcl 1.21.11 (clients/node-flow) with the gateway as its access
 * node subscribes to the fixture's FlowToken events with {@code fcl.events(...).subscribe} from the
 * first fixture height and follows a fixture transaction with {@code fcl.tx(id).subscribe} to sealed,
 * over the whole system (fixture source, processor, gateway) on the embedded broker.
 */
class FlowFclNodeTest {

  static final Duration WAIT = Duration.ofSeconds(120);
  static final Path CLIENT = Path.of("..", "clients", "node-flow").toAbsolutePath().normalize();
  static final List<String> TYPES = List.of("A.1654653399040a61.FlowToken.TokensWithdrawn",
      "A.1654653399040a61.FlowToken.TokensDeposited");

  @TempDir
  static Path dataDir;
  static LocalStack stack;
  static List<FlowBlock> fixture;

  @BeforeAll
  static void startTheSystem() throws Exception {
    fixture = FlowFixture.load("", "flow-mainnet", new FlowAccessBlocks(Json.MAPPER)).records();
    stack = LocalStack.start(Config.defaults()
            .with("gateway.port", "0")
            .with("ingest.flow.records-per-second", "0"),
        true, dataDir, 0, LocalStack.Sources.FLOW_ONLY);
    await("the whole Flow fixture in the gateway", () -> stack.gateway().flowFeed().updatesSeen() >= fixture.size());
  }

  @AfterAll
  static void stopTheSystem() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void shouldStreamTheFixtureEventsInOrderAndFollowATransactionToSealedWithFcl() throws Exception {
    final String node = which("node");
    if (!Files.isDirectory(CLIENT.resolve("node_modules"))) {
      final String npm = which("npm");
      final Process install = new ProcessBuilder(npm, "ci", "--no-audit", "--no-fund").directory(CLIENT.toFile())
          .redirectErrorStream(true).redirectOutput(dataDir.resolve("npm-ci.log").toFile()).start();
      if (!install.waitFor(300, TimeUnit.SECONDS)) {
        install.destroyForcibly();
        fail("npm ci in " + CLIENT + " took more than 300 s");
      }
      assertThat(install.exitValue()).as("npm ci: %s", Files.readString(dataDir.resolve("npm-ci.log"))).isZero();
    }
    final List<String> expected = new ArrayList<>();
    long firstHeight = Long.MAX_VALUE;
    for (FlowBlock record : fixture) {
      firstHeight = Math.min(firstHeight, record.getHeader().getHeight());
      if (record.getStatus() != FlowBlockStatus.SEALED) {
        continue;
      }
      for (FlowEvent event : record.getEvents()) {
        if (TYPES.contains(event.getType())) {
          expected.add("EVENT " + record.getHeader().getHeight() + " " + event.getTransactionId() + " "
              + event.getTransactionIndex() + " " + event.getEventIndex() + " " + event.getType());
        }
      }
    }
    final String txId = fixture.stream().flatMap(r -> r.getTransactionResults().stream()).findFirst().orElseThrow()
        .getTransactionId();
    final String base = "http://127.0.0.1:" + stack.gateway().port();

    final Path output = dataDir.resolve("fcl.out");
    final Process fcl = new ProcessBuilder(node, "fcl-events.mjs", base, Long.toString(firstHeight),
        Integer.toString(expected.size()), txId).directory(CLIENT.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    if (!fcl.waitFor(90, TimeUnit.SECONDS)) {
      fcl.destroyForcibly();
      fail("fcl-events.mjs did not finish within 90 s:\n" + Files.readString(output));
    }
    final String out = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(fcl.exitValue()).as("exit code of fcl-events.mjs, output:\n%s", out).isZero();
    final List<String> lines = out.lines().toList();
    assertThat(lines.stream().filter(l -> l.startsWith("EVENT ")).map(l -> l.substring(0, l.lastIndexOf(' '))))
        .as(out).containsExactlyElementsOf(expected);
    assertThat(lines.stream().filter(l -> l.startsWith("EVENT ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)))
        .allSatisfy(amount -> assertThat(amount).matches("\\d+\\.\\d{8}"));
    final List<String> statuses = lines.stream().filter(l -> l.startsWith("TX ")).toList();
    assertThat(statuses).as(out).isNotEmpty();
    assertThat(statuses.get(statuses.size() - 1)).startsWith("TX SEALED 4 0 ");
    assertThat(lines).contains("DONE");
  }

  static String which(String program) throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      final Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    fail(program + " is not on the PATH: FlowFclNodeTest runs the real @onflow/fcl client and needs Node.js 20+"
        + " (and npm to install clients/node-flow)");
    return null;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    final long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(50); // polling a condition, bounded by the deadline above
    }
  }
}
