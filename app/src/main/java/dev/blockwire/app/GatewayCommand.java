package dev.blockwire.app;

import java.util.concurrent.Callable;

import dev.blockwire.config.Config;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.GatewayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code blockwire gateway}: only the websocket gateway, against any cluster. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Run the websocket gateway against a Kafka cluster.")
final class GatewayCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--host", description = "Bind address (default: 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "Port (default: 8080).")
  Integer port;

  @Override
  public Integer call() throws Exception {
    Config config = kafka.config();
    if (host != null) {
      config = config.with(GatewayConfig.HOST.name(), host);
    }
    if (port != null) {
      config = config.with(GatewayConfig.PORT.name(), Integer.toString(port));
    }
    final Shutdown shutdown = new Shutdown();
    final GatewayServer gateway = shutdown.register(new GatewayServer(GatewayConfig.from(config)).start());
    System.out.printf("gateway on ws://%s:%d/ws; Ctrl-C stops.%n", gateway.host(), gateway.port());
    shutdown.awaitStop();
    return 0;
  }
}
