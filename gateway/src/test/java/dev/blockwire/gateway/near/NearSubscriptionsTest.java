package dev.blockwire.gateway.near;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.Utf8Message;
import dev.blockwire.schemas.near.NearExecutionStatus;
import org.junit.jupiter.api.Test;

/** The account index delivers exactly what matching every subscription against every block does. */
class NearSubscriptionsTest {

  private static final List<String> ACCOUNTS = List.of("a.near", "b.near", "c.near", "d.near", "e.near", "f.near");
  private static final String TRANSFER = "{\"standard\":\"nep141\",\"version\":\"1.0.0\",\"event\":\"ft_transfer\","
      + "\"data\":[{\"old_owner_id\":\"x.near\",\"new_owner_id\":\"y.near\",\"amount\":\"1\"}]}";

  /** Filter shapes: pinned (one or more accounts, either spelling), mixed, unpinned, and never-matching. */
  private static String randomFilter(Random random) {
    final String a = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
    final String b = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
    switch (random.nextInt(12)) {
      case 0: return "{\"account_id\":\"" + a + "\"}";
      case 1: return "{\"accountId\":\"" + a + "\",\"status\":\"SUCCESS\"}";
      case 2: return "[{\"account_id\":\"" + a + "\"},{\"account_id\":\"" + b + "\",\"status\":\"FAILURE\"}]";
      case 3: return "[{\"account_id\":\"" + a + "\"},{\"event\":{\"standard\":\"nep171\"}}]";
      case 4: return "{}";
      case 5: return "{\"status\":\"FAILURE\"}";
      case 6: return "{\"account_id\":\"" + a + "\",\"accountId\":\"" + b + "\"}";
      case 7: return "{\"account_id\":1}";
      case 8: return "[]";
      case 9: return "\"" + a + "\"";
      case 10: return "{\"account_id\":\"" + a + "\",\"event\":{\"event\":\"nft_mint\"}}";
      default: return "[{\"event\":{\"standard\":\"nep141\"}},{\"account_id\":\"" + a + "\"}]";
    }
  }

  private static NearBlockView randomBlock(Random random, long height) {
    final List<NearEventView> events = new ArrayList<>();
    final int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      events.add(NearFilterTest.event(ACCOUNTS.get(random.nextInt(ACCOUNTS.size())),
          random.nextInt(4) == 0 ? NearExecutionStatus.FAILURE : NearExecutionStatus.SUCCESS,
          random.nextBoolean() ? NearFilterTest.MINT : TRANSFER));
    }
    return new NearBlockView(height, "h" + height, 0, height, events);
  }

  @Test
  void shouldDeliverExactlyWhatTheFullScanDelivers() throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      final Random random = new Random(seed);
      final NearSubscriptions index = new NearSubscriptions();
      final List<Subscriber> subscribers = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        subscribers.add(new Subscriber(random.nextBoolean() ? NearFormat.SNAKE : NearFormat.CAMEL));
      }
      final Map<NearSubscriber, List<String>> indexed = new HashMap<>();
      final Map<NearSubscriber, List<String>> scanned = new HashMap<>();
      int delivered = 0;
      for (int step = 0; step < 300; step++) {
        final Subscriber subscriber = subscribers.get(random.nextInt(subscribers.size()));
        final int op = random.nextInt(10);
        if (op < 2) {
          final NearRequest.Subscribe request = new NearRequest.Subscribe("\"s\"",
              new NearFilter(Json.MAPPER.readTree(randomFilter(random))), OptionalInt.empty());
          index.put(new NearSubscription(subscriber, request)); // replaces its previous subscription
        } else if (op < 3) {
          index.remove(subscriber);
          assertThat(index.get(subscriber)).isNull();
        } else {
          final NearBlockView block = randomBlock(random, step);
          for (NearSubscription subscription : index.candidates(block)) {
            delivered += deliver(subscription, block, indexed);
          }
          for (NearSubscription subscription : index.all()) {
            deliver(subscription, block, scanned);
          }
        }
      }
      assertThat(indexed).as("seed %d", seed).isEqualTo(scanned);
      assertThat(delivered).as("seed %d delivers something", seed).isPositive();
    }
  }

  @Test
  void shouldListEachCandidateOnceAndReplaceASubscribersSubscription() throws Exception {
    final NearSubscriptions index = new NearSubscriptions();
    final Subscriber subscriber = new Subscriber(NearFormat.SNAKE);
    index.put(new NearSubscription(subscriber, new NearRequest.Subscribe("\"s\"",
        new NearFilter(Json.MAPPER.readTree("[{\"account_id\":\"a.near\"},{\"accountId\":\"a.near\"}]")),
        OptionalInt.empty())));
    final NearBlockView block = new NearBlockView(1, "h", 0, 1, List.of(
        NearFilterTest.event("a.near", NearExecutionStatus.SUCCESS, TRANSFER),
        NearFilterTest.event("a.near", NearExecutionStatus.SUCCESS, TRANSFER)));
    assertThat(index.candidates(block)).hasSize(1);
    index.put(new NearSubscription(subscriber, new NearRequest.Subscribe("\"s\"",
        new NearFilter(Json.MAPPER.readTree("{\"account_id\":\"b.near\"}")), OptionalInt.empty())));
    assertThat(index.candidates(block)).isEmpty();
    assertThat(index.size()).isEqualTo(1);
  }

  /** Records the events of the block the subscription wants, as the feed's live batch holds them. */
  private static int deliver(NearSubscription subscription, NearBlockView block, Map<NearSubscriber, List<String>> out) {
    int count = 0;
    for (NearEventView event : block.events()) {
      if (subscription.wants(event)) {
        out.computeIfAbsent(subscription.subscriber, s -> new ArrayList<>())
            .add(block.height() + ":" + event.json(subscription.subscriber.format()));
        count++;
      }
    }
    return count;
  }

  private static final class Subscriber implements NearSubscriber {
    private final NearFormat format;

    Subscriber(NearFormat format) {
      this.format = format;
    }

    @Override
    public NearFormat format() {
      return format;
    }

    @Override
    public boolean offer(Utf8Message message) {
      return true;
    }

    @Override
    public int queued() {
      return 0;
    }

    @Override
    public int capacity() {
      return 1;
    }

    @Override
    public void onDrained(Runnable listener) {
      listener.run();
    }

    @Override
    public void fail(String reason) {
    }
  }
}
