package dev.blockwire.ingest.near.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.blockwire.ingest.near.source.ChainLink.Extends;
import dev.blockwire.ingest.near.source.ChainLink.Gap;
import dev.blockwire.ingest.near.source.ChainLink.Mismatch;
import dev.blockwire.ingest.near.source.ChainLink.Written;

class ChainLinkTest {

  private static final Optional<Written> LAST = Optional.of(new Written(100, "H100"));

  @Test
  void shouldAcceptTheNextBlockAndListTheSkippedHeightsBetween() {
    assertThat(ChainLink.check(LAST, 100, 101, OptionalLong.of(100), "H100")).isEqualTo(new Extends(List.of()));
    assertThat(ChainLink.check(LAST, 100, 103, OptionalLong.of(100), "H100")).isEqualTo(new Extends(List.of(101L, 102L)));
  }

  @Test
  void shouldCallANamedParentThatWasAnsweredAsNoBlockAGap() {
    assertThat(ChainLink.check(LAST, 100, 103, OptionalLong.of(102), "H102")).isEqualTo(new Gap(102));
    assertThat(ChainLink.check(Optional.empty(), 49, 52, OptionalLong.of(50), "H50")).isEqualTo(new Gap(50));
  }

  @Test
  void shouldRefuseABlockThatDoesNotConnectToTheLastWritten() {
    assertThat(ChainLink.check(LAST, 100, 101, OptionalLong.of(100), "OTHER")).isInstanceOf(Mismatch.class)
        .extracting(v -> ((Mismatch) v).reason()).asString().contains("prev_hash OTHER", "H100");
    assertThat(ChainLink.check(LAST, 100, 102, OptionalLong.of(99), "H99")).isInstanceOf(Mismatch.class);
    assertThat(ChainLink.check(LAST, 100, 101, OptionalLong.of(101), "H100")).isInstanceOf(Mismatch.class);
    assertThat(ChainLink.check(LAST, 100, 101, OptionalLong.empty(), "OTHER")).isInstanceOf(Mismatch.class);
  }

  @Test
  void shouldStartARunOnAnyParentBelowItsFirstHeight() {
    assertThat(ChainLink.check(Optional.empty(), 49, 51, OptionalLong.of(47), "H47")).isEqualTo(new Extends(List.of(50L)));
    assertThat(ChainLink.check(LAST, 100, 101, OptionalLong.empty(), "H100")).isEqualTo(new Extends(List.of()));
  }
}
