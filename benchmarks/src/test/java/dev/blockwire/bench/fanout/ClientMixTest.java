package dev.blockwire.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.blockwire.gateway.Json;

class ClientMixTest {

  @Test
  void shouldSpreadConnectionsOverTheThreeDialectsWithValidRequests() throws Exception {
    final ClientMix mix = new ClientMix(7);
    final Map<String, Integer> paths = new HashMap<>();
    final Map<String, Integer> flowTopics = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      final ClientProtocol c = mix.connection(i);
      paths.merge(c.path(), 1, Integer::sum);
      final JsonNode request = Json.MAPPER.readTree(c.request());
      if (c instanceof FlowClient) {
        flowTopics.merge(request.get("topic").asText(), 1, Integer::sum);
        assertThat(request.get("subscription_id").asText()).isEqualTo("b" + i);
      }
    }
    assertThat(paths).containsEntry("/ws", 600).containsEntry("/ws?format=camel", 300).containsEntry("/eth", 600)
        .containsEntry("/v1/ws", 500);
    assertThat(flowTopics.get("events")).isBetween(350, 460);
    assertThat(flowTopics.get("block_digests")).isBetween(50, 150);
  }

  @Test
  void shouldBeDeterministicFromTheSeed() {
    final ClientMix a = new ClientMix(7);
    final ClientMix b = new ClientMix(7);
    for (int i = 0; i < 100; i++) {
      assertThat(a.connection(i).request()).isEqualTo(b.connection(i).request());
    }
  }
}
