package dev.blockwire.app;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code blockwire} command. */
@Command(name = "blockwire", mixinStandardHelpOptions = true, versionProvider = Blockwire.Version.class,
    description = "Real-time blockchain events over websockets, on Kafka.",
    subcommands = {RunCommand.class, BrokerCommand.class, TopicsCommand.class, ProcessorCommand.class,
        GatewayCommand.class, IngestCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class})
public final class Blockwire implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Grizzly and Tyrus log through java.util.logging: route it to the same logback output.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(commandLine().execute(args));
  }

  /** The command tree, for main and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Blockwire());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      final String version = Blockwire.class.getPackage().getImplementationVersion();
      return new String[] {"blockwire " + (version == null ? "dev" : version)};
    }
  }
}
