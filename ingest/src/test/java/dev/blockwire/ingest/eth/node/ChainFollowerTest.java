package dev.blockwire.ingest.eth.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.blockwire.ingest.eth.GethBlocks;
import dev.blockwire.schemas.eth.EthBlock;

/** The follower's decisions against an in-memory node: heads, gaps, reorgs, resume, backfill. */
class ChainFollowerTest {

  private final FakeEthNode node = new FakeEthNode();
  private final List<EthBlock> written = new ArrayList<>();
  private ChainFollower follower = follower(128);

  private ChainFollower follower(int depth) {
    return new ChainFollower(node, new GethBlocks(FakeEthNode.MAPPER), "eth-test", depth, written::add);
  }

  private List<String> writtenHashes() {
    return written.stream().map(b -> b.getHeader().getHash()).toList();
  }

  private List<Long> writtenNumbers() {
    return written.stream().map(b -> b.getHeader().getNumber()).toList();
  }

  @Test
  void shouldStartAtTheNodesHeadWhenNothingWasWritten() throws Exception {
    final List<String> mined = node.mine(3, 1);

    follower.follow(node.head());

    assertThat(writtenHashes()).containsExactly(mined.get(2));
    assertThat(written.get(0).getNetwork()).isEqualTo("eth-test");
    assertThat(written.get(0).getLogs()).hasSize(1);
  }

  @Test
  void shouldWriteAHeadWhoseParentIsTheLastWrittenBlockWithItsLogs() throws Exception {
    follower.follow(node.head());
    final String next = node.mine(1, 3).get(0);

    follower.follow(node.head());
    follower.follow(node.head()); // the same head again changes nothing

    assertThat(writtenNumbers()).containsExactly(0L, 1L);
    final EthBlock block = written.get(1);
    assertThat(block.getHeader().getHash()).isEqualTo(next);
    assertThat(block.getHeader().getParentHash()).isEqualTo(node.hashAt(0));
    assertThat(block.getLogs()).extracting(log -> log.getLogIndex()).containsExactly(0, 1, 2);
    assertThat(block.getLogs()).allSatisfy(log -> assertThat(log.getBlockHash()).isEqualTo(next));
    assertThat(block.getTransactionHashes()).hasSize(3);
    assertThat(follower.reorgs()).isZero();
  }

  @Test
  void shouldFillAGapByNumberOldestFirst() throws Exception {
    follower.follow(node.head());
    final List<String> mined = node.mine(5, 1);

    follower.follow(node.head());

    assertThat(writtenHashes()).containsExactly(node.hashAt(0), mined.get(0), mined.get(1), mined.get(2), mined.get(3),
        mined.get(4));
    assertThat(follower.reorgs()).isZero();
  }

  @Test
  void shouldWriteTheNewBranchOldestFirstWhenTheHeadsParentWasNotWritten() throws Exception {
    final String base = node.mine(2, 1).get(1);
    follower.follow(node.head());
    final List<String> orphaned = node.mine(3, 2);
    follower.follow(node.head());
    final List<String> branch = node.mineOn(base, 4, 1); // same heights, one more: the new head
    node.setHead(branch.get(3));

    follower.follow(node.head());

    assertThat(writtenHashes()).containsExactly(base, orphaned.get(0), orphaned.get(1), orphaned.get(2),
        branch.get(0), branch.get(1), branch.get(2), branch.get(3));
    assertThat(writtenNumbers()).containsExactly(2L, 3L, 4L, 5L, 3L, 4L, 5L, 6L);
    assertThat(written.get(4).getHeader().getParentHash()).isEqualTo(base);
    assertThat(follower.reorgs()).isEqualTo(1);
  }

  @Test
  void shouldWalkBackFromAShorterNewBranchAtTheSameHeight() throws Exception {
    final String base = node.mine(1, 0).get(0);
    follower.follow(node.head());
    node.mine(2, 1);
    follower.follow(node.head());
    final String replacement = node.mineOn(base, 1, 1).get(0); // height 2 again
    node.setHead(replacement);

    follower.follow(node.head());

    assertThat(writtenNumbers()).containsExactly(1L, 2L, 3L, 2L);
    assertThat(writtenHashes().get(3)).isEqualTo(replacement);
    assertThat(follower.reorgs()).isEqualTo(1);
  }

  @Test
  void shouldResumeAtTheHeightAfterTheLastBlockOfTheTopic() throws Exception {
    node.mine(4, 1);
    follower.follow(node.head());
    final List<EthBlock> topic = List.copyOf(written);
    written.clear();
    final List<String> later = node.mine(3, 1);

    follower = follower(128);
    follower.restore(topic);
    assertThat(follower.last()).map(ChainFollower.Written::number).contains(4L);
    follower.follow(node.head());

    assertThat(writtenHashes()).containsExactlyElementsOf(later);
    assertThat(writtenNumbers()).containsExactly(5L, 6L, 7L);
  }

  @Test
  void shouldFollowAReorgThatHappenedWhileStopped() throws Exception {
    final String base = node.mine(3, 1).get(2);
    follower.follow(node.head());
    final List<String> orphaned = node.mine(2, 1);
    follower.follow(node.head());
    final List<EthBlock> topic = List.copyOf(written);
    written.clear();
    final List<String> branch = node.mineOn(base, 5, 1);
    node.setHead(branch.get(4));

    follower = follower(128);
    follower.restore(topic);
    follower.follow(node.head());

    assertThat(writtenHashes()).doesNotContainAnyElementsOf(orphaned).containsExactlyElementsOf(branch);
    assertThat(written.get(0).getHeader().getParentHash()).isEqualTo(base);
    assertThat(follower.reorgs()).isEqualTo(1);
  }

  @Test
  void shouldWriteAgainABlockTheNodeWentBackTo() throws Exception {
    final String base = node.mine(1, 0).get(0);
    follower.follow(node.head());
    node.mine(2, 1);
    follower.follow(node.head());
    node.setHead(base); // e.g. evm_revert: the head is a block written before

    follower.follow(node.head());

    assertThat(writtenHashes()).endsWith(base);
    assertThat(follower.last()).map(ChainFollower.Written::hash).contains(base);
  }

  @Test
  void shouldFailLoudlyWhenTheChainDoesNotConnectWithinTheReorgDepth() throws Exception {
    follower = follower(3);
    node.mine(5, 0);
    follower.follow(node.head());
    final List<String> elsewhere = node.mineOn(node.hashAt(0), 8, 0); // forks far below what is remembered
    node.setHead(elsewhere.get(7));

    assertThatThrownBy(() -> follower.follow(node.head()))
        .isInstanceOf(EthNodeSourceException.class)
        .hasMessageContaining("does not connect")
        .hasMessageContaining("ingest.eth.max-reorg-depth (3)");
    assertThat(writtenNumbers()).containsExactly(5L);
  }

  @Test
  void shouldTreatLogsOfAnotherBlockAsAChainThatMoved() throws Exception {
    follower.follow(node.head());
    final List<String> mined = node.mine(2, 1);
    node.answerLogs(mined.get(1), node.logsOf(mined.get(0))); // what ganache serves for an orphaned hash

    assertThatThrownBy(() -> follower.follow(node.head())).isInstanceOf(NodeChangedException.class)
        .hasMessageContaining("answered a log of block " + mined.get(0));
    assertThat(writtenHashes()).containsExactly(node.hashAt(0), mined.get(0));

    node.answerLogs(mined.get(1), node.logsOf(mined.get(1)));
    follower.follow(node.head()); // a retry continues where it stopped
    assertThat(writtenHashes()).containsExactly(node.hashAt(0), mined.get(0), mined.get(1));
  }

  @Test
  void shouldTreatNoLogsForABlockWithABloomAsAChainThatMoved() throws Exception {
    follower.follow(node.head());
    final String mined = node.mine(1, 2).get(0);
    node.answerLogs(mined, FakeEthNode.MAPPER.createArrayNode());

    assertThatThrownBy(() -> follower.follow(node.head())).isInstanceOf(NodeChangedException.class)
        .hasMessageContaining("non-empty logs bloom");
    assertThat(written).hasSize(1);
  }

  @Test
  void shouldBackfillARangeByNumber() throws Exception {
    final List<String> mined = node.mine(10, 1);

    assertThat(follower.startAt(3)).isTrue();
    assertThat(follower.catchUpTo(6)).isTrue();

    assertThat(writtenNumbers()).containsExactly(3L, 4L, 5L, 6L);
    assertThat(writtenHashes().get(0)).isEqualTo(mined.get(2));
  }

  @Test
  void shouldContinueARangeAfterARestartWithoutWritingAnyBlockTwice() throws Exception {
    node.mine(10, 1);
    follower.startAt(3);
    follower.catchUpTo(5);
    final List<EthBlock> topic = List.copyOf(written);
    written.clear();

    follower = follower(128);
    follower.restore(topic);
    assertThat(follower.startAt(3)).isTrue();
    assertThat(follower.catchUpTo(8)).isTrue();

    assertThat(writtenNumbers()).containsExactly(6L, 7L, 8L);
  }

  @Test
  void shouldWaitForARangeTheNodeHasNotReachedYet() throws Exception {
    node.mine(2, 0);

    assertThat(follower.startAt(5)).isFalse();
    node.mine(4, 0);
    assertThat(follower.startAt(5)).isTrue();
    assertThat(follower.catchUpTo(9)).isFalse();
    assertThat(writtenNumbers()).containsExactly(5L, 6L);
  }
}
