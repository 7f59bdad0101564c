package dev.blockwire.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.blockwire.config.Config;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.ingest.eth.EthFixtureChain;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code blockwire run}: the whole system in this JVM, on an embedded broker by default. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Start broker, processor, gateway and the NEAR and Ethereum fixture sources in one JVM, and print"
        + " where to connect.")
final class RunCommand implements Callable<Integer> {

  @Mixin
  KafkaOptions kafka;

  @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
      description = "Folder of the embedded broker's data and the processor's state (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--kafka-port", defaultValue = "9092",
      description = "Port of the embedded broker on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks one).")
  int kafkaPort;

  @Option(names = "--host", description = "Gateway bind address (default: 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "Gateway port (default: 8080).")
  Integer port;

  @Option(names = "--blocks-per-second", description = "Pace of the fixture sources (default: 1).")
  Double blocksPerSecond;

  @Option(names = "--source", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Start the fixture sources (default: on; --no-source starts neither).")
  boolean source;

  @Option(names = "--near-source", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Start the NEAR fixture source (default: on).")
  boolean nearSource;

  @Option(names = "--eth-source", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Start the Ethereum fixture source (default: on).")
  boolean ethSource;

  @Option(names = "--flow-source", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Start the Flow fixture source (default: on).")
  boolean flowSource;

  @Override
  public Integer call() throws Exception {
    Config config = kafka.config();
    if (host != null) {
      config = config.with(GatewayConfig.HOST.name(), host);
    }
    if (port != null) {
      config = config.with(GatewayConfig.PORT.name(), Integer.toString(port));
    }
    if (blocksPerSecond != null) {
      for (FixtureSourceConfig.Settings settings : new FixtureSourceConfig.Settings[] {
          FixtureSourceConfig.NEAR, FixtureSourceConfig.ETH}) {
        config = config.with(settings.blocksPerSecond().name(), Double.toString(blocksPerSecond));
      }
    }
    final boolean embedded = kafka.bootstrapServers == null
        && System.getenv("BLOCKWIRE_KAFKA_BOOTSTRAP_SERVERS") == null;
    final Shutdown shutdown = new Shutdown();
    final LocalStack stack;
    try {
      stack = shutdown.register(LocalStack.start(config, embedded, dataDir, kafkaPort,
          new LocalStack.Sources(source && nearSource, source && ethSource, source && flowSource, false)));
    } catch (Exception e) {
      shutdown.closeNow();
      throw e;
    }
    final String url = stack.websocketUrl();
    System.out.printf("%nBlockwire is running.%n"
        + "  Kafka:        %s%s%n"
        + "  NEAR events:  %s/ws   (camelCase: %s/ws?format=camel)%n"
        + "  Ethereum:     %s/eth  (JSON-RPC eth_subscribe, as geth: newHeads, logs)%n"
        + "  Flow stream:  %s/v1/ws   (fcl accessNode.api: http://%s:%d)%n"
        + "  Health:       http://%s:%d/health%n"
        + "%nTry it (any websocket client), send to /ws:%n"
        + "  {\"secret\":\"ohyeahnftsss\",\"filter\":[{\"account_id\":\"nft.nearapps.near\",\"status\":\"SUCCESS\","
        + "\"event\":{\"standard\":\"nep171\",\"event\":\"nft_mint\"}}],\"fetch_past_events\":20}%n"
        + "and to /eth (the fixture token's transfers, reorged ones again with \"removed\":true):%n"
        + "  {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"logs\",{\"address\":\"%s\","
        + "\"topics\":[\"%s\"]}]}%n"
        + "%nCtrl-C stops.%n",
        stack.bootstrapServers(), embedded ? " (embedded, data in " + dataDir.toAbsolutePath() + ")" : "",
        url, url, url, url, stack.gateway().host(), stack.gateway().port(), stack.gateway().host(), stack.gateway().port(),
        EthFixtureChain.DEFAULT_TOKEN, EthFixtureChain.TRANSFER_TOPIC);
    shutdown.awaitStop();
    return 0;
  }
}
