package dev.blockwire.app;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** One run of the {@code blockwire} command line in this JVM, as the command tests see it. */
record CommandRun(int exit, String out, String err) {

  /** Runs {@code blockwire args...} on a fresh command line, capturing its output and error text. */
  static CommandRun execute(String... args) {
    final CommandLine command = Blockwire.commandLine();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    final int exit = command.execute(args);
    return new CommandRun(exit, out.toString(), err.toString());
  }
}
