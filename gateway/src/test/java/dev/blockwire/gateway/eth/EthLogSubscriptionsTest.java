package dev.blockwire.gateway.eth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The address index delivers exactly what a scan of every logs subscription in activation order does. */
class EthLogSubscriptionsTest {

  private static final List<String> ADDRESSES = List.of(
      "0x" + "a1".repeat(20), "0x" + "b2".repeat(20), "0x" + "c3".repeat(20), "0x" + "d4".repeat(20),
      "0x" + "e5".repeat(20));
  private static final List<String> TOPICS = List.of("0x" + "01".repeat(32), "0x" + "02".repeat(32),
      "0x" + "03".repeat(32));

  @Test
  void shouldMatchTheSameSubscriptionsInTheSameOrderAsAFullScan() {
    for (long seed = 1; seed <= 20; seed++) {
      final Random random = new Random(seed);
      final EthLogSubscriptions index = new EthLogSubscriptions();
      final Set<EthSubscription> scan = new LinkedHashSet<>(); // the feed's former full list
      final List<String> indexed = new ArrayList<>();
      final List<String> scanned = new ArrayList<>();
      int id = 0;
      for (int step = 0; step < 400; step++) {
        final int op = random.nextInt(10);
        if (op < 3) {
          final EthSubscription subscription = new EthSubscription("s" + id++, EthSubscription.Kind.LOGS,
              new EthSession(null, "127.0.0.1"), randomFilter(random), null, false);
          index.add(subscription);
          scan.add(subscription);
        } else if (op < 4 && !scan.isEmpty()) {
          final EthSubscription gone = new ArrayList<>(scan).get(random.nextInt(scan.size()));
          assertThat(index.remove(gone)).isTrue();
          assertThat(index.remove(gone)).isFalse();
          scan.remove(gone);
        } else {
          final EthLogView log = LogFilterTest.log(random.nextInt(20), ADDRESSES.get(random.nextInt(ADDRESSES.size())),
              randomTopics(random).toArray(String[]::new));
          for (EthSubscription subscription : index.candidates(log)) {
            if (subscription.wants(EthNotice.log(log))) {
              indexed.add(step + ":" + subscription.id);
            }
          }
          for (EthSubscription subscription : scan) {
            if (subscription.wants(EthNotice.log(log))) {
              scanned.add(step + ":" + subscription.id);
            }
          }
        }
        assertThat(index.size()).isEqualTo(scan.size());
      }
      assertThat(indexed).as("seed %d", seed).isEqualTo(scanned);
      assertThat(scanned).as("seed %d delivers something", seed).isNotEmpty();
    }
  }

  private static List<String> randomTopics(Random random) {
    final List<String> topics = new ArrayList<>();
    final int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      topics.add(TOPICS.get(random.nextInt(TOPICS.size())));
    }
    return topics;
  }

  private static LogFilter randomFilter(Random random) {
    final Set<String> addresses = new LinkedHashSet<>();
    final int count = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3); // a quarter match any address
    for (int i = 0; i < count; i++) {
      addresses.add(ADDRESSES.get(random.nextInt(ADDRESSES.size())));
    }
    final List<Set<String>> topics = new ArrayList<>();
    if (random.nextBoolean()) {
      topics.add(random.nextBoolean() ? null : Set.of(TOPICS.get(random.nextInt(TOPICS.size()))));
    }
    final Long from = random.nextInt(5) == 0 ? (long) random.nextInt(20) : null;
    return new LogFilter(null, from, null, addresses, topics);
  }
}
