package dev.blockwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docker-compose.yml cannot run here (no Docker engine): check that it parses and that its commands exist. */
class DockerComposeTest {

  static final Path COMPOSE = Path.of("..", "docker-compose.yml");

  static JsonNode compose() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(COMPOSE));
  }

  /** The blockwire arguments of each service that runs the jar. */
  static Map<String, List<String>> blockwireCommands() throws Exception {
    final Map<String, List<String>> commands = new HashMap<>();
    compose().get("services").fields().forEachRemaining(service -> {
      final JsonNode command = service.getValue().get("command");
      if (command == null) {
        return;
      }
      final List<String> args = new ArrayList<>();
      command.forEach(arg -> args.add(arg.asText()));
      assertThat(args.subList(0, 3)).as(service.getKey()).containsExactly("java", "-jar", "/app/blockwire.jar");
      commands.put(service.getKey(), args.subList(3, args.size()));
    });
    return commands;
  }

  @Test
  void shouldRunEveryPartOnItsOwnAgainstTheKafkaService() throws Exception {
    assertThat(blockwireCommands()).containsOnlyKeys("topics", "processor", "gateway", "ingest-fixture",
        "ingest-eth-fixture", "ingest-flow-fixture");
    final JsonNode kafka = compose().get("services").get("kafka");
    assertThat(kafka.get("image").asText()).isEqualTo("apache/kafka:4.3.1");
    assertThat(kafka.get("environment").get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
  }

  @Test
  void shouldUseOnlyCommandsAndOptionsTheCliHas() throws Exception {
    for (Map.Entry<String, List<String>> service : blockwireCommands().entrySet()) {
      final CommandLine.ParseResult parsed = Blockwire.commandLine().parseArgs(service.getValue().toArray(String[]::new));
      assertThat(parsed.hasSubcommand()).as(service.getKey()).isTrue();
      CommandLine.ParseResult leaf = parsed;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      assertThat(leaf.hasMatchedOption("--bootstrap-servers")).as(service.getKey()).isTrue();
      assertThat(leaf.matchedOptionValue("--bootstrap-servers", "")).isEqualTo("kafka:9092");
    }
  }

  @Test
  void shouldPublishTheGatewayOnLoopbackOnly() throws Exception {
    final JsonNode ports = compose().get("services").get("gateway").get("ports");
    assertThat(ports).hasSize(1);
    assertThat(ports.get(0).asText()).isEqualTo("127.0.0.1:8080:8080");
  }
}
