package dev.blockwire.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.near.NearBlock;

/** The writing loop against a {@link MockProducer}: no broker needed. */
class LoadGeneratorTest {

  @Test
  void shouldWriteTheChainKeyedByNetworkStampedWithTheWallClock() {
    final MockProducer<NetworkKey, NearBlock> producer = new MockProducer<>(true, null,
        Serdes.NETWORK_KEY.serializer(), Serdes.NEAR_BLOCK.serializer());
    final LoadProfile profile = LoadProfile.near(0, 10, 1, 25);
    final long before = System.currentTimeMillis();
    final LoadGenerator<NearBlock> generator = new LoadGenerator<>(new NearLoadChain(profile), profile, producer);
    generator.run();
    final long after = System.currentTimeMillis();

    final List<ProducerRecord<NetworkKey, NearBlock>> records = producer.history();
    assertThat(records).hasSize(25);
    final NearLoadChain same = new NearLoadChain(profile);
    long previous = 0;
    for (ProducerRecord<NetworkKey, NearBlock> record : records) {
      assertThat(record.topic()).isEqualTo(Topics.NEAR_BLOCKS_RAW);
      assertThat(record.key().getNetwork()).isEqualTo("near-mainnet");
      assertThat(record.timestamp()).isBetween(before, after);
      assertThat(record.value().getTimestampNanos() / 1_000_000L).isEqualTo(record.timestamp());
      assertThat(record.value().getTimestampNanos()).isGreaterThan(previous);
      previous = record.value().getTimestampNanos();
      final NearBlock expected = same.next();
      expected.setTimestampNanos(record.value().getTimestampNanos());
      assertThat(record.value()).isEqualTo(expected);
    }
    assertThat(generator.blocksAcked()).isEqualTo(25);
    assertThat(generator.failure()).isEmpty();
  }

  @Test
  void shouldKeepTheRequestedPace() throws Exception {
    final MockProducer<NetworkKey, EthBlock> producer = new MockProducer<>(true, null,
        Serdes.NETWORK_KEY.serializer(), Serdes.ETH_BLOCK.serializer());
    final LoadProfile profile = LoadProfile.eth(50, 5, 0, 0, 1, 10);
    final long start = System.nanoTime();
    try (LoadGenerator<EthBlock> generator = new LoadGenerator<>(new EthLoadChain(profile), profile, producer)) {
      generator.start();
      assertThat(generator.awaitDone(Duration.ofSeconds(10))).isTrue();
    }
    final double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(producer.history()).hasSize(10);
    assertThat(seconds).isBetween(0.17, 2.0); // 10 blocks at 50/s: 9 periods of 20 ms
  }
}
