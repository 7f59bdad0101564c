package dev.blockwire.processor.near;

import static dev.blockwire.processor.near.NearTestData.block;
import static dev.blockwire.processor.near.NearTestData.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearExecutionStatus;
import dev.blockwire.schemas.near.NearReceiptOutcome;

/** Each event encoded once for both records: the bytes must be those of the two serdes. */
class NearEventsEncoderTest {

  private final NearEventExtractor extractor = new NearEventExtractor(new Nep297Parser());

  @Test
  void shouldEncodeTheRecordsAsTheSerdesDo() {
    assertSameAsSerdes(block(10));
    assertSameAsSerdes(block(11, outcome("r1", "c.near", "not an event", "EVENT_JSON:{}")));
    final List<String> fixtures = new ArrayList<>(NearTestData.fixtures().values());
    assertSameAsSerdes(block(12, outcome("r1", "c.near", fixtures.get(0))));
    assertSameAsSerdes(block(13, outcome("r1", "c.near", fixtures.toArray(String[]::new)),
        outcome("r2", "ünïcode.near", "bob.near", NearExecutionStatus.FAILURE,
            "EVENT_JSON:{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\",\"data\":\"日本語 😀\"}")));
  }

  /** More than 63 events: the array's item count takes two bytes, and a large block record. */
  @Test
  void shouldEncodeBlocksOfManyEvents() {
    for (int events : new int[] {63, 64, 65, 1_000, 9_000}) {
      final List<NearReceiptOutcome> outcomes = new ArrayList<>();
      for (int i = 0; i < events; i++) {
        outcomes.add(outcome("r" + i, "contract-" + (i % 13) + ".near",
            "EVENT_JSON:{\"standard\":\"nep141\",\"version\":\"1.0.0\",\"event\":\"ft_transfer\",\"data\":[{\"amount\":\""
                + i + "\",\"memo\":\"é" + "x".repeat(i % 50) + "\"}]}"));
      }
      assertSameAsSerdes(block(20, outcomes.toArray(NearReceiptOutcome[]::new)));
    }
  }

  private void assertSameAsSerdes(NearBlock block) {
    final NearBlockEvents blockEvents = extractor.extract(block).blockEvents();
    final NearEventsEncoder.Encoded encoded = NearEventsEncoder.encode(blockEvents);
    assertThat(encoded.block()).isEqualTo(Serdes.NEAR_BLOCK_EVENTS.encode(blockEvents));
    assertThat(encoded.events()).hasSameSizeAs(blockEvents.getEvents());
    for (int i = 0; i < encoded.events().size(); i++) {
      assertThat(encoded.events().get(i)).isEqualTo(Serdes.NEAR_EVENT.encode(blockEvents.getEvents().get(i)));
    }
    assertThat(Serdes.NEAR_BLOCK_EVENTS.decode(encoded.block())).isEqualTo(blockEvents);
  }
}
