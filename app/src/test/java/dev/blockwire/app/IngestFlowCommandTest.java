package dev.blockwire.app;

import static dev.blockwire.app.CommandRun.execute;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code blockwire ingest flow} and {@code flow-fixture}: their options, and bad settings refused before anything connects. */
class IngestFlowCommandTest {

  @Test
  void shouldListTheAccessNodeSourceOptions() {
    final CommandRun help = execute("ingest", "flow", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--url", "--network", "--start-height", "--end-height", "--poll-interval-ms",
        "--bootstrap-servers");
    assertThat(Blockwire.commandLine().getSubcommands().get("ingest").getSubcommands())
        .containsKeys("flow", "flow-fixture");
    assertThat(execute("ingest", "flow-fixture", "--help").out()).contains("--records-per-second", "--file", "--loop");
  }

  @Test
  void shouldRefuseABadUrlAndAnEndBelowTheStart() {
    final CommandRun run = execute("ingest", "flow", "--url", "ws://node", "--start-height", "10", "--end-height", "9");

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("ingest.flow.url");
    final CommandRun range = execute("ingest", "flow", "--url", "http://127.0.0.1:1", "--start-height", "10",
        "--end-height", "9");
    assertThat(range.exit()).isNotZero();
    assertThat(range.err()).contains("ingest.flow.end-height 9 is below ingest.flow.start-height 10");
  }
}
