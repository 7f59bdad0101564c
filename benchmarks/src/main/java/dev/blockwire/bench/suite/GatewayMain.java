package dev.blockwire.bench.suite;

import java.time.Duration;

import dev.blockwire.config.Config;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.GatewayServer;

/**
 * Child JVM: the gateway. Args: bootstrap servers, then {@code name=value} settings. Prints
 * {@code READY <port>} once both feeds have loaded their history; answers {@code heap} and {@code cpu}.
 */
public final class GatewayMain {

  public static void main(String[] args) throws Exception {
    Config config = Config.defaults()
        .with(GatewayConfig.BOOTSTRAP_SERVERS.name(), args[0])
        .with(GatewayConfig.PORT.name(), "0");
    for (int i = 1; i < args.length; i++) {
      final int eq = args[i].indexOf('=');
      config = config.with(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    try (GatewayServer gateway = new GatewayServer(GatewayConfig.from(config)).start()) {
      if (!gateway.awaitReady(Duration.ofSeconds(120))) {
        throw new IllegalStateException("the gateway did not load its history within 120 s");
      }
      System.out.println("READY " + gateway.port());
      Commands.serve(command -> System.out.println("unknown command " + command));
    }
    System.exit(0);
  }

  private GatewayMain() {}
}
