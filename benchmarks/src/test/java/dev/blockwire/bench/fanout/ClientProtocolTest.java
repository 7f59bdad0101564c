package dev.blockwire.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * The harness's byte scanning on frames in the gateway's exact shapes (as its conformance tests
 * expect them: NEAR batches and errors, geth responses, logs and headers, Flow acks, data and
 * errors): each is classified right, the key is the block hash's, and a frame of another shape or
 * a hash of the wrong form is never taken for a notification.
 */
class ClientProtocolTest {

  private static final String NEAR_HASH = "4ip5JFEAShSmY5REsKzFKLRX3ywgzqdU9PQGHoyvxPJj";
  private static final String ETH_HASH = "0x" + "3b".repeat(32);
  private static final String FLOW_ID = "3ff564eb33538ce92d8aa159a8c065a6be89b74afb776b84f83faa16c294223f";
  private static final String SUB = "0x9cef478923ff08bf67fde6c64013158d";

  private static ByteBuf frame(String text) {
    return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String nearBatch(String secret, String hash) {
    return "{\"secret\":\"" + secret + "\",\"events\":[{\"block_height\":\"188102495\",\"block_hash\":\"" + hash + "\","
        + "\"block_timestamp\":\"1795441011470388694\",\"block_epoch_id\":\"HNtNK757HCfEb5zBBYCihD2Mg3axPKxgiYdcwbHzSxyN\","
        + "\"receipt_id\":\"7xx8AJ1xNwtNxs9eq22oJ1XkwqAJZ55zfpHbXiMKPpdw\",\"log_index\":0,\"predecessor_id\":\"lunar-moth.near\","
        + "\"account_id\":\"nft.nearapps.near\",\"status\":\"SUCCESS\",\"event\":{\"standard\":\"nep171\",\"version\":\"1.0.0\","
        + "\"event\":\"nft_mint\",\"data\":[{\"owner_id\":\"lunar-moth.near\",\"token_ids\":[\"40218\"],\"memo\":\"\"}]}}]}";
  }

  private static String gethLog(String sub, boolean removed) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + sub + "\",\"result\":{"
        + "\"address\":\"0xdac17f958d2ee523a2206206994597c13d831ec7\",\"topics\":[\"0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef\","
        + "\"0x000000000000000000000000" + "11".repeat(20) + "\",\"0x000000000000000000000000" + "22".repeat(20) + "\"],"
        + "\"data\":\"0x00000000000000000000000000000000000000000000000000000000000f4240\",\"blockNumber\":\"0x1312d00\","
        + "\"transactionHash\":\"0x" + "aa".repeat(32) + "\",\"transactionIndex\":\"0x4\",\"blockHash\":\"" + ETH_HASH + "\","
        + "\"logIndex\":\"0x5\",\"removed\":" + removed + "}}}";
  }

  private static String gethHeader(String sub) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + sub + "\",\"result\":{"
        + "\"parentHash\":\"0x" + "01".repeat(32) + "\",\"sha3Uncles\":\"0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347\","
        + "\"miner\":\"0x95222290dd7278aa3ddd389cc1e1d165cc4bafe5\",\"stateRoot\":\"0x" + "02".repeat(32) + "\","
        + "\"number\":\"0x1312d00\",\"gasLimit\":\"0x1c9c380\",\"gasUsed\":\"0xe4e1c0\",\"timestamp\":\"0x65f1b3c4\","
        + "\"extraData\":\"0x\",\"mixHash\":\"0x" + "03".repeat(32) + "\",\"nonce\":\"0x0000000000000000\","
        + "\"baseFeePerGas\":\"0x3b9aca00\",\"withdrawalsRoot\":\"0x" + "04".repeat(32) + "\",\"blobGasUsed\":\"0x0\","
        + "\"excessBlobGas\":\"0x0\",\"parentBeaconBlockRoot\":\"0x" + "05".repeat(32) + "\",\"requestsHash\":null,"
        + "\"hash\":\"" + ETH_HASH + "\"}}}";
  }

  @Test
  void shouldReadTheBlockHashOfANearBatchInBothForms() {
    final NearClient snake = new NearClient("bench-3", "[{\"account_id\":\"nft.nearapps.near\"}]", false);
    assertThat(snake.read(frame(nearBatch("bench-3", NEAR_HASH)))).isEqualTo(ClientProtocol.NOTIFICATION);
    assertThat(snake.key()).isEqualTo(FrameScan.key(NEAR_HASH));

    final NearClient camel = new NearClient("bench-4", "{}", true);
    final String camelBatch = "{\"secret\":\"bench-4\",\"events\":[{\"blockHeight\":124099140,"
        + "\"blockHash\":\"6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU\",\"blockTimestampMs\":1722521008924.148,"
        + "\"blockTimestampNs\":\"1722521008924147927\",\"shardId\":2,\"txHash\":\"HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS\","
        + "\"receiptId\":\"ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh\",\"signerId\":\"lenguyenwin.near\","
        + "\"accountId\":\"token.sweat\",\"status\":\"SUCCESS\",\"logIndex\":1,\"event\":{}}]}";
    assertThat(camel.read(frame(camelBatch))).isEqualTo(ClientProtocol.NOTIFICATION);
    assertThat(camel.key()).isEqualTo(FrameScan.key("6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU"));
    assertThat(camel.path()).isEqualTo("/ws?format=camel");
    assertThat(snake.request()).isEqualTo("{\"secret\":\"bench-3\",\"filter\":[{\"account_id\":\"nft.nearapps.near\"}]}");
  }

  @Test
  void shouldNotTakeANearErrorOrAnotherSecretOrABadHashForANotification() {
    final NearClient near = new NearClient("bench-3", "{}", false);
    assertThat(near.read(frame("{\"secret\":\"bench-3\",\"events\":[],\"error\":{\"code\":\"missing_fields\","
        + "\"message\":\"Required fields are \\\"filter\\\", \\\"secret\\\"\"}}"))).isEqualTo(ClientProtocol.ERROR);
    assertThat(near.read(frame(nearBatch("bench-33", NEAR_HASH)))).isEqualTo(ClientProtocol.UNRECOGNIZED);
    assertThat(near.read(frame(nearBatch("bench-3", "0x" + "ab".repeat(32))))).isEqualTo(ClientProtocol.UNRECOGNIZED);
    assertThat(near.read(frame("{\"secret\":\"bench-3\",\"events\":[{\"block_height\":\"1\"}]}")))
        .isEqualTo(ClientProtocol.UNRECOGNIZED);
  }

  @Test
  void shouldLearnTheEthereumSubscriptionIdThenReadLogsAndRetractions() {
    final EthClient logs = new EthClient("[\"logs\",{\"address\":[\"0xdac17f958d2ee523a2206206994597c13d831ec7\"]}]");
    assertThat(logs.read(frame(gethLog(SUB, false)))).as("before the response: no subscription yet")
        .isEqualTo(ClientProtocol.UNRECOGNIZED);
    assertThat(logs.read(frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + SUB + "\"}"))).isEqualTo(ClientProtocol.CONTROL);
    assertThat(logs.read(frame(gethLog(SUB, false)))).isEqualTo(ClientProtocol.NOTIFICATION);
    assertThat(logs.key()).isEqualTo(FrameScan.key(ETH_HASH));
    assertThat(logs.read(frame(gethLog(SUB, true)))).isEqualTo(ClientProtocol.RETRACTION);
    assertThat(logs.read(frame(gethLog("0x1", false)))).isEqualTo(ClientProtocol.UNRECOGNIZED);
    assertThat(logs.request()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"logs\"");
  }

  @Test
  void shouldReadAHeaderByItsOwnHashNotItsParentHash() {
    final EthClient heads = new EthClient("[\"newHeads\"]");
    heads.read(frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"" + SUB + "\"}"));
    assertThat(heads.read(frame(gethHeader(SUB)))).isEqualTo(ClientProtocol.NOTIFICATION);
    assertThat(heads.key()).isEqualTo(FrameScan.key(ETH_HASH)).isNotEqualTo(FrameScan.key("0x" + "01".repeat(32)));
  }

  @Test
  void shouldCountAnEthereumErrorResponse() {
    final EthClient logs = new EthClient("[\"logs\",{}]");
    assertThat(logs.read(frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,"
        + "\"message\":\"invalid argument 1: json: cannot unmarshal\"}}"))).isEqualTo(ClientProtocol.ERROR);
  }

  @Test
  void shouldReadFlowEventsHeartbeatsAndDigestsWithTheStatusInTheKey() {
    final FlowClient events = new FlowClient("b15", "events", "{\"event_types\":[\"flow.AccountCreated\"]}", true);
    assertThat(events.read(frame("{\"subscription_id\":\"b15\",\"action\":\"subscribe\"}\n"))).isEqualTo(ClientProtocol.CONTROL);
    final String data = "{\"subscription_id\":\"b15\",\"topic\":\"events\",\"payload\":{\"block_id\":\"" + FLOW_ID + "\","
        + "\"block_height\":\"1029\",\"block_timestamp\":\"2026-03-04T17:35:00.6Z\",\"events\":[{\"type\":\"flow.AccountCreated\","
        + "\"transaction_id\":\"" + "cd".repeat(32) + "\",\"transaction_index\":\"0\",\"event_index\":\"0\","
        + "\"payload\":\"eyJ0eXBlIjoiRXZlbnQifQo=\"}],\"message_index\":1}}\n";
    assertThat(events.read(frame(data))).isEqualTo(ClientProtocol.NOTIFICATION);
    assertThat(events.key()).isEqualTo(FrameScan.key(FLOW_ID) + ClientProtocol.SEALED);
    final String heartbeat = "{\"subscription_id\":\"b15\",\"topic\":\"events\",\"payload\":{\"block_id\":\"" + FLOW_ID + "\","
        + "\"block_height\":\"1029\",\"block_timestamp\":\"2026-03-04T17:35:00.6Z\",\"message_index\":2}}\n";
    assertThat(events.read(frame(heartbeat))).isEqualTo(ClientProtocol.NOTIFICATION);

    final FlowClient digests = new FlowClient("b16", "block_digests", "{\"block_status\":\"finalized\"}", false);
    assertThat(digests.read(frame("{\"subscription_id\":\"b16\",\"topic\":\"block_digests\",\"payload\":{\"block_id\":\""
        + FLOW_ID + "\",\"height\":\"137390420\",\"timestamp\":\"2026-03-04T17:35:00.6Z\"}}\n"))).isEqualTo(ClientProtocol.NOTIFICATION);
    assertThat(digests.key()).isEqualTo(FrameScan.key(FLOW_ID));
    assertThat(digests.request()).isEqualTo("{\"subscription_id\":\"b16\",\"action\":\"subscribe\",\"topic\":\"block_digests\","
        + "\"arguments\":{\"block_status\":\"finalized\"}}");
  }

  @Test
  void shouldCountFlowErrorsAndFramesOfOtherSubscriptions() {
    final FlowClient events = new FlowClient("b15", "events", "{}", true);
    assertThat(events.read(frame("{\"subscription_id\":\"b15\",\"error\":{\"code\":429,\"message\":\"error creating new"
        + " subscription: maximum number of streams reached\"},\"action\":\"subscribe\"}\n"))).isEqualTo(ClientProtocol.ERROR);
    assertThat(events.read(frame("{\"subscription_id\":\"b151\",\"topic\":\"events\",\"payload\":{\"block_id\":\"" + FLOW_ID
        + "\",\"block_height\":\"1\",\"message_index\":0}}\n"))).isEqualTo(ClientProtocol.UNRECOGNIZED);
    assertThat(events.read(frame("{\"subscription_id\":\"b15\",\"topic\":\"events\",\"payload\":{\"block_id\":\"XYZ\"}}\n")))
        .isEqualTo(ClientProtocol.UNRECOGNIZED);
  }

  @Test
  void shouldFindBytesAndDigitsInPlace() {
    final ByteBuf buf = frame("xx{\"t\":1795441011470388,\"pad\":\"xxxx\"}");
    buf.readerIndex(2);
    assertThat(FrameScan.startsWith(buf, FrameScan.ascii("{\"t\":"))).isTrue();
    assertThat(FrameScan.digitsAt(buf, 7)).isEqualTo(1795441011470388L);
    assertThat(FrameScan.digitsAt(buf, 6)).isEqualTo(-1);
    assertThat(FrameScan.indexOf(buf, 0, FrameScan.ascii("\"pad\""))).isEqualTo(24);
    assertThat(FrameScan.indexOf(buf, 0, FrameScan.ascii("xx{"))).as("before the reader index").isEqualTo(-1);
    assertThat(FrameScan.indexOf(buf, 0, FrameScan.ascii("\"}x"))).isEqualTo(-1);
  }
}
