package dev.blockwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.blockwire.config.Setting;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.ingest.eth.node.EthNodeConfig;
import dev.blockwire.ingest.fixture.FixtureSourceConfig;
import dev.blockwire.ingest.flow.access.FlowAccessConfig;
import dev.blockwire.ingest.near.source.NearSourceConfig;
import dev.blockwire.processor.ProcessorConfig;
import org.junit.jupiter.api.Test;

/** The README is the user's manual: keep its commands and settings true. */
class ReadmeTest {

  static String readme() throws Exception {
    return Files.readString(Path.of("..", "README.md"));
  }

  @Test
  void shouldDocumentEverySettingWithItsEnvironmentVariable() throws Exception {
    final List<Setting<?>> settings = new ArrayList<>(GatewayConfig.ALL);
    settings.addAll(ProcessorConfig.SETTINGS);
    settings.addAll(FixtureSourceConfig.NEAR.all());
    settings.addAll(FixtureSourceConfig.ETH.all());
    settings.addAll(FixtureSourceConfig.FLOW.all());
    settings.addAll(FlowAccessConfig.ALL);
    settings.addAll(EthNodeConfig.ALL);
    settings.addAll(NearSourceConfig.ALL);
    final String readme = readme();
    for (Setting<?> setting : settings) {
      assertThat(readme).contains("`" + setting.name() + "`", "`" + setting.envName() + "`");
    }
  }

  @Test
  void shouldNameTheRunCommandAndTheTestCommandThatCiRuns() throws Exception {
    assertThat(readme()).contains("./blockwire run", "mvn verify");
    assertThat(Files.readString(Path.of("..", ".ci", "run"))).contains("mvn -B verify");
    assertThat(Blockwire.commandLine().getSubcommands()).containsKeys("run", "broker", "topics", "processor",
        "gateway", "ingest", "replay");
    assertThat(readme()).contains("blockwire replay --chain", "blockwire ingest load --chain flow");
  }
}
