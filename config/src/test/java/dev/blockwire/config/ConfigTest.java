package dev.blockwire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

  static final Setting<Integer> PORT = Setting.integer("gateway.port", 8080, 0, 65535, "port");
  static final Setting<String> HOST = Setting.string("gateway.host", "127.0.0.1", "bind address");

  @Test
  void shouldUseDefaults() {
    assertThat(Config.defaults().get(PORT)).isEqualTo(8080);
    assertThat(Config.defaults().get(HOST)).isEqualTo("127.0.0.1");
  }

  @Test
  void shouldLayerFileThenExplicitValues(@TempDir Path dir) throws Exception {
    final Path file = dir.resolve("b.properties");
    Files.writeString(file, "gateway.port=9000\ngateway.host=0.0.0.0\n");
    final Config config = Config.defaults().withFile(file).with("gateway.port", "9001");
    assertThat(config.get(PORT)).isEqualTo(9001);
    assertThat(config.get(HOST)).isEqualTo("0.0.0.0");
  }

  @Test
  void shouldDeriveEnvironmentVariableNames() {
    assertThat(PORT.envName()).isEqualTo("BLOCKWIRE_GATEWAY_PORT");
  }

  @Test
  void shouldReportEveryInvalidSettingAtOnce() {
    final Setting<Boolean> flag = Setting.bool("x.flag", false, "flag");
    final Config config = Config.defaults().with("gateway.port", "70000").with("x.flag", "maybe");
    assertThatThrownBy(() -> config.validate(List.of(PORT, HOST, flag)))
        .hasMessageContaining("gateway.port (BLOCKWIRE_GATEWAY_PORT): 70000 is outside [0, 65535]")
        .hasMessageContaining("x.flag (BLOCKWIRE_X_FLAG): not true or false: \"maybe\"");
  }
}
