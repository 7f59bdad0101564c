package dev.blockwire.ingest.near;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearExecutionStatus;
import dev.blockwire.schemas.near.NearReceiptOutcome;

class NeardataBlocksTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final NeardataBlocks blocks = new NeardataBlocks(MAPPER);

  /**
   * A neardata {@code /v0/block} document built around two real receipts: F3 (game.hot.tg
   * {@code ft_mint}, block 124766310, {@code timestamp_nanosec} 1722521008924147927) and F2
   * (token.sweat {@code ft_transfer}), plus a Data receipt, a failed receipt and an {@code Unknown}
   * status. Fields the converter does not read are kept to show they are accepted.
   */
  private static final String BLOCK = """
      {"block":{"author":"aurora.pool.near",
        "header":{"height":124766310,"prev_height":124766309,
          "epoch_id":"4aJ5kVvAr1a5HLLwtkXFcv5UGHoBMtnuyuWWSd5VUBju",
          "next_epoch_id":"CjffXJJvGTpuFsRmeVjsjWtDBAsEjhXLS3Kx4yRJXxZr",
          "hash":"6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU",
          "prev_hash":"HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS",
          "timestamp":1722521008924147000,"timestamp_nanosec":"1722521008924147927",
          "chunk_mask":[true,true,true],"gas_price":"100000000","approvals":[null],
          "latest_protocol_version":69},
        "chunks":[{"chunk_hash":"11111111111111111111111111111111","shard_id":0}]},
       "shards":[
        {"shard_id":0,"chunk":null,"receipt_execution_outcomes":[
          {"execution_outcome":{"proof":[],"block_hash":"6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU",
             "id":"2db2GHn4axMqA8fwR42z7UdyiSdyZiDsP4stkFwuFmnH",
             "outcome":{"logs":["claim accepted",
               "EVENT_JSON:{\\"standard\\":\\"nep141\\",\\"version\\":\\"1.0.0\\",\\"event\\":\\"ft_mint\\",\\"data\\":[{\\"owner_id\\":\\"razantio.tg\\",\\"amount\\":\\"59801\\"}]}"],
               "receipt_ids":[],"gas_burnt":2428000000000,"tokens_burnt":"242800000000000000000",
               "executor_id":"game.hot.tg","status":{"SuccessValue":""},"metadata":{"version":3,"gas_profile":null}}},
           "receipt":{"predecessor_id":"ibra31ammar.tg","receiver_id":"game.hot.tg",
             "receipt_id":"2db2GHn4axMqA8fwR42z7UdyiSdyZiDsP4stkFwuFmnH",
             "receipt":{"Action":{"signer_id":"ibra31ammar.tg",
               "signer_public_key":"ed25519:4vq3dbhcG3A1fJufpgMZwa1UKQcnWf3aprFFp916J82Z","gas_price":"100000000",
               "output_data_receivers":[],"input_data_ids":[],
               "actions":[{"FunctionCall":{"method_name":"claim","args":"e30=","gas":30000000000000,"deposit":"0"}}],
               "is_promise_yield":false}},"priority":0},
           "tx_hash":"6uHDr58NnvRy7kEbG4irTkio13o5zyH8Sf77c6MGy7rs"},
          {"execution_outcome":{"proof":[],"block_hash":"6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU",
             "id":"9nQq8aZwbL2viqTroF9m2TN1zJqGkPHut1bUjgS9Ecvr",
             "outcome":{"logs":[],"receipt_ids":[],"gas_burnt":0,"tokens_burnt":"0","executor_id":"usmen.hot.tg",
               "status":{"SuccessValue":"e30="},"metadata":{"version":3,"gas_profile":[]}}},
           "receipt":{"predecessor_id":"game.hot.tg","receiver_id":"usmen.hot.tg",
             "receipt_id":"9nQq8aZwbL2viqTroF9m2TN1zJqGkPHut1bUjgS9Ecvr",
             "receipt":{"Data":{"data_id":"F6oEYHM67nNpqhQEDtXR5Sa8jrVfgmd9WsGbwADiA4mT","data":null,
               "is_promise_resume":false}}},
           "tx_hash":null}],
         "state_changes":[]},
        {"shard_id":1,"chunk":null,"receipt_execution_outcomes":[],"state_changes":[]},
        {"shard_id":2,"chunk":null,"receipt_execution_outcomes":[
          {"execution_outcome":{"proof":[],"block_hash":"6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU",
             "id":"ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh",
             "outcome":{"logs":["EVENT_JSON:{\\"standard\\":\\"nep141\\",\\"version\\":\\"1.0.0\\",\\"event\\":\\"ft_transfer\\",\\"data\\":[{\\"old_owner_id\\":\\"reward-sweatmint.near\\",\\"new_owner_id\\":\\"lenguyenwin.near\\",\\"amount\\":\\"1191983510958904109589\\",\\"memo\\":\\"STAKING CONTRACT RELEASE REWARD\\"}]}"],
               "receipt_ids":[],"gas_burnt":2428000000000,"tokens_burnt":"242800000000000000000",
               "executor_id":"token.sweat","status":{"SuccessReceiptId":"DRuvqo7HiDQkHJkRTTJgdPjKC7kUCYAnjSkByHeZ7Rzo"},
               "metadata":{"version":3,"gas_profile":[]}}},
           "receipt":{"predecessor_id":"reward-sweatmint.near","receiver_id":"token.sweat",
             "receipt_id":"ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh",
             "receipt":{"Action":{"signer_id":"lenguyenwin.near","actions":[]}}},
           "tx_hash":"HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS"},
          {"execution_outcome":{"proof":[],"block_hash":"6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU",
             "id":"HbvGKg2YtsCmvcgRvvwnRzNQKDBhjyM2eZCwGTHURG1F",
             "outcome":{"logs":["first","second","third"],"receipt_ids":[],"gas_burnt":1,"tokens_burnt":"1",
               "executor_id":"x.paras.near",
               "status":{"Failure":{"ActionError":{"index":0,"kind":{"FunctionCallError":{"ExecutionError":"Smart contract panicked: no"}}}}},
               "metadata":{"version":3,"gas_profile":[]}}},
           "receipt":{"predecessor_id":"alice.near","receiver_id":"x.paras.near",
             "receipt_id":"HbvGKg2YtsCmvcgRvvwnRzNQKDBhjyM2eZCwGTHURG1F",
             "receipt":{"Action":{"signer_id":"alice.near","signer_public_key":"ed25519:BVRTxEEMx3gFceSgJtnvPFbSnPDwwUzHe6KGduRh5Byq","actions":[]}}}},
          {"execution_outcome":{"proof":[],"block_hash":"6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU",
             "id":"F6oEYHM67nNpqhQEDtXR5Sa8jrVfgmd9WsGbwADiA4mT",
             "outcome":{"logs":[],"receipt_ids":[],"gas_burnt":1,"tokens_burnt":"1","executor_id":"bob.near",
               "status":"Unknown","metadata":{"version":3,"gas_profile":[]}}},
           "receipt":{"predecessor_id":"alice.near","receiver_id":"bob.near",
             "receipt_id":"F6oEYHM67nNpqhQEDtXR5Sa8jrVfgmd9WsGbwADiA4mT",
             "receipt":{"Action":{"signer_id":"alice.near","actions":[]}}},
           "tx_hash":"9noKHxN7Rj7tNhZVfZZbCRu1ZiWSq8cqDr9RAwX1TL7U"}],
         "state_changes":[{"cause":{"type":"receipt_processing"},"type":"account_update","change":{}}]}]}
      """;

  @Test
  void shouldReadTheHeaderAndKeepNanosecondPrecision() {
    final NearBlock block = blocks.parse(BLOCK, "near-mainnet");

    assertThat(block.getNetwork()).isEqualTo("near-mainnet");
    assertThat(block.getHeight()).isEqualTo(124766310L);
    assertThat(block.getHash()).isEqualTo("6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU");
    assertThat(block.getPrevHash()).isEqualTo("HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS");
    assertThat(block.getEpochId()).isEqualTo("4aJ5kVvAr1a5HLLwtkXFcv5UGHoBMtnuyuWWSd5VUBju");
    assertThat(block.getTimestampNanos()).isEqualTo(1722521008924147927L);
  }

  @Test
  void shouldPreferTimestampNanosecOverTimestamp() {
    // the header above carries timestamp ...147000 and timestamp_nanosec ...147927
    assertThat(blocks.parse(BLOCK, "near-mainnet").getTimestampNanos()).isEqualTo(1722521008924147927L);
  }

  @Test
  void shouldFallBackToTheIntegerTimestampWhenNanosecIsAbsent() {
    final ObjectNode doc = document();
    header(doc).remove("timestamp_nanosec");

    assertThat(blocks.convert(doc, "near-mainnet").getTimestampNanos()).isEqualTo(1722521008924147000L);
  }

  @Test
  void shouldListOutcomesShardByShardInTheirListOrder() {
    final NearBlock block = blocks.parse(BLOCK, "near-mainnet");

    assertThat(block.getOutcomes()).extracting(NearReceiptOutcome::getReceiptId).containsExactly(
        "2db2GHn4axMqA8fwR42z7UdyiSdyZiDsP4stkFwuFmnH",
        "9nQq8aZwbL2viqTroF9m2TN1zJqGkPHut1bUjgS9Ecvr",
        "ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh",
        "HbvGKg2YtsCmvcgRvvwnRzNQKDBhjyM2eZCwGTHURG1F",
        "F6oEYHM67nNpqhQEDtXR5Sa8jrVfgmd9WsGbwADiA4mT");
    assertThat(block.getOutcomes()).extracting(NearReceiptOutcome::getShardId).containsExactly(0, 0, 2, 2, 2);
  }

  @Test
  void shouldMapSuccessValueAndSuccessReceiptIdToSuccessAndAnythingElseToFailure() {
    final NearBlock block = blocks.parse(BLOCK, "near-mainnet");

    assertThat(block.getOutcomes()).extracting(NearReceiptOutcome::getStatus).containsExactly(
        NearExecutionStatus.SUCCESS,  // SuccessValue ""
        NearExecutionStatus.SUCCESS,  // SuccessValue "e30="
        NearExecutionStatus.SUCCESS,  // SuccessReceiptId
        NearExecutionStatus.FAILURE,  // Failure
        NearExecutionStatus.FAILURE); // "Unknown"
  }

  @Test
  void shouldKeepEveryLogLineInOrderIncludingNonEvents() {
    final NearBlock block = blocks.parse(BLOCK, "near-mainnet");

    assertThat(block.getOutcomes().get(0).getLogs()).containsExactly("claim accepted",
        "EVENT_JSON:{\"standard\":\"nep141\",\"version\":\"1.0.0\",\"event\":\"ft_mint\",\"data\":[{\"owner_id\":\"razantio.tg\",\"amount\":\"59801\"}]}");
    assertThat(block.getOutcomes().get(3).getLogs()).containsExactly("first", "second", "third");
    assertThat(block.getOutcomes().get(4).getLogs()).isEmpty();
  }

  @Test
  void shouldCarryTheRealReceiptContextOfF2() {
    final NearReceiptOutcome f2 = blocks.parse(BLOCK, "near-mainnet").getOutcomes().get(2);

    assertThat(f2.getReceiptId()).isEqualTo("ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh");
    assertThat(f2.getReceiverId()).isEqualTo("token.sweat");
    assertThat(f2.getPredecessorId()).isEqualTo("reward-sweatmint.near");
    assertThat(f2.getSignerId()).isEqualTo("lenguyenwin.near");
    assertThat(f2.getSignerPublicKey()).as("absent in this receipt").isNull();
    assertThat(f2.getTxHash()).isEqualTo("HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS");
  }

  @Test
  void shouldTakeTheSignerOnlyFromActionReceipts() {
    final NearBlock block = blocks.parse(BLOCK, "near-mainnet");

    final NearReceiptOutcome action = block.getOutcomes().get(0);
    assertThat(action.getSignerId()).isEqualTo("ibra31ammar.tg");
    assertThat(action.getSignerPublicKey()).isEqualTo("ed25519:4vq3dbhcG3A1fJufpgMZwa1UKQcnWf3aprFFp916J82Z");
    final NearReceiptOutcome data = block.getOutcomes().get(1);
    assertThat(data.getSignerId()).isNull();
    assertThat(data.getSignerPublicKey()).isNull();
    assertThat(data.getPredecessorId()).isEqualTo("game.hot.tg");
    assertThat(data.getReceiverId()).isEqualTo("usmen.hot.tg");
  }

  @Test
  void shouldCarryTheTransactionHashOnlyWhenPresent() {
    final NearBlock block = blocks.parse(BLOCK, "near-mainnet");

    assertThat(block.getOutcomes()).extracting(NearReceiptOutcome::getTxHash).containsExactly(
        "6uHDr58NnvRy7kEbG4irTkio13o5zyH8Sf77c6MGy7rs",
        null,   // "tx_hash": null
        "HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS",
        null,   // no tx_hash key at all
        "9noKHxN7Rj7tNhZVfZZbCRu1ZiWSq8cqDr9RAwX1TL7U");
  }

  @Test
  void shouldReadUtf8Bytes() {
    final NearBlock block = blocks.parse(BLOCK.getBytes(StandardCharsets.UTF_8), "near-testnet");

    assertThat(block.getNetwork()).isEqualTo("near-testnet");
    assertThat(block.getOutcomes()).hasSize(5);
  }

  @Test
  void shouldAcceptHeightsAndTimestampsGivenAsDecimalStrings() {
    final ObjectNode doc = document();
    header(doc).put("height", "124766310");

    assertThat(blocks.convert(doc, "near-mainnet").getHeight()).isEqualTo(124766310L);
  }

  @Test
  void shouldAcceptABlockWithoutShardsContent() {
    final ObjectNode doc = document();
    doc.putArray("shards");

    assertThat(blocks.convert(doc, "near-mainnet").getOutcomes()).isEmpty();
  }

  @Test
  void shouldRejectMalformedJson() {
    assertThatThrownBy(() -> blocks.parse("{\"block\":", "near-mainnet"))
        .isInstanceOf(NeardataFormatException.class)
        .hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> blocks.parse(BLOCK + " {}", "near-mainnet"))
        .isInstanceOf(NeardataFormatException.class)
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void shouldRejectTheNullThatNeardataServesForASkippedHeight() {
    assertThatThrownBy(() -> blocks.parse("null", "near-mainnet"))
        .isInstanceOf(NeardataFormatException.class)
        .hasMessageContaining("document is null");
  }

  @Test
  void shouldNameAMissingHeaderField() {
    final ObjectNode doc = document();
    header(doc).remove("prev_hash");

    assertThatThrownBy(() -> blocks.convert(doc, "near-mainnet"))
        .isInstanceOf(NeardataFormatException.class)
        .hasMessage("neardata block 124766310: block.header.prev_hash: missing required field")
        .extracting(e -> ((NeardataFormatException) e).field()).isEqualTo("block.header.prev_hash");
  }

  @Test
  void shouldNameAMissingHeight() {
    final ObjectNode doc = document();
    header(doc).remove("height");

    assertThatThrownBy(() -> blocks.convert(doc, "near-mainnet"))
        .hasMessage("neardata block: block.header.height: missing required field");
  }

  @Test
  void shouldNameAMissingReceiptFieldByItsPath() {
    final ObjectNode doc = document();
    outcome(doc, 2, 1).withObjectProperty("receipt").remove("receipt_id");

    assertThatThrownBy(() -> blocks.convert(doc, "near-mainnet"))
        .isInstanceOf(NeardataFormatException.class)
        .hasMessageContaining("shards[2].receipt_execution_outcomes[1].receipt.receipt_id: missing required field")
        .hasMessageContaining("124766310");
  }

  @Test
  void shouldNameAMissingStatus() {
    final ObjectNode doc = document();
    outcome(doc, 0, 0).withObjectProperty("execution_outcome").withObjectProperty("outcome").remove("status");

    assertThatThrownBy(() -> blocks.convert(doc, "near-mainnet"))
        .hasMessageContaining("shards[0].receipt_execution_outcomes[0].execution_outcome.outcome.status");
  }

  @Test
  void shouldNameAMissingSignerOfAnActionReceipt() {
    final ObjectNode doc = document();
    outcome(doc, 0, 0).withObjectProperty("receipt").withObjectProperty("receipt").withObjectProperty("Action").remove("signer_id");

    assertThatThrownBy(() -> blocks.convert(doc, "near-mainnet"))
        .hasMessageContaining("shards[0].receipt_execution_outcomes[0].receipt.receipt.Action.signer_id");
  }

  @Test
  void shouldRejectALogThatIsNotAString() {
    final ObjectNode doc = document();
    ((ArrayNode) outcome(doc, 0, 0).withObjectProperty("execution_outcome").withObjectProperty("outcome").get("logs")).add(42);

    assertThatThrownBy(() -> blocks.convert(doc, "near-mainnet"))
        .hasMessageContaining("execution_outcome.outcome.logs[2]: not a string");
  }

  @Test
  void shouldRejectAFractionalOrNegativeHeight() {
    final ObjectNode fractional = document();
    header(fractional).put("height", 1.5e8);
    assertThatThrownBy(() -> blocks.convert(fractional, "near-mainnet"))
        .hasMessageContaining("block.header.height: expected an integer");

    final ObjectNode negative = document();
    header(negative).put("height", -1);
    assertThatThrownBy(() -> blocks.convert(negative, "near-mainnet"))
        .hasMessageContaining("block.header.height: out of range");
  }

  @Test
  void shouldRejectATimestampThatIsNotADecimalString() {
    final ObjectNode doc = document();
    header(doc).put("timestamp_nanosec", "1.7e18");

    assertThatThrownBy(() -> blocks.convert(doc, "near-mainnet"))
        .hasMessageContaining("block.header.timestamp_nanosec: expected a decimal integer");
  }

  @Test
  void shouldRejectShardsThatAreNotAnArray() {
    final ObjectNode doc = document();
    doc.putObject("shards");

    assertThatThrownBy(() -> blocks.convert(doc, "near-mainnet"))
        .hasMessageContaining("shards: expected a JSON array but found an object");
  }

  private static ObjectNode document() {
    try {
      return (ObjectNode) MAPPER.readTree(BLOCK);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode header(ObjectNode doc) {
    return (ObjectNode) doc.get("block").get("header");
  }

  private static ObjectNode outcome(ObjectNode doc, int shard, int index) {
    final JsonNode outcomes = doc.get("shards").get(shard).get("receipt_execution_outcomes");
    return (ObjectNode) outcomes.get(index);
  }
}
