package dev.blockwire.gateway.near;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.Json;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearExecutionStatus;
import org.junit.jupiter.api.Test;

/** The consequences of events.near.stream's recursiveFilter listed in the spec notes, as cases. */
class NearFilterTest {

  static final String MINT = "{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\","
      + "\"data\":[{\"owner_id\":\"alice.near\",\"token_ids\":[\"1\",\"2\"]},{\"owner_id\":\"bob.near\",\"token_ids\":[\"3\"]}]}";

  static NearEventView event(String accountId, NearExecutionStatus status, String eventJson) {
    return new NearEventView(NearEvent.newBuilder()
        .setNetwork("near-mainnet").setBlockHeight(124099140L).setBlockHash("6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU")
        .setBlockTimestampNanos(1722521008924147927L).setBlockEpochId("epoch1").setShardId(2).setReceiptIndex(0)
        .setReceiptId("ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh").setTxHash("HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS")
        .setSignerId("lenguyenwin.near").setSignerPublicKey("ed25519:abc").setPredecessorId("reward-sweatmint.near")
        .setAccountId(accountId).setStatus(status).setLogIndex(1).setStandard("nep171").setVersion("1.0.0")
        .setEvent("nft_mint").setEventJson(eventJson).build());
  }

  static final NearEventView E = event("nft.nearapps.near", NearExecutionStatus.SUCCESS, MINT);

  static boolean matches(String filterJson, NearFormat format) throws Exception {
    final JsonNode filter = Json.MAPPER.readTree(filterJson);
    return new NearFilter(filter).matches(E, format);
  }

  static boolean snake(String filterJson) throws Exception {
    return matches(filterJson, NearFormat.SNAKE);
  }

  static boolean camel(String filterJson) throws Exception {
    return matches(filterJson, NearFormat.CAMEL);
  }

  @Test
  void shouldMatchTheDocumentedExampleFilter() throws Exception {
    assertThat(snake("[{\"account_id\":\"nft.nearapps.near\",\"status\":\"SUCCESS\",\"event\":{\"standard\":\"nep171\",\"event\":\"nft_mint\"}}]")).isTrue();
    assertThat(snake("[{\"account_id\":\"nft.nearapps.near\",\"status\":\"FAILURE\"}]")).isFalse();
  }

  @Test
  void shouldTreatTopLevelArrayAsOrAndObjectAsAnd() throws Exception {
    assertThat(snake("[{\"account_id\":\"x.near\"},{\"status\":\"SUCCESS\"}]")).isTrue();
    assertThat(snake("{\"account_id\":\"x.near\",\"status\":\"SUCCESS\"}")).isFalse();
    assertThat(snake("{\"account_id\":\"nft.nearapps.near\",\"status\":\"SUCCESS\"}")).isTrue();
  }

  @Test
  void shouldMatchEverythingWithEmptyObjectAndNothingWithEmptyArray() throws Exception {
    assertThat(snake("{}")).isTrue();
    assertThat(snake("[{}]")).isTrue();
    assertThat(snake("[]")).isFalse();
  }

  @Test
  void shouldMatchNothingWithScalarTopLevelFilters() throws Exception {
    assertThat(snake("\"nft.nearapps.near\"")).isFalse();
    assertThat(snake("42")).isFalse();
    assertThat(snake("null")).isFalse();
    assertThat(snake("true")).isFalse();
    assertThat(snake("[[{}]]")).isFalse();
    assertThat(snake("[\"nft.nearapps.near\"]")).isFalse();
  }

  @Test
  void shouldNeverMatchMissingKeys() throws Exception {
    assertThat(snake("{\"no_such_key\":{}}")).isFalse();
    assertThat(snake("{\"event\":{\"memo\":null}}")).isFalse();
    assertThat(snake("{\"event\":{\"data\":[{\"memo\":[]}]}}")).isFalse();
  }

  @Test
  void shouldIgnoreExtraEventKeys() throws Exception {
    assertThat(snake("{\"event\":{\"event\":\"nft_mint\"}}")).isTrue();
  }

  @Test
  void shouldMatchArraysPositionallyAsPrefix() throws Exception {
    assertThat(snake("{\"event\":{\"data\":[{\"owner_id\":\"alice.near\"}]}}")).isTrue();
    assertThat(snake("{\"event\":{\"data\":[{\"owner_id\":\"bob.near\"}]}}")).isFalse();
    assertThat(snake("{\"event\":{\"data\":[{},{\"owner_id\":\"bob.near\"}]}}")).isTrue();
    assertThat(snake("{\"event\":{\"data\":[{\"token_ids\":[\"1\"]}]}}")).isTrue();
    assertThat(snake("{\"event\":{\"data\":[{},{},{}]}}")).isFalse();
    assertThat(snake("{\"event\":{\"data\":[]}}")).isTrue();
  }

  @Test
  void shouldCompareLeavesStrictlyWithTheirJsonType() throws Exception {
    assertThat(snake("{\"log_index\":1}")).isTrue();
    assertThat(snake("{\"log_index\":1.0}")).isTrue();
    assertThat(snake("{\"log_index\":\"1\"}")).isFalse();
    assertThat(snake("{\"account_id\":\"NFT.nearapps.near\"}")).isFalse();
    assertThat(snake("{\"event\":{\"data\":{}}}")).isFalse(); // {} against an array
    assertThat(snake("{\"event\":{\"data\":[{\"owner_id\":{}}]}}")).isFalse(); // {} against a string
  }

  @Test
  void shouldRenderHeightAsStringOnSnakeAndNumberOnCamel() throws Exception {
    assertThat(snake("{\"block_height\":\"124099140\"}")).isTrue();
    assertThat(snake("{\"block_height\":124099140}")).isFalse();
    assertThat(camel("{\"blockHeight\":124099140}")).isTrue();
    assertThat(camel("{\"blockHeight\":\"124099140\"}")).isFalse();
  }

  @Test
  void shouldAcceptBothSpellingsOfTopLevelKeys() throws Exception {
    assertThat(snake("{\"accountId\":\"nft.nearapps.near\"}")).isTrue();
    assertThat(camel("{\"account_id\":\"nft.nearapps.near\"}")).isTrue();
    assertThat(snake("{\"blockHeight\":\"124099140\"}")).isTrue();
    assertThat(camel("{\"block_height\":124099140}")).isTrue();
    assertThat(camel("{\"block_timestamp\":\"1722521008924147927\"}")).isTrue();
  }

  @Test
  void shouldMatchNothingOnKeysTheConnectionsFormLacks() throws Exception {
    assertThat(snake("{\"txHash\":\"HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS\"}")).isFalse();
    assertThat(camel("{\"txHash\":\"HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS\"}")).isTrue();
    assertThat(camel("{\"block_epoch_id\":\"epoch1\"}")).isFalse();
    assertThat(snake("{\"block_epoch_id\":\"epoch1\"}")).isTrue();
  }

  @Test
  void shouldNeverRenameKeysInsideEvent() throws Exception {
    assertThat(snake("{\"event\":{\"data\":[{\"ownerId\":\"alice.near\"}]}}")).isFalse();
  }

  static java.util.Optional<java.util.Set<String>> accounts(String filterJson) throws Exception {
    return new NearFilter(Json.MAPPER.readTree(filterJson)).accounts();
  }

  @Test
  void shouldIndexOnlyFiltersWhoseEveryAlternativePinsAnAccount() throws Exception {
    assertThat(accounts("{\"account_id\":\"a.near\",\"status\":\"SUCCESS\"}")).contains(java.util.Set.of("a.near"));
    assertThat(accounts("[{\"account_id\":\"a.near\"},{\"accountId\":\"b.near\"}]"))
        .contains(java.util.Set.of("a.near", "b.near"));
    assertThat(accounts("[{\"account_id\":\"a.near\"},{\"event\":{\"standard\":\"nep171\"}}]")).isEmpty();
    assertThat(accounts("{}")).isEmpty();
    assertThat(accounts("{\"account_id\":1}")).isEmpty();
    assertThat(accounts("\"a.near\"")).isEmpty();
  }

  @Test
  void shouldMatchIndexedFiltersExactlyAsBefore() throws Exception {
    assertThat(snake("[{\"account_id\":\"other.near\"},{\"account_id\":\"nft.nearapps.near\",\"status\":\"SUCCESS\"}]"))
        .isTrue();
    assertThat(camel("{\"accountId\":\"nft.nearapps.near\"}")).isTrue();
    assertThat(snake("[{\"account_id\":\"other.near\"}]")).isFalse();
    assertThat(snake("{\"account_id\":\"nft.nearapps.near\",\"accountId\":\"other.near\"}")).isFalse();
    assertThat(snake("{\"account_id\":\"nft.nearapps.near\",\"status\":\"FAILURE\"}")).isFalse();
  }
}
