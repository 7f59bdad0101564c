package dev.blockwire.gateway.near;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockwire.schemas.near.NearExecutionStatus;
import org.junit.jupiter.api.Test;

class NearEventViewTest {

  static final String FT = "{\"standard\":\"nep141\",\"version\":\"1.0.0\",\"event\":\"ft_transfer\",\"data\":[{\"old_owner_id\":"
      + "\"reward-sweatmint.near\",\"new_owner_id\":\"lenguyenwin.near\",\"amount\":\"1191983510958904109589\",\"memo\":\"STAKING CONTRACT RELEASE REWARD\"}]}";

  final NearEventView view = NearFilterTest.event("token.sweat", NearExecutionStatus.SUCCESS, FT);

  @Test
  void shouldRenderTheDocumentedSnakeFormInItsKeyOrder() {
    assertThat(view.json(NearFormat.SNAKE)).isEqualTo("{\"block_height\":\"124099140\","
        + "\"block_hash\":\"6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU\",\"block_timestamp\":\"1722521008924147927\","
        + "\"block_epoch_id\":\"epoch1\",\"receipt_id\":\"ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh\",\"log_index\":1,"
        + "\"predecessor_id\":\"reward-sweatmint.near\",\"account_id\":\"token.sweat\",\"status\":\"SUCCESS\",\"event\":" + FT + "}");
  }

  @Test
  void shouldRenderTheCamelFormOfTheCurrentAnchor() {
    assertThat(view.json(NearFormat.CAMEL)).isEqualTo("{\"blockHeight\":124099140,"
        + "\"blockHash\":\"6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU\",\"blockTimestampMs\":1722521008924.148,"
        + "\"blockTimestampNs\":\"1722521008924147927\",\"shardId\":2,\"txHash\":\"HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS\","
        + "\"receiptId\":\"ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh\",\"signerId\":\"lenguyenwin.near\","
        + "\"signerPublicKey\":\"ed25519:abc\",\"accountId\":\"token.sweat\",\"predecessorId\":\"reward-sweatmint.near\","
        + "\"status\":\"SUCCESS\",\"logIndex\":1,\"event\":" + FT + "}");
  }

  @Test
  void shouldRenderOnceAndShareTheText() {
    assertThat(view.json(NearFormat.SNAKE)).isSameAs(view.json(NearFormat.SNAKE));
  }
}
