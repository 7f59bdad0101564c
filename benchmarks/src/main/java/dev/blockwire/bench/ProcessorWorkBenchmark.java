package dev.blockwire.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.blockwire.ingest.load.EthLoadChain;
import dev.blockwire.ingest.load.LoadProfile;
import dev.blockwire.ingest.load.NearLoadChain;
import dev.blockwire.processor.near.NearEventExtractor;
import dev.blockwire.processor.near.NearEventsEncoder;
import dev.blockwire.processor.near.Nep297Parser;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthLog;
import dev.blockwire.schemas.eth.EthLogKey;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearEventKey;

/**
 * The processor's own CPU work per raw block, without Kafka: NEAR decode, NEP-297 extraction and
 * the encoding of every output record (event keys and values, the block record, as
 * {@link NearEventsEncoder} does it for the processor); Ethereum decode
 * and the encoding of every log with its key and of the block. Blocks come from the load
 * generator's synthetic chains (the processor benchmark's input). Score: blocks per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProcessorWorkBenchmark {

  private static final int BLOCKS = 16;

  @Param({"100"})
  public int eventsPerBlock;

  private final NearEventExtractor extractor = new NearEventExtractor(new Nep297Parser());
  private final List<byte[]> nearBlocks = new ArrayList<>();
  private final List<byte[]> ethBlocks = new ArrayList<>();
  private int next;

  @Setup
  public void setUp() {
    final NearLoadChain near = new NearLoadChain(LoadProfile.near(0, eventsPerBlock, 42, BLOCKS));
    final EthLoadChain eth = new EthLoadChain(new LoadProfile("eth-mainnet", 0, eventsPerBlock, 0, 0, 42, BLOCKS));
    for (int i = 0; i < BLOCKS; i++) {
      nearBlocks.add(Serdes.NEAR_BLOCK.encode(near.next()));
      ethBlocks.add(Serdes.ETH_BLOCK.encode(eth.next()));
    }
  }

  @Benchmark
  public long nearBlock() {
    final NearEventExtractor.Extraction extraction =
        extractor.extract(Serdes.NEAR_BLOCK.decode(nearBlocks.get(next++ % BLOCKS)));
    final NearEventsEncoder.Encoded encoded = NearEventsEncoder.encode(extraction.blockEvents());
    long bytes = encoded.block().length;
    for (int i = 0; i < encoded.events().size(); i++) {
      final NearEvent event = extraction.events().get(i);
      bytes += Serdes.NEAR_EVENT_KEY.encode(new NearEventKey(event.getAccountId(), event.getStandard())).length;
      bytes += encoded.events().get(i).length;
    }
    return bytes;
  }

  @Benchmark
  public long ethBlock() {
    final EthBlock block = Serdes.ETH_BLOCK.decode(ethBlocks.get(next++ % BLOCKS));
    long bytes = 0;
    for (EthLog log : block.getLogs()) {
      bytes += Serdes.ETH_LOG_KEY.encode(new EthLogKey(block.getNetwork(), log.getAddress())).length;
      bytes += Serdes.ETH_LOG.encode(log).length;
    }
    return bytes + Serdes.ETH_BLOCK.encode(block).length;
  }
}
