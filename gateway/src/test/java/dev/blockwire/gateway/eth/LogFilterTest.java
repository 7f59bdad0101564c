package dev.blockwire.gateway.eth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.blockwire.schemas.eth.EthLog;
import org.junit.jupiter.api.Test;

/** geth's FilterCriteria parsing and filterLogs matching. */
class LogFilterTest {

  static final String USDT = "0xdac17f958d2ee523a2206206994597c13d831ec7";
  static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
  static final String TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  static final String APPROVAL = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
  static final String ALICE = "0x000000000000000000000000" + "a".repeat(40);
  static final String BOB = "0x000000000000000000000000" + "b".repeat(40);

  static LogFilter filter(String json) throws EthArgs.ArgException {
    return LogFilter.parse(EthCodecTest.value(json));
  }

  static String error(String json) {
    try {
      filter(json);
      return null;
    } catch (EthArgs.ArgException e) {
      return e.getMessage();
    }
  }

  static EthLogView log(long block, String address, String... topics) {
    return EthLogView.of(EthLog.newBuilder().setAddress(address).setTopics(List.of(topics)).setData("0x")
        .setBlockNumber(block).setTransactionHash("0x" + "1".repeat(64)).setTransactionIndex(0)
        .setBlockHash("0x" + "2".repeat(64)).setBlockTimestamp(1_700_000_000L).setLogIndex(0).setRemoved(false)
        .build(), null);
  }

  @Test
  void shouldRejectBadAddressesWithGethsMessages() {
    assertThat(error("{\"address\":5}")).isEqualTo("invalid addresses in query");
    assertThat(error("{\"address\":{}}")).isEqualTo("invalid addresses in query");
    assertThat(error("{\"address\":[\"" + USDT + "\",5]}")).isEqualTo("non-string address at index 1");
    assertThat(error("{\"address\":\"0x12\"}"))
        .isEqualTo("invalid address: hex has invalid length 1 after decoding; expected 20 for address");
    assertThat(error("{\"address\":[\"0xzz\"]}")).isEqualTo("invalid address at index 0: invalid hex string");
    assertThat(error("{\"address\":\"abc\"}")).isEqualTo("invalid address: hex string without 0x prefix");
    assertThat(error("{\"address\":\"0x123\"}")).isEqualTo("invalid address: hex string of odd length");
    assertThat(error("{\"address\":\"\"}")).isEqualTo("invalid address: empty hex string");
  }

  @Test
  void shouldRejectBadTopicsWithGethsMessages() {
    assertThat(error("{\"topics\":[null,null,null,null,null]}")).isEqualTo("exceed max topics");
    assertThat(error("{\"topics\":[5]}")).isEqualTo("invalid topic(s)");
    assertThat(error("{\"topics\":[[5]]}")).isEqualTo("invalid topic(s)");
    assertThat(error("{\"topics\":[\"0x12\"]}")).isEqualTo("hex has invalid length 1 after decoding; expected 32 for topic");
    assertThat(error("{\"topics\":[\"12\"]}")).isEqualTo("hex string without 0x prefix");
    assertThat(error("{\"topics\":\"x\"}"))
        .isEqualTo("json: cannot unmarshal string into Go struct field input.topics of type []interface {}");
    assertThat(error("{\"topics\":[[" + ("\"" + TRANSFER + "\",").repeat(1000) + "\"" + TRANSFER + "\"]]}"))
        .isEqualTo("exceed max topics");
    // a null member makes the position a wildcard and the rest is not looked at
    assertThat(error("{\"topics\":[[null,\"junk\"]]}")).isNull();
  }

  @Test
  void shouldRejectBadRangesAndTypesWithGethsMessages() {
    assertThat(error("{\"blockHash\":\"0x" + "1".repeat(64) + "\",\"fromBlock\":\"0x1\"}"))
        .isEqualTo("cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other");
    assertThat(error("{\"blockHash\":\"0x12\"}")).isEqualTo("hex string has length 2, want 64 for common.Hash");
    assertThat(error("{\"blockHash\":\"12\"}"))
        .isEqualTo("json: cannot unmarshal hex string without 0x prefix into Go struct field input.blockHash of type common.Hash");
    assertThat(error("{\"fromBlock\":\"0x010\"}")).isEqualTo("hex number with leading zero digits");
    assertThat(error("\"abc\"")).isEqualTo("json: cannot unmarshal string into Go value of type filters.input");
    assertThat(error("[]")).isEqualTo("json: cannot unmarshal array into Go value of type filters.input");
    assertThat(error("null")).isNull();
  }

  @Test
  void shouldMatchAddressesAsAnyOfTheList() throws Exception {
    final LogFilter one = filter("{\"address\":\"" + USDT.toUpperCase().replace("0X", "0x") + "\"}");
    assertThat(one.matches(log(1, USDT, TRANSFER))).isTrue();
    assertThat(one.matches(log(1, WETH, TRANSFER))).isFalse();
    final LogFilter list = filter("{\"address\":[\"" + USDT + "\",\"" + WETH + "\"]}");
    assertThat(list.matches(log(1, WETH, TRANSFER))).isTrue();
    assertThat(filter("{\"address\":[]}").matches(log(1, WETH))).isTrue();
  }

  @Test
  void shouldMatchTopicsPositionallyWithWildcardsAndOrLists() throws Exception {
    final LogFilter transferFromAlice = filter("{\"topics\":[\"" + TRANSFER + "\",\"" + ALICE + "\"]}");
    assertThat(transferFromAlice.matches(log(1, USDT, TRANSFER, ALICE, BOB))).isTrue();
    assertThat(transferFromAlice.matches(log(1, USDT, TRANSFER, BOB, ALICE))).isFalse();
    final LogFilter anyToBob = filter("{\"topics\":[null,null,\"" + BOB + "\"]}");
    assertThat(anyToBob.matches(log(1, USDT, APPROVAL, ALICE, BOB))).isTrue();
    final LogFilter either = filter("{\"topics\":[[\"" + TRANSFER + "\",\"" + APPROVAL + "\"]]}");
    assertThat(either.matches(log(1, USDT, APPROVAL))).isTrue();
    assertThat(either.matches(log(1, USDT, ALICE))).isFalse();
    assertThat(filter("{\"topics\":[[]]}").matches(log(1, USDT, ALICE))).isTrue();
  }

  @Test
  void shouldRejectLogsWithFewerTopicsThanTheFilterEvenForTrailingWildcards() throws Exception {
    final LogFilter twoPositions = filter("{\"topics\":[\"" + TRANSFER + "\",null]}");
    assertThat(twoPositions.matches(log(1, USDT, TRANSFER))).isFalse();
    assertThat(twoPositions.matches(log(1, USDT, TRANSFER, ALICE))).isTrue();
    assertThat(filter("{\"topics\":[null]}").matches(log(1, USDT))).isFalse();
    assertThat(filter("{\"topics\":[]}").matches(log(1, USDT))).isTrue();
  }

  @Test
  void shouldBoundLiveLogsByNumericFromAndToBlocksOnly() throws Exception {
    final LogFilter range = filter("{\"fromBlock\":\"0xa\",\"toBlock\":\"0xc\"}");
    assertThat(range.matches(log(9, USDT))).isFalse();
    assertThat(range.matches(log(10, USDT))).isTrue();
    assertThat(range.matches(log(12, USDT))).isTrue();
    assertThat(range.matches(log(13, USDT))).isFalse();
    assertThat(filter("{\"fromBlock\":\"latest\"}").matches(log(1, USDT))).isTrue();
  }

  @Test
  void shouldCountAddressesAndTopicsAgainstTheQueryLimit() throws Exception {
    final StringBuilder many = new StringBuilder("{\"address\":[");
    for (int i = 0; i < 1001; i++) {
      many.append(i == 0 ? "" : ",").append(String.format("\"0x%040x\"", i));
    }
    final LogFilter filter = filter(many.append("]}").toString());
    assertThat(filter.exceeds(1000)).isTrue();
    assertThat(filter.exceeds(0)).isFalse();
    assertThat(filter.exceeds(2000)).isFalse();
  }
}
