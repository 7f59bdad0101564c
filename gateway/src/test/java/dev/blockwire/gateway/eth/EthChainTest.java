package dev.blockwire.gateway.eth;

import static dev.blockwire.gateway.eth.EthTestChain.TRANSFER;
import static dev.blockwire.gateway.eth.EthTestChain.USDT;
import static dev.blockwire.gateway.eth.EthTestChain.log;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.blockwire.schemas.eth.EthBlockRef;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthLog;
import org.junit.jupiter.api.Test;

/** The canonical window: reorgs, retracted and appended logs, rewinds and the memory bounds. */
class EthChainTest {

  final EthTestChain blocks = new EthTestChain(null);
  final List<EthChainBlock> canonical = new ArrayList<>();

  EthChainBlock block(long number, String fork, int logs) {
    final String parent = canonical.isEmpty() ? EthTestChain.sha("genesis")
        : canonical.get(canonical.size() - 1).getHeader().getHash().toString();
    final List<EthTestChain.LogSpec> specs = new ArrayList<>();
    for (int i = 0; i < logs; i++) {
      specs.add(log(USDT, "0x0" + i, TRANSFER));
    }
    return blocks.next(number, parent, fork, specs);
  }

  static EthUpdateView update(List<EthChainBlock> dropped, List<EthLog> removed, List<EthChainBlock> added,
      List<EthLog> appended, EthChainBlock head) {
    final List<EthBlockRef> refs = new ArrayList<>();
    for (EthChainBlock block : dropped) {
      refs.add(new EthBlockRef(block.getHeader().getNumber(), block.getHeader().getHash()));
    }
    return EthUpdateView.of(EthChainUpdate.newBuilder().setNetwork("eth-mainnet").setDropped(refs)
        .setRemovedLogs(new ArrayList<>(removed)).setAdded(new ArrayList<>(added)).setAppendedLogs(new ArrayList<>(appended))
        .setHeadNumber(head.getHeader().getNumber()).setHeadHash(head.getHeader().getHash()).build(), GethVersion.V1_17);
  }

  EthChain.Applied extend(EthChain chain, int logs) {
    final EthChainBlock next = block(canonical.isEmpty() ? 100 : canonical.size() + 100, "main", logs);
    canonical.add(next);
    return chain.apply(update(List.of(), List.of(), List.of(next), List.of(), next));
  }

  @Test
  void shouldKeepTheNewestWindowOfBlocksAndDropLogsBeyondTheBound() {
    final EthChain chain = new EthChain(5, 6);
    for (int i = 0; i < 8; i++) {
      extend(chain, 2);
    }
    assertThat(chain.head()).isEqualTo(107);
    assertThat(chain.oldest()).isEqualTo(103);
    assertThat(chain.blockCount()).isEqualTo(5);
    assertThat(chain.logCount()).isEqualTo(6);
    assertThat(chain.logsCutoff()).isEqualTo(105); // blocks 103 and 104 keep their headers, not their logs
    assertThat(chain.byNumber(104).logs).isEmpty();
    assertThat(chain.belowHead(2).number).isEqualTo(105);
    assertThat(chain.belowHead(10)).isNull();
  }

  @Test
  void shouldReplaceReorgedBlocksAndAnnounceTheNewHead() {
    final EthChain chain = new EthChain(100, 1000);
    for (int i = 0; i < 3; i++) {
      extend(chain, 1);
    }
    final EthChainBlock dropped = canonical.remove(2);
    final EthChainBlock replacement = block(102, "fork", 2);
    canonical.add(replacement);
    final EthChain.Applied applied = chain.apply(update(List.of(dropped), EthTestChain.removedLogs(List.of(dropped)),
        List.of(replacement), List.of(), replacement));
    assertThat(applied.removedLogs()).hasSize(1);
    assertThat(applied.removedLogs().get(0).json()).endsWith("\"removed\":true}");
    assertThat(applied.newHead().hash).isEqualTo(replacement.getHeader().getHash().toString());
    assertThat(chain.byHash(dropped.getHeader().getHash().toString())).isNull();
    assertThat(chain.byNumber(102).logs).hasSize(2);
  }

  @Test
  void shouldApplyRetractedAndAppendedLogsToCanonicalBlocks() {
    final EthChain chain = new EthChain(100, 1000);
    extend(chain, 2);
    final EthChainBlock block = canonical.get(0);
    final EthLog retracted = EthLog.newBuilder(block.getLogs().get(0)).setRemoved(true).build();
    final EthLog appended = EthLog.newBuilder(block.getLogs().get(1)).setLogIndex(5).setBlockTimestamp(null).build();
    final EthChain.Applied applied = chain.apply(update(List.of(), List.of(retracted), List.of(), List.of(appended), block));
    assertThat(applied.newHead()).isNull();
    assertThat(applied.appendedLogs().get(0).json()).contains("\"blockTimestamp\":\"" + EthTestChain.hex(block.getHeader()
        .getTimestamp()) + "\""); // resolved from the window
    assertThat(chain.byNumber(100).logs).extracting(EthLogView::logIndex).containsExactly(1, 5);
  }

  @Test
  void shouldAnnounceTheLowerHeadOfARewind() {
    final EthChain chain = new EthChain(100, 1000);
    for (int i = 0; i < 3; i++) {
      extend(chain, 0);
    }
    final EthChainBlock dropped = canonical.remove(2);
    final EthChain.Applied applied = chain.apply(update(List.of(dropped), List.of(), List.of(), List.of(),
        canonical.get(1)));
    assertThat(chain.head()).isEqualTo(101);
    assertThat(applied.newHead().number).isEqualTo(101);
  }
}
