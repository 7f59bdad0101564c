package dev.blockwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.config.Config;
import dev.blockwire.gateway.Json;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system on the embedded broker: fixture source, processor (exactly_once_v2), gateway,
 * and real websocket clients using the documented subscribe message of events.near.stream.
 */
class NearEndToEndTest {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final String FILTER = "[{\"account_id\":\"nft.nearapps.near\",\"status\":\"SUCCESS\","
      + "\"event\":{\"standard\":\"nep171\",\"event\":\"nft_mint\"}}]";

  @TempDir
  static Path dataDir;
  static LocalStack stack;

  @BeforeAll
  static void startTheSystem() throws Exception {
    stack = LocalStack.start(Config.defaults()
            .with("gateway.port", "0")
            .with("ingest.fixture.blocks-per-second", "20"),
        true, dataDir, 0, LocalStack.Sources.NEAR_ONLY);
  }

  @AfterAll
  static void stopTheSystem() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  /** A websocket client that records every event it receives, in order, tagged past or live. */
  static final class Client implements AutoCloseable {
    final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final Session session;

    Client(String subscribe) throws Exception {
      session = ClientManager.createClient().connectToServer(new Endpoint() {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
          session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
              final JsonNode message = Json.MAPPER.readTree(text);
              for (JsonNode event : message.get("events")) {
                events.add(identity(event));
              }
              messages.add(message);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
        }
      }, ClientEndpointConfig.Builder.create().build(),
          URI.create("ws://127.0.0.1:" + stack.gateway().port() + "/ws"));
      session.getBasicRemote().sendText(subscribe);
    }

    JsonNode next() throws InterruptedException {
      final JsonNode message = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(message).as("a message within %s", WAIT).isNotNull();
      return message;
    }

    @Override
    public void close() throws Exception {
      session.close();
    }
  }

  static String subscribe(String secret, String past) {
    return "{\"secret\":\"" + secret + "\",\"filter\":" + FILTER + (past == null ? "" : ",\"fetch_past_events\":" + past) + "}";
  }

  /** An event's identity: its chain position. */
  static String identity(JsonNode event) {
    return event.get("block_height").asText() + "/" + event.get("receipt_id").asText() + "/" + event.get("log_index").asInt();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    final long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(20); // polling a condition, bounded by the deadline above
    }
  }

  @Test
  void shouldServeTheDocumentedExampleWithPastThenLiveEvents() throws Exception {
    await("some history", () -> stack.nearSource().blocksWritten() >= 60);
    try (Client client = new Client(subscribe("ohyeahnftsss", "20"))) {
      final JsonNode past = client.next();
      assertThat(past.get("secret").asText()).isEqualTo("ohyeahnftsss");
      assertThat(past.get("note").asText()).isEqualTo("past");
      assertThat(past.get("events").size()).isBetween(1, 20);
      assertMatchesTheFilter(past.get("events"));
      final List<Long> heights = heights(past.get("events"));
      assertThat(heights).isSorted();

      final JsonNode live = client.next();
      assertThat(live.has("note")).isFalse();
      assertMatchesTheFilter(live.get("events"));
      assertThat(heights(live.get("events")).get(0)).isGreaterThan(heights.get(heights.size() - 1));
      assertThat(client.events).doesNotHaveDuplicates();
    }
  }

  @Test
  void shouldLoseNothingAndRepeatNothingAcrossAReconnectWithFetchPastEvents() throws Exception {
    try (Client reference = new Client(subscribe("reference", null))) {
      final List<String> firstConnection;
      try (Client client = new Client(subscribe("reconnecting", null))) {
        await("the client to see events", () -> client.events.size() >= 3);
        firstConnection = new ArrayList<>(client.events);
      }
      // events keep flowing while the client is away (counted from the reference's copy of the
      // client's last event: the reference's socket may lag behind the client's by a few messages)
      final String lastSeenBeforeClose = firstConnection.get(firstConnection.size() - 1);
      await("events while disconnected", () -> eventsAfter(reference, lastSeenBeforeClose) >= 4);

      try (Client client = new Client(subscribe("reconnecting", "1000"))) {
        assertThat(client.next().get("note").asText()).isEqualTo("past");
        await("live events after the reconnect", () -> eventsAfter(reference, lastSeenBeforeClose) >= 8
            && client.events.size() > 0
            && client.events.get(client.events.size() - 1).equals(reference.events.get(reference.events.size() - 1)));
        final List<String> secondConnection = new ArrayList<>(client.events);
        assertThat(secondConnection).as("past and live overlap").doesNotHaveDuplicates();

        // The first connection saw a contiguous run of the reference stream.
        final List<String> all = new ArrayList<>(reference.events);
        final int first = all.indexOf(firstConnection.get(0));
        assertThat(first).isNotNegative();
        assertThat(all.subList(first, first + firstConnection.size())).isEqualTo(firstConnection);

        // After its last event, the second connection has exactly what the reference has: nothing missing.
        final String lastSeen = firstConnection.get(firstConnection.size() - 1);
        final int resumeInSecond = secondConnection.indexOf(lastSeen);
        assertThat(resumeInSecond).as("the past batch reaches back to the last event seen").isNotNegative();
        final List<String> afterInReference = all.subList(all.indexOf(lastSeen) + 1, all.size());
        final List<String> afterInSecond = secondConnection.subList(resumeInSecond + 1, secondConnection.size());
        assertThat(afterInSecond).isEqualTo(afterInReference.subList(0, afterInSecond.size()));
        assertThat(afterInSecond.size()).isGreaterThanOrEqualTo(8);
        final Set<String> union = new LinkedHashSet<>(firstConnection);
        union.addAll(afterInSecond);
        assertThat(union).hasSize(firstConnection.size() + afterInSecond.size());
      }
    }
  }

  /** How many events the client has after {@code event}; -1 while it has not seen it. */
  static int eventsAfter(Client client, String event) {
    final List<String> events = new ArrayList<>(client.events);
    final int at = events.indexOf(event);
    return at < 0 ? -1 : events.size() - at - 1;
  }

  static void assertMatchesTheFilter(JsonNode events) {
    for (JsonNode event : events) {
      assertThat(event.get("account_id").asText()).isEqualTo("nft.nearapps.near");
      assertThat(event.get("status").asText()).isEqualTo("SUCCESS");
      assertThat(event.get("event").get("standard").asText()).isEqualTo("nep171");
      assertThat(event.get("event").get("event").asText()).isEqualTo("nft_mint");
    }
  }

  static List<Long> heights(JsonNode events) {
    final List<Long> heights = new ArrayList<>();
    events.forEach(event -> heights.add(Long.parseLong(event.get("block_height").asText())));
    return heights;
  }
}
