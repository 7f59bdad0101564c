package dev.blockwire.app;

import static dev.blockwire.app.CommandRun.execute;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code blockwire ingest eth}: its options, and bad settings refused before anything connects. */
class IngestEthCommandTest {

  @Test
  void shouldListTheNodeSourceOptions() {
    final CommandRun help = execute("ingest", "eth", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--rpc-url", "--network", "--from-block", "--to-block", "--poll-interval-ms",
        "--bootstrap-servers");
    assertThat(Blockwire.commandLine().getSubcommands().get("ingest").getSubcommands()).containsKey("eth");
  }

  @Test
  void shouldRefuseARangeEndWithoutAStartAndABadUrl() {
    final CommandRun run = execute("ingest", "eth", "--rpc-url", "ftp://node", "--to-block", "10");

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("ingest.eth.rpc-url");
  }

  @Test
  void shouldRefuseAToBlockWithoutFromBlock() {
    final CommandRun run = execute("ingest", "eth", "--rpc-url", "http://127.0.0.1:1", "--to-block", "10");

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("ingest.eth.to-block needs ingest.eth.from-block");
  }
}
