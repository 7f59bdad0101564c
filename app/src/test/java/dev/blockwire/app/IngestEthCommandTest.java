package dev.blockwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code blockwire ingest eth}: its options, and bad settings refused before anything connects. */
class IngestEthCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run execute(String... args) {
    final CommandLine command = Blockwire.commandLine();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    final int exit = command.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void shouldListTheNodeSourceOptions() {
    final Run help = execute("ingest", "eth", "--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("--rpc-url", "--network", "--from-block", "--to-block", "--poll-interval-ms",
        "--bootstrap-servers");
    assertThat(Blockwire.commandLine().getSubcommands().get("ingest").getSubcommands()).containsKey("eth");
  }

  @Test
  void shouldRefuseARangeEndWithoutAStartAndABadUrl() {
    final Run run = execute("ingest", "eth", "--rpc-url", "ftp://node", "--to-block", "10");

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("ingest.eth.rpc-url");
  }

  @Test
  void shouldRefuseAToBlockWithoutFromBlock() {
    final Run run = execute("ingest", "eth", "--rpc-url", "http://127.0.0.1:1", "--to-block", "10");

    assertThat(run.exit()).isNotZero();
    assertThat(run.err()).contains("ingest.eth.to-block needs ingest.eth.from-block");
  }
}
