package dev.blockwire.ingest.eth.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.blockwire.config.Config;
import dev.blockwire.ingest.eth.GethBlocks;
import dev.blockwire.schemas.eth.EthBlock;

/** The source's thread, retries, node-down reports and stop conditions, against an in-memory node. */
class EthNodeSourceTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeEthNode node = new FakeEthNode();
  private final List<EthBlock> written = new CopyOnWriteArrayList<>();
  private EthNodeSource source;

  @AfterEach
  void close() {
    if (source != null) {
      source.close();
    }
  }

  private static EthNodeConfig config() {
    return new EthNodeConfig("127.0.0.1:9", "eth.blocks.raw", "eth-test", URI.create("http://127.0.0.1:9"),
        OptionalLong.empty(), OptionalLong.empty(), Duration.ofMillis(20), 128, Duration.ofSeconds(1),
        Duration.ofMillis(5), Duration.ofMillis(40), Duration.ofMillis(300));
  }

  private EthNodeSource start(EthNodeConfig config, BlockSink sink, List<EthBlock> tail) {
    source = new EthNodeSource(config, new GethBlocks(FakeEthNode.MAPPER), node, null, sink, null, () -> tail);
    source.start();
    return source;
  }

  @Test
  void shouldFollowTheHeadAsTheNodeMinesAndReorganises() throws Exception {
    start(config(), written::add, List.of());
    awaitTrue(() -> written.size() == 1, "the head at start");
    final List<String> mined = node.mine(3, 1);
    awaitTrue(() -> source.lastWrittenNumber() == 3, "three new blocks");
    final List<String> branch = node.mineOn(node.hashAt(1), 3, 2);
    node.setHead(branch.get(2));
    awaitTrue(() -> source.lastWrittenNumber() == 4 && written.size() == 7, "the new branch");

    assertThat(written.stream().map(b -> b.getHeader().getHash()).toList()).containsExactly(node.hashAt(0),
        mined.get(0), mined.get(1), mined.get(2), branch.get(0), branch.get(1), branch.get(2));
    assertThat(source.reorgs()).isEqualTo(1);
    assertThat(source.blocksWritten()).isEqualTo(7);
    assertThat(source.failure()).isEmpty();
  }

  @Test
  void shouldReportANodeThatStaysDownAndRecoverWithoutSkippingABlock() throws Exception {
    start(config(), written::add, List.of());
    awaitTrue(() -> written.size() == 1, "the head at start");
    node.down = true;
    final List<String> minedWhileDown = node.mine(4, 1);
    awaitTrue(() -> source.failure().isPresent(), "a node-down report");
    assertThat(source.failure().get()).isInstanceOf(NodeDownException.class)
        .hasMessageContaining("unreachable").hasMessageContaining("no block is skipped");
    assertThat(source.isRunning()).isTrue();
    assertThat(written).hasSize(1);

    node.down = false;
    awaitTrue(() -> written.size() == 5, "the blocks mined while the node was down");
    awaitTrue(() -> source.failure().isEmpty(), "the report cleared");
    assertThat(written.subList(1, 5).stream().map(b -> b.getHeader().getHash()).toList())
        .containsExactlyElementsOf(minedWhileDown);
  }

  @Test
  void shouldResumeAfterTheTopicsLastBlock() throws Exception {
    node.mine(3, 1);
    final FakeEthNode same = node;
    final List<EthBlock> earlier = new CopyOnWriteArrayList<>();
    final ChainFollower first = new ChainFollower(same, new GethBlocks(FakeEthNode.MAPPER), "eth-test", 8, earlier::add);
    first.follow(node.head());
    node.mine(2, 1);

    start(config(), written::add, List.copyOf(earlier));
    awaitTrue(() -> written.size() == 2, "the two blocks after the topic's last");

    assertThat(written.stream().map(b -> b.getHeader().getNumber()).toList()).containsExactly(4L, 5L);
  }

  @Test
  void shouldWriteTheRangeAndStop() throws Exception {
    node.mine(10, 1);
    start(config().withRange(OptionalLong.of(2), OptionalLong.of(6)), written::add, List.of());

    assertThat(source.awaitStopped(WAIT)).isTrue();
    assertThat(written.stream().map(b -> b.getHeader().getNumber()).toList()).containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(source.failure()).isEmpty();
  }

  @Test
  void shouldStopWithTheErrorWhenABlockCannotBeWritten() throws Exception {
    start(config(), block -> {
      throw new EthNodeSourceException("writing block failed: broker gone");
    }, List.of());

    assertThat(source.awaitStopped(WAIT)).isTrue();
    assertThat(source.failure()).isPresent();
    assertThat(source.failure().get()).isInstanceOf(EthNodeSourceException.class)
        .hasMessageContaining("broker gone");
  }

  @Test
  void shouldReadEverySettingWithDefaultsAndRejectBadOnes() {
    final EthNodeConfig defaults = EthNodeConfig.from(Config.defaults());
    assertThat(defaults.rpcUrl()).isEqualTo(URI.create("ws://127.0.0.1:8545"));
    assertThat(defaults.websocket()).isTrue();
    assertThat(defaults.topic()).isEqualTo("eth.blocks.raw");
    assertThat(defaults.fromBlock()).isEmpty();
    assertThat(defaults.retryInitial()).isEqualTo(Duration.ofMillis(250));
    assertThat(defaults.retryMax()).isEqualTo(Duration.ofSeconds(10));

    final EthNodeConfig range = EthNodeConfig.from(Config.defaults().with("ingest.eth.rpc-url", "http://10.0.0.1:8545")
        .with("ingest.eth.from-block", "0x10").with("ingest.eth.to-block", "20"));
    assertThat(range.websocket()).isFalse();
    assertThat(range.fromBlock()).hasValue(16);
    assertThat(range.toBlock()).hasValue(20);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EthNodeConfig.from(Config.defaults()
            .with("ingest.eth.rpc-url", "ftp://x").with("ingest.eth.from-block", "-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ingest.eth.rpc-url").hasMessageContaining("ingest.eth.from-block");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EthNodeConfig.from(Config.defaults()
            .with("ingest.eth.to-block", "5")))
        .hasMessageContaining("ingest.eth.to-block needs ingest.eth.from-block");
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    final long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
