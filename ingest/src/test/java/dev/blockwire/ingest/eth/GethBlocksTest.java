package dev.blockwire.ingest.eth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthHeader;
import dev.blockwire.schemas.eth.EthLog;

class GethBlocksTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final GethBlocks GETH = new GethBlocks(MAPPER);

  private static final String HASH = "0x9b0c4e2a8d1f3c5e7a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7";
  private static final String PARENT = "0x1111111111111111111111111111111111111111111111111111111111111111";
  private static final String TX0 = "0xaaaa000000000000000000000000000000000000000000000000000000000000";
  private static final String TX1 = "0xbbbb000000000000000000000000000000000000000000000000000000000000";
  private static final String TOKEN = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
  private static final String TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  private static final String WORD = "0x0000000000000000000000004838b106fce9647bdf1e7877bf73ce8b0bad5f97";

  /** A Prague-era block as geth's eth_getBlockByHash(h, false) returns it, and its two logs. */
  private static ObjectNode document() {
    final ObjectNode block = MAPPER.createObjectNode();
    block.put("baseFeePerGas", "0x1dcd6500");
    block.put("blobGasUsed", "0x60000");
    block.put("difficulty", "0x0");
    block.put("excessBlobGas", "0x0");
    block.put("extraData", "0x6265617665726275696c642e6f7267");
    block.put("gasLimit", "0x2aea540");
    block.put("gasUsed", "0x1c9c380");
    block.put("hash", HASH);
    block.put("logsBloom", "0x" + "00".repeat(256));
    block.put("miner", "0x4838b106fce9647bdf1e7877bf73ce8b0bad5f97");
    block.put("mixHash", "0x" + "ab".repeat(32));
    block.put("nonce", "0x0000000000000000");
    block.put("number", "0x1544fa0");
    block.put("parentBeaconBlockRoot", "0x" + "cd".repeat(32));
    block.put("parentHash", PARENT);
    block.put("receiptsRoot", "0x" + "01".repeat(32));
    block.put("requestsHash", "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    block.put("sha3Uncles", "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
    block.put("size", "0x2a1f");
    block.put("stateRoot", "0x" + "02".repeat(32));
    block.put("timestamp", "0x6830f7a3");
    block.putArray("transactions").add(TX0).add(TX1);
    block.put("transactionsRoot", "0x" + "03".repeat(32));
    block.putArray("uncles");
    block.putArray("withdrawals").addObject().put("index", "0x1").put("validatorIndex", "0x2")
        .put("address", "0x" + "04".repeat(20)).put("amount", "0x10");
    block.put("withdrawalsRoot", "0x" + "05".repeat(32));

    final ObjectNode document = MAPPER.createObjectNode();
    document.set("block", block);
    final ArrayNode logs = document.putArray("logs");
    logs.add(log(0, 0).put("removed", false));
    logs.add(log(1, 1).put("removed", false));
    return document;
  }

  private static ObjectNode log(int txIndex, int logIndex) {
    final ObjectNode log = MAPPER.createObjectNode();
    log.put("address", TOKEN);
    log.putArray("topics").add(TRANSFER).add(WORD).add(WORD);
    log.put("data", "0x00000000000000000000000000000000000000000000000000000000000f4240");
    log.put("blockNumber", "0x1544fa0");
    log.put("transactionHash", txIndex == 0 ? TX0 : TX1);
    log.put("transactionIndex", "0x" + Integer.toHexString(txIndex));
    log.put("blockHash", HASH);
    log.put("blockTimestamp", "0x6830f7a3");
    log.put("logIndex", "0x" + Integer.toHexString(logIndex));
    return log;
  }

  @Test
  void shouldConvertABlockAndItsLogsKeepingHexAsGiven() {
    final EthBlock block = GETH.convert(document(), "eth-mainnet");

    assertThat(block.getNetwork()).isEqualTo("eth-mainnet");
    final EthHeader header = block.getHeader();
    assertThat(header.getNumber()).isEqualTo(22_302_624L);
    assertThat(header.getTimestamp()).isEqualTo(1_748_039_587L);
    assertThat(header.getHash()).isEqualTo(HASH);
    assertThat(header.getParentHash()).isEqualTo(PARENT);
    assertThat(header.getGasLimit()).isEqualTo("0x2aea540");
    assertThat(header.getBaseFeePerGas()).isEqualTo("0x1dcd6500");
    assertThat(header.getExcessBlobGas()).isEqualTo("0x0");
    assertThat(header.getRequestsHash()).startsWith("0xe3b0c442");
    assertThat(header.getExtraData()).isEqualTo("0x6265617665726275696c642e6f7267");
    assertThat(header.getBlockAccessListHash()).as("absent fork field").isNull();
    assertThat(header.getSlotNumber()).isNull();
    assertThat(block.getTransactionHashes()).containsExactly(TX0, TX1);

    assertThat(block.getLogs()).hasSize(2);
    final EthLog log = block.getLogs().get(1);
    assertThat(log.getAddress()).isEqualTo(TOKEN);
    assertThat(log.getTopics()).containsExactly(TRANSFER, WORD, WORD);
    assertThat(log.getData()).endsWith("0f4240");
    assertThat(log.getBlockNumber()).isEqualTo(22_302_624L);
    assertThat(log.getBlockHash()).isEqualTo(HASH);
    assertThat(log.getBlockTimestamp()).isEqualTo(1_748_039_587L);
    assertThat(log.getTransactionHash()).isEqualTo(TX1);
    assertThat(log.getTransactionIndex()).isEqualTo(1);
    assertThat(log.getLogIndex()).isEqualTo(1);
    assertThat(log.getRemoved()).isFalse();
  }

  @Test
  void shouldParseTheFixtureLineShapeFromText() throws Exception {
    final EthBlock fromText = GETH.parse(MAPPER.writeValueAsString(document()), "eth-mainnet");
    final EthBlock fromBytes = GETH.parse(MAPPER.writeValueAsBytes(document()), "eth-mainnet");
    final EthBlock fromTwoResults = GETH.convert(document().get("block"), document().get("logs"), "eth-mainnet");

    assertThat(fromText).isEqualTo(fromBytes).isEqualTo(fromTwoResults);
  }

  @Test
  void shouldLeaveForkFieldsNullWhenAbsentOrNull() {
    final ObjectNode document = document();
    final ObjectNode block = (ObjectNode) document.get("block");
    block.remove("baseFeePerGas"); // a pre-London block: eth_getBlockByHash omits the field
    block.remove("withdrawalsRoot");
    block.set("blobGasUsed", NullNode.instance); // newHeads writes null
    block.set("slotNumber", NullNode.instance);

    final EthHeader header = GETH.convert(document, "eth-mainnet").getHeader();

    assertThat(header.getBaseFeePerGas()).isNull();
    assertThat(header.getWithdrawalsRoot()).isNull();
    assertThat(header.getBlobGasUsed()).isNull();
    assertThat(header.getSlotNumber()).isNull();
    assertThat(header.getExcessBlobGas()).isEqualTo("0x0");
  }

  @Test
  void shouldReadANewHeadsHeaderWithNullForkFields() throws Exception {
    final JsonNode newHeads = MAPPER.readTree("{\"parentHash\":\"" + PARENT + "\",\"sha3Uncles\":\"0x" + "1d".repeat(32)
        + "\",\"miner\":\"0x" + "00".repeat(20) + "\",\"stateRoot\":\"0x" + "02".repeat(32) + "\",\"transactionsRoot\":\"0x"
        + "03".repeat(32) + "\",\"receiptsRoot\":\"0x" + "01".repeat(32) + "\",\"logsBloom\":\"0x" + "00".repeat(256)
        + "\",\"difficulty\":\"0x0\",\"number\":\"0x1b4\",\"gasLimit\":\"0x1c9c380\",\"gasUsed\":\"0x0\","
        + "\"timestamp\":\"0x6830f7a3\",\"extraData\":\"0x\",\"mixHash\":\"0x" + "ab".repeat(32)
        + "\",\"nonce\":\"0x0000000000000000\",\"baseFeePerGas\":\"0x7\",\"withdrawalsRoot\":null,\"blobGasUsed\":null,"
        + "\"excessBlobGas\":null,\"parentBeaconBlockRoot\":null,\"requestsHash\":null,\"blockAccessListHash\":null,"
        + "\"slotNumber\":null,\"hash\":\"" + HASH + "\"}");

    final EthHeader header = GETH.header(newHeads);

    assertThat(header.getNumber()).isEqualTo(436L);
    assertThat(header.getExtraData()).isEqualTo("0x");
    assertThat(header.getBaseFeePerGas()).isEqualTo("0x7");
    assertThat(header.getWithdrawalsRoot()).isNull();
    assertThat(header.getRequestsHash()).isNull();
  }

  @Test
  void shouldTakeHashesOfFullTransactionObjects() {
    final ObjectNode document = document();
    final ArrayNode txs = ((ObjectNode) document.get("block")).putArray("transactions");
    txs.addObject().put("hash", TX0).put("nonce", "0x1");
    txs.addObject().put("hash", TX1).put("nonce", "0x2");

    assertThat(GETH.convert(document, "eth-mainnet").getTransactionHashes()).containsExactly(TX0, TX1);
  }

  @Test
  void shouldAcceptADecimalBlockTimestampAndFillAMissingOneFromTheHeader() {
    final ObjectNode document = document();
    logAt(document, 0).put("blockTimestamp", 1_748_039_587L); // geth 1.16.0 wrote a JSON number
    logAt(document, 1).remove("blockTimestamp"); // older nodes do not send it

    final EthBlock block = GETH.convert(document, "eth-mainnet");

    assertThat(block.getLogs()).extracting(EthLog::getBlockTimestamp).containsExactly(1_748_039_587L, 1_748_039_587L);
  }

  @Test
  void shouldReadASingleLogIncludingARemovedOne() {
    final EthLog log = GETH.log(log(0, 5).put("removed", true));

    assertThat(log.getRemoved()).isTrue();
    assertThat(log.getLogIndex()).isEqualTo(5);
    assertThat(GETH.log(log(0, 5)).getRemoved()).as("absent = false").isFalse();
  }

  @Test
  void shouldNameTheMissingOrMistypedField() {
    assertFails(d -> block(d).remove("parentHash"), "block.parentHash", "missing required field");
    assertFails(d -> block(d).put("number", 12), "block.number", "expected a hex quantity string but found a number");
    assertFails(d -> block(d).put("number", "12"), "block.number", "expected a lowercase hex quantity");
    assertFails(d -> block(d).put("timestamp", "0x"), "block.timestamp", "expected a lowercase hex quantity");
    assertFails(d -> block(d).put("gasUsed", "0xZZ"), "block.gasUsed", "expected a lowercase hex quantity");
    assertFails(d -> block(d).put("number", "0x10000000000000000"), "block.number", "out of range");
    assertFails(d -> block(d).put("transactions", "none"), "block.transactions", "expected a JSON array");
    assertFails(d -> block(d).putArray("transactions").add(7), "block.transactions[0]", "expected a hex string");
    assertFails(d -> d.put("logs", "none"), "logs", "expected a JSON array but found a string");
    assertFails(d -> logAt(d, 1).remove("logIndex"), "logs[1].logIndex", "missing required field");
    assertFails(d -> logAt(d, 0).put("transactionIndex", "0x100000000"), "logs[0].transactionIndex", "out of range");
    assertFails(d -> logAt(d, 0).put("removed", "no"), "logs[0].removed", "expected true or false");
  }

  @Test
  void shouldRejectUppercaseOrWronglySizedHex() {
    assertFails(d -> block(d).put("hash", HASH.toUpperCase().replace("0X", "0x")), "block.hash", "lowercase hex");
    assertFails(d -> block(d).put("miner", "0x4838B106FCe9647Bdf1E7877BF73cE8B0BAD5f97"), "block.miner",
        "lowercase hex");
    assertFails(d -> block(d).put("parentHash", "0x1234"), "block.parentHash", "expected 32 bytes (64 hex digits)");
    assertFails(d -> block(d).put("logsBloom", "0x00"), "block.logsBloom", "expected 256 bytes");
    assertFails(d -> block(d).put("extraData", "0xabc"), "block.extraData", "odd number of hex digits");
    assertFails(d -> block(d).put("stateRoot", "02".repeat(32)), "block.stateRoot", "0x-prefixed");
    assertFails(d -> logAt(d, 0).put("address", "0x1234"), "logs[0].address", "expected 20 bytes");
    assertFails(d -> ((ArrayNode) logAt(d, 0).get("topics")).add(WORD).add(WORD), "logs[0].topics",
        "at most 4 topics");
  }

  @Test
  void shouldRejectLogsOfAnotherBlockRemovedLogsAndLogsOutOfOrder() {
    assertFails(d -> logAt(d, 1).put("blockHash", PARENT), "logs[1].blockHash", "the log belongs to block " + PARENT);
    assertFails(d -> logAt(d, 0).put("blockNumber", "0x1"), "logs[0].blockNumber", "block number 1");
    assertFails(d -> logAt(d, 0).put("blockTimestamp", "0x1"), "logs[0].blockTimestamp", "is not the header's");
    assertFails(d -> logAt(d, 1).put("removed", true), "logs[1].removed", "cannot be removed logs");
    assertFails(d -> logAt(d, 1).put("logIndex", "0x0"), "logs[1].logIndex", "logs must be in log order");
  }

  @Test
  void shouldRejectMalformedJsonAndNullBlocks() {
    assertThatThrownBy(() -> GETH.parse("{\"block\":", "eth-mainnet"))
        .isInstanceOf(GethFormatException.class).hasMessageContaining("malformed JSON")
        .extracting(e -> ((GethFormatException) e).field()).isEqualTo("$");
    assertThatThrownBy(() -> GETH.parse("{} {}", "eth-mainnet")).isInstanceOf(GethFormatException.class);
    assertThatThrownBy(() -> GETH.parse("{\"block\":null,\"logs\":[]}", "eth-mainnet"))
        .isInstanceOf(GethFormatException.class).hasMessageContaining("block: missing required field");
    assertThatThrownBy(() -> GETH.convert(NullNode.instance, MAPPER.createArrayNode(), "eth-mainnet"))
        .isInstanceOf(GethFormatException.class).hasMessageContaining("a node returns null for a block it does not have");
    assertThatThrownBy(() -> GETH.parse("[]", "eth-mainnet"))
        .isInstanceOf(GethFormatException.class).hasMessageContaining("$: expected a JSON object but found an array");
  }

  private static ObjectNode block(ObjectNode document) {
    return (ObjectNode) document.get("block");
  }

  private static ObjectNode logAt(ObjectNode document, int i) {
    return (ObjectNode) document.get("logs").get(i);
  }

  private static void assertFails(Consumer<ObjectNode> breakIt, String field, String problem) {
    final ObjectNode document = document();
    breakIt.accept(document);
    assertThatThrownBy(() -> GETH.convert(document, "eth-mainnet"))
        .as(field)
        .isInstanceOf(GethFormatException.class)
        .hasMessageContaining(field + ": ")
        .hasMessageContaining(problem)
        .extracting(e -> ((GethFormatException) e).field()).isEqualTo(field);
  }
}
