package dev.blockwire.processor.near;

import static dev.blockwire.processor.near.NearTestData.EPOCH;
import static dev.blockwire.processor.near.NearTestData.NETWORK;
import static dev.blockwire.processor.near.NearTestData.block;
import static dev.blockwire.processor.near.NearTestData.eventLineOfBytes;
import static dev.blockwire.processor.near.NearTestData.fixture;
import static dev.blockwire.processor.near.NearTestData.fixtureJson;
import static dev.blockwire.processor.near.NearTestData.outcome;
import static dev.blockwire.processor.near.NearTestData.timestampMs;
import static dev.blockwire.processor.near.NearTestData.timestampNanos;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ChainHead;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearEventKey;
import dev.blockwire.schemas.near.NearExecutionStatus;
import dev.blockwire.schemas.near.NearReceiptOutcome;

/** The production topology ({@link BlockwireProcessor#buildTopology()}) on {@link TopologyTestDriver}. */
class NearEventsTopologyTest {

  /** Ingest writes raw blocks a little after block time: distinguishes the two timestamps. */
  private static final long INGEST_DELAY_MS = 2_500;
  private static final String RECEIPT = "9nQq8aZwbL2viqTroF9m2TN1zJqGkPHut1bUjgS9Ecvr";
  private static final String MINIMAL = "{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\"}";

  @TempDir
  Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> raw;
  private TestOutputTopic<NetworkKey, NearBlockEvents> blocks;
  private TestOutputTopic<NearEventKey, NearEvent> events;
  private TestOutputTopic<NetworkKey, DeadLetter> deadLetters;
  private long nextOffset;

  @BeforeEach
  void startDriver() {
    driver = new TopologyTestDriver(BlockwireProcessor.buildTopology(),
        ProcessorConfig.defaults().withStateDir(stateDir).streamsProperties());
    raw = driver.createInputTopic(Topics.NEAR_BLOCKS_RAW, new ByteArraySerializer(), new ByteArraySerializer());
    blocks = driver.createOutputTopic(Topics.NEAR_EVENTS_BLOCKS,
        Serdes.NETWORK_KEY.deserializer(), Serdes.NEAR_BLOCK_EVENTS.deserializer());
    events = driver.createOutputTopic(Topics.NEAR_EVENTS,
        Serdes.NEAR_EVENT_KEY.deserializer(), Serdes.NEAR_EVENT.deserializer());
    deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS,
        Serdes.NETWORK_KEY.deserializer(), Serdes.DEAD_LETTER.deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  // ---------------------------------------------------------------- events and blocks

  @Test
  void shouldEmitAnEventWithItsBlockAndReceiptContext() {
    final NearReceiptOutcome receipt = NearReceiptOutcome.newBuilder()
        .setReceiptId("ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh")
        .setPredecessorId("reward-sweatmint.near")
        .setReceiverId("token.sweat")
        .setSignerId("lenguyenwin.near")
        .setSignerPublicKey("ed25519:6ZJZ4rK")
        .setTxHash("HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS")
        .setShardId(3)
        .setStatus(NearExecutionStatus.SUCCESS)
        .setLogs(List.of(fixture("F2_FT_TRANSFER")))
        .build();
    final NearBlock block = NearBlock.newBuilder()
        .setNetwork(NETWORK)
        .setHeight(124_766_310L)
        .setHash("6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU")
        .setPrevHash("EZoTP1PLsAwE741tzBkBXgbGK3oiv3stW5LzgHiyqj22")
        .setTimestampNanos(1_722_521_008_924_147_927L)
        .setEpochId(EPOCH)
        .setOutcomes(List.of(outcome("2db2GHn4axMqA8fwR42z7UdyiSdyZiDsP4stkFwuFmnH", "game.hot.tg"), receipt))
        .build();

    pipe(block);

    final NearEvent expected = NearEvent.newBuilder()
        .setNetwork(NETWORK)
        .setBlockHeight(124_766_310L)
        .setBlockHash("6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU")
        .setBlockTimestampNanos(1_722_521_008_924_147_927L)
        .setBlockEpochId(EPOCH)
        .setShardId(3)
        .setReceiptIndex(1)
        .setReceiptId("ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh")
        .setTxHash("HV42hanyDVK3MYoW8c17Ufxw83htNEQGk93bzyQRocvS")
        .setSignerId("lenguyenwin.near")
        .setSignerPublicKey("ed25519:6ZJZ4rK")
        .setPredecessorId("reward-sweatmint.near")
        .setAccountId("token.sweat")
        .setStatus(NearExecutionStatus.SUCCESS)
        .setLogIndex(0)
        .setStandard("nep141")
        .setVersion("1.0.0")
        .setEvent("ft_transfer")
        .setEventJson(fixtureJson("F2_FT_TRANSFER"))
        .build();
    assertThat(events.readRecordsToList()).containsExactly(
        new TestRecord<>(new NearEventKey("token.sweat", "nep141"), expected, null, 1_722_521_008_924L));
    assertThat(blocks.readRecordsToList()).containsExactly(new TestRecord<>(new NetworkKey(NETWORK),
        NearBlockEvents.newBuilder()
            .setNetwork(NETWORK)
            .setBlockHeight(124_766_310L)
            .setBlockHash("6kCXbQPKQGeaakpLjeVMNPRYZpgASgStzmp3APtHGigU")
            .setPrevHash("EZoTP1PLsAwE741tzBkBXgbGK3oiv3stW5LzgHiyqj22")
            .setBlockTimestampNanos(1_722_521_008_924_147_927L)
            .setBlockEpochId(EPOCH)
            .setEvents(List.of(expected))
            .build(),
        null, 1_722_521_008_924L));
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldOrderEventsByReceiptThenLog() {
    pipe(block(100,
        outcome("z6RxSWKZD7cgpU2sArqTVUQQRLe2mv8z2sJrMHti1uA", "intents.near",
            fixture("F4_DIP4_MT_WITHDRAW"), fixture("F4_MT_BURN")),
        outcome("93zM3pgLnzdStfNxAEYh8WwtxknbpkF9XGr1mnnQrfjk", "v2_1.omni.hot.tg", fixture("F4_MT_TRANSFER_OMNI")),
        outcome("ADVAe56SmMX5c3zsfqR4wpRbCdod9qbWmtsYD2rqVxdh", "token.sweat", fixture("F2_FT_TRANSFER")),
        outcome("2db2GHn4axMqA8fwR42z7UdyiSdyZiDsP4stkFwuFmnH", "game.hot.tg", fixture("F3_FT_MINT")),
        outcome("4rpZjD77YaeE1fvNuPe9vjane4uaX7bBmQm1BYHoBWmP", "intents.near", fixture("F5_MT_BURN")),
        outcome("F6oEYHM67nNpqhQEDtXR5Sa8jrVfgmd9WsGbwADiA4mT", "sbt.honeybot.near", fixture("F1_NFT_MINT"))));

    final List<NearEvent> blockEvents = blocks.readValue().getEvents();
    assertThat(blockEvents).extracting(e -> e.getReceiptIndex() + "/" + e.getLogIndex() + " " + e.getAccountId()
            + " " + e.getStandard() + " " + e.getVersion() + " " + e.getEvent())
        .containsExactly(
            "0/0 intents.near dip4 0.3.0 mt_withdraw",
            "0/1 intents.near nep245 1.0.0 mt_burn",
            "1/0 v2_1.omni.hot.tg nep245 1.0.0 mt_transfer",
            "2/0 token.sweat nep141 1.0.0 ft_transfer",
            "3/0 game.hot.tg nep141 1.0.0 ft_mint",
            "4/0 intents.near nep245 1.0.0 mt_burn",
            "5/0 sbt.honeybot.near nep171 1.2.0 nft_mint");
    assertThat(blockEvents).extracting(NearEvent::getEventJson).containsExactly(
        fixtureJson("F4_DIP4_MT_WITHDRAW"), fixtureJson("F4_MT_BURN"), fixtureJson("F4_MT_TRANSFER_OMNI"),
        fixtureJson("F2_FT_TRANSFER"), fixtureJson("F3_FT_MINT"), fixtureJson("F5_MT_BURN"),
        fixtureJson("F1_NFT_MINT"));
    assertThat(events.readValuesToList()).isEqualTo(blockEvents);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldKeyEventsByAccountAndStandard() {
    pipe(block(100,
        outcome("r1", "intents.near", fixture("F4_DIP4_MT_WITHDRAW"), fixture("F4_MT_BURN")),
        outcome("r2", "sbt.honeybot.near", fixture("F1_NFT_MINT")),
        outcome("r3", "game.hot.tg", fixture("F3_FT_MINT"))));

    assertThat(events.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(
        new NearEventKey("intents.near", "dip4"),
        new NearEventKey("intents.near", "nep245"),
        new NearEventKey("sbt.honeybot.near", "nep171"),
        new NearEventKey("game.hot.tg", "nep141"));
  }

  @Test
  void shouldStampBlockAndEventRecordsWithBlockTime() {
    pipe(block(100, outcome("r1", "sbt.honeybot.near", fixture("F1_NFT_MINT"))));
    pipe(block(101, outcome("r2", "game.hot.tg", fixture("F3_FT_MINT"))));

    assertThat(blocks.readRecordsToList()).extracting(TestRecord::timestamp)
        .containsExactly(timestampMs(100), timestampMs(101));
    assertThat(events.readRecordsToList()).extracting(TestRecord::timestamp)
        .containsExactly(timestampMs(100), timestampMs(101));
    assertThat(timestampMs(100)).isEqualTo(timestampNanos(100) / 1_000_000L);
  }

  @Test
  void shouldEmitABlockRecordForABlockWithoutEvents() {
    pipe(block(100, outcome("r1", "alice.near", "Transfer 5 NEAR"), outcome("r2", "bob.near")));
    pipe(block(101));

    assertThat(blocks.readRecordsToList()).containsExactly(
        new TestRecord<>(new NetworkKey(NETWORK), emptyBlockEvents(100), null, timestampMs(100)),
        new TestRecord<>(new NetworkKey(NETWORK), emptyBlockEvents(101), null, timestampMs(101)));
    assertThat(events.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepEventsOfFailedReceiptsWithFailureStatus() {
    pipe(block(100,
        outcome("r1", "sbt.honeybot.near", "alice.near", NearExecutionStatus.FAILURE, fixture("F1_NFT_MINT")),
        outcome("r2", "game.hot.tg", "ibra31ammar.tg", NearExecutionStatus.SUCCESS, fixture("F3_FT_MINT"))));

    assertThat(events.readValuesToList()).extracting(NearEvent::getAccountId, NearEvent::getStatus).containsExactly(
        org.assertj.core.groups.Tuple.tuple("sbt.honeybot.near", NearExecutionStatus.FAILURE),
        org.assertj.core.groups.Tuple.tuple("game.hot.tg", NearExecutionStatus.SUCCESS));
    assertThat(blocks.readValue().getEvents()).extracting(NearEvent::getStatus)
        .containsExactly(NearExecutionStatus.FAILURE, NearExecutionStatus.SUCCESS);
  }

  @Test
  void shouldEmitValidEventsAndDeadLetterInvalidLinesOfOneBlockCountingOrdinaryLogs() {
    final String invalid = "EVENT_JSON:{\"standard\":\"nep141\",\"event\":\"ft_mint\"}";
    pipe(block(100,
        outcome("r0", "token.sweat", "ordinary log", fixture("F2_FT_TRANSFER"), invalid, "another log",
            fixture("F2_FT_TRANSFER").replace("ft_transfer", "ft_burn")),
        outcome(RECEIPT, "game.hot.tg", "EVENT_JSON:invalid json", "Minted", fixture("F3_FT_MINT"))));

    assertThat(events.readValuesToList()).extracting(e -> e.getReceiptIndex() + "/" + e.getLogIndex() + " " + e.getEvent())
        .containsExactly("0/1 ft_transfer", "0/4 ft_burn", "1/2 ft_mint");
    assertThat(blocks.readValue().getEvents()).extracting(NearEvent::getLogIndex).containsExactly(1, 4, 2);
    assertThat(deadLetters.readRecordsToList()).containsExactly(
        new TestRecord<>(new NetworkKey(NETWORK), lineDeadLetter(0, 100, "missing_field", "\"version\" is missing",
            "receipt r0 log 2", invalid), null, ingestTime(100)),
        new TestRecord<>(new NetworkKey(NETWORK), lineDeadLetter(0, 100, "invalid_json",
            "the text after EVENT_JSON: is not valid JSON (column 1 of the JSON): Unrecognized token 'invalid': was"
                + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
            "receipt " + RECEIPT + " log 0", "EVENT_JSON:invalid json"), null, ingestTime(100)));
  }

  @Test
  void shouldPreserveRealMainnetEventJsonExactly() {
    final List<String> names = List.copyOf(NearTestData.fixtures().keySet());
    pipe(block(100, outcome("r1", "intents.near",
        names.stream().map(NearTestData::fixture).toArray(String[]::new))));

    assertThat(events.readValuesToList()).extracting(NearEvent::getEventJson)
        .containsExactlyElementsOf(names.stream().map(NearTestData::fixtureJson).toList());
  }

  // ---------------------------------------------------------------- NEP-297 rules, line by line

  @Test
  void shouldSilentlySkipLinesThatAreNotEvents() {
    pipe(block(100, outcome(RECEIPT, "alice.near", "EVENT_JSON", "event_json:" + MINIMAL, "x EVENT_JSON:" + MINIMAL,
        "")));

    assertThat(events.isEmpty()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(blocks.readValue()).isEqualTo(emptyBlockEvents(100));
  }

  @Test
  void shouldTolerateSpacesAroundTheLineAndAfterTheColon() {
    pipe(block(100, outcome(RECEIPT, "sbt.honeybot.near",
        "  " + fixture("F1_NFT_MINT") + " \n",
        "EVENT_JSON:   " + MINIMAL + "\t")));

    assertThat(events.readValuesToList()).extracting(NearEvent::getLogIndex, NearEvent::getEventJson).containsExactly(
        org.assertj.core.groups.Tuple.tuple(0, fixtureJson("F1_NFT_MINT")),
        org.assertj.core.groups.Tuple.tuple(1, MINIMAL));
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterInvalidJson() {
    assertLineRejected("EVENT_JSON:invalid json", "invalid_json",
        "the text after EVENT_JSON: is not valid JSON (column 1 of the JSON): Unrecognized token 'invalid': was"
            + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
  }

  @Test
  void shouldDeadLetterTwoObjectsInOneLine() {
    assertLineRejected("EVENT_JSON:" + MINIMAL + MINIMAL, "multiple_values",
        "more than one JSON value follows EVENT_JSON:; NEP-297 allows one event per line");
  }

  @Test
  void shouldDeadLetterTwoEventLinesInOneLog() {
    assertLineRejected("EVENT_JSON:" + MINIMAL + "\nEVENT_JSON:" + MINIMAL, "multiple_values",
        "a second EVENT_JSON: event follows the first in the same log line; NEP-297 allows one event per line");
  }

  @Test
  void shouldDeadLetterAnArray() {
    assertLineRejected("EVENT_JSON:[" + MINIMAL + "]", "not_an_object",
        "the JSON after EVENT_JSON: is an array, not an object");
  }

  @Test
  void shouldDeadLetterAString() {
    assertLineRejected("EVENT_JSON:\"nft_mint\"", "not_an_object",
        "the JSON after EVENT_JSON: is a string, not an object");
  }

  @Test
  void shouldDeadLetterANumber() {
    assertLineRejected("EVENT_JSON:171", "not_an_object", "the JSON after EVENT_JSON: is a number, not an object");
  }

  @Test
  void shouldDeadLetterAMissingStandard() {
    assertLineRejected("EVENT_JSON:{\"version\":\"1.0.0\",\"event\":\"nft_mint\"}", "missing_field",
        "\"standard\" is missing");
  }

  @Test
  void shouldDeadLetterAMissingVersion() {
    assertLineRejected("EVENT_JSON:{\"standard\":\"nep171\",\"event\":\"nft_mint\",\"data\":[]}", "missing_field",
        "\"version\" is missing");
  }

  @Test
  void shouldDeadLetterAMissingEvent() {
    assertLineRejected("EVENT_JSON:{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"data\":[]}", "missing_field",
        "\"event\" is missing");
  }

  @Test
  void shouldDeadLetterANumericVersion() {
    assertLineRejected("EVENT_JSON:{\"standard\":\"nep171\",\"version\":1,\"event\":\"nft_mint\"}", "wrong_type",
        "\"version\" must be a string, but it is a number");
  }

  @Test
  void shouldDeadLetterAnEmptyStringField() {
    assertLineRejected("EVENT_JSON:{\"standard\":\"\",\"version\":\"1.0.0\",\"event\":\"nft_mint\"}", "empty_field",
        "\"standard\" is an empty string");
  }

  @Test
  void shouldDeadLetterADuplicateKey() {
    assertLineRejected("EVENT_JSON:{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"version\":\"1.2.0\",\"event\":\"e\"}",
        "duplicate_key", "the key \"version\" appears twice in one object (column 49 of the JSON)");
  }

  @Test
  void shouldDeadLetterALineOf16KiBPlusOneByte() {
    final String line = eventLineOfBytes(16_385);
    assertLineRejected(line, "log_too_large",
        "the log line is 16385 bytes of UTF-8, more than the 16384 bytes NEAR allows");
  }

  @Test
  void shouldAcceptALineOfExactly16384Bytes() {
    final String line = eventLineOfBytes(16_384);
    assertLineAccepted(line, line.substring(Nep297Parser.PREFIX.length()));
  }

  @Test
  void shouldAcceptAnEventWithoutData() {
    assertLineAccepted("EVENT_JSON:" + MINIMAL, MINIMAL);
  }

  @Test
  void shouldAcceptDataAsAnObject() {
    final String json = "{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"contract_metadata_update\","
        + "\"data\":{\"memo\":\"moved\"}}";
    assertLineAccepted("EVENT_JSON:" + json, json);
  }

  @Test
  void shouldPreserveNumberLiterals() {
    final String json = "{\"standard\":\"nep141\",\"version\":\"1.0.0\",\"event\":\"ft_mint\","
        + "\"data\":[{\"amount\":123456789012345678901234567890,\"ratio\":1e400,\"fee\":0.10}]}";
    assertLineAccepted("EVENT_JSON:" + json, json);
  }

  @Test
  void shouldPreserveUnicode() {
    final String json = "{\"standard\":\"nep171\",\"version\":\"1.0.0\",\"event\":\"nft_mint\","
        + "\"data\":[{\"owner_id\":\"thickpuma7542.near\",\"token_ids\":[\"ñandú 日本 🎉\"],\"memo\":\"café\"}]}";
    assertLineAccepted("EVENT_JSON: " + json, json);
    final DeadLetter deadLetter = rejectAndRead("EVENT_JSON:{\"standard\":\"ñ\",\"version\":2,\"event\":\"é\"}");
    assertThat(StandardCharsets.UTF_8.decode(deadLetter.getPayload()).toString())
        .isEqualTo("EVENT_JSON:{\"standard\":\"ñ\",\"version\":2,\"event\":\"é\"}");
  }

  // ---------------------------------------------------------------- whole records

  @Test
  void shouldDeadLetterAnUndecodableRecordWithItsExactBytesAndContinue() {
    final byte[] garbage = {(byte) 0xC3, 0x01, 'n', 'o', 't', ' ', 'a', 'v', 'r', 'o', 0, (byte) 0xFF};
    pipeRaw(Serdes.NETWORK_KEY.encode(new NetworkKey(NETWORK)), garbage, 1_000L);
    pipe(block(100, outcome("r1", "sbt.honeybot.near", fixture("F1_NFT_MINT"))));

    final TestRecord<NetworkKey, DeadLetter> deadLetter = deadLetters.readRecord();
    assertThat(deadLetter.key()).isNull();
    assertThat(deadLetter.timestamp()).isEqualTo(1_000L);
    final DeadLetter value = deadLetter.value();
    assertThat(value.getReason()).startsWith("the record value does not decode: not a NearBlock record: ");
    assertThat(value).isEqualTo(recordDeadLetter(0, 1_000L, "undecodable_record", value.getReason(), null, null,
        garbage));
    assertThat(bytes(value.getPayload())).isEqualTo(garbage);
    assertThat(deadLetters.isEmpty()).isTrue();

    assertThat(blocks.readValuesToList()).extracting(NearBlockEvents::getBlockHeight).containsExactly(100L);
    assertThat(events.readValuesToList()).extracting(NearEvent::getEvent).containsExactly("nft_mint");
  }

  @Test
  void shouldDeadLetterATruncatedBlockRecord() {
    final byte[] encoded = Serdes.NEAR_BLOCK.encode(block(100, outcome("r1", "a.near", fixture("F1_NFT_MINT"))));
    final byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length / 2);
    pipeRaw(Serdes.NETWORK_KEY.encode(new NetworkKey(NETWORK)), truncated, 1_000L);

    final DeadLetter value = deadLetters.readValue();
    assertThat(value.getCode()).isEqualTo("undecodable_record");
    assertThat(bytes(value.getPayload())).isEqualTo(truncated);
    assertThat(blocks.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterANullValue() {
    pipeRaw(Serdes.NETWORK_KEY.encode(new NetworkKey(NETWORK)), null, 1_000L);
    pipe(block(100));

    assertThat(deadLetters.readRecordsToList()).containsExactly(new TestRecord<>(null,
        recordDeadLetter(0, 1_000L, "undecodable_record", "the record has no value", null, null, new byte[0]),
        null, 1_000L));
    assertThat(blocks.readValuesToList()).extracting(NearBlockEvents::getBlockHeight).containsExactly(100L);
  }

  @Test
  void shouldDeadLetterANullKey() {
    final byte[] value = Serdes.NEAR_BLOCK.encode(block(100, outcome("r1", "a.near", fixture("F1_NFT_MINT"))));
    pipeRaw(null, value, 1_000L);

    assertThat(deadLetters.readRecordsToList()).containsExactly(new TestRecord<>(new NetworkKey(NETWORK),
        recordDeadLetter(0, 1_000L, "undecodable_record",
            "the record has no key; raw NEAR blocks are keyed by network", NETWORK, 100L, value),
        null, 1_000L));
    assertThat(blocks.isEmpty()).isTrue();
    assertThat(events.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterADuplicateBlockAndEmitNothingElse() {
    final NearBlock block = block(100, outcome("r1", "sbt.honeybot.near", fixture("F1_NFT_MINT")));
    pipe(block);
    blocks.readRecordsToList();
    events.readRecordsToList();

    final byte[] value = pipe(block);

    assertThat(blocks.isEmpty()).isTrue();
    assertThat(events.isEmpty()).isTrue();
    assertThat(deadLetters.readRecordsToList()).containsExactly(new TestRecord<>(new NetworkKey(NETWORK),
        recordDeadLetter(1, ingestTime(100), "stale_block", "block 100 (hash hash-100) is not above the last processed"
            + " block 100 (hash hash-100) of near-mainnet; a duplicate or stale block is ignored", NETWORK, 100L, value),
        null, ingestTime(100)));
  }

  @Test
  void shouldDeadLetterAnOlderBlockAndKeepTheChainHead() {
    pipe(block(100));
    pipe(block(101));
    pipe(block(99, outcome("r1", "sbt.honeybot.near", fixture("F1_NFT_MINT"))));
    pipe(block(102));

    assertThat(blocks.readValuesToList()).extracting(NearBlockEvents::getBlockHeight).containsExactly(100L, 101L, 102L);
    assertThat(events.isEmpty()).isTrue();
    final DeadLetter deadLetter = deadLetters.readValue();
    assertThat(deadLetter.getCode()).isEqualTo("stale_block");
    assertThat(deadLetter.getReason()).isEqualTo("block 99 (hash hash-99) is not above the last processed block 101"
        + " (hash hash-101) of near-mainnet; a duplicate or stale block is ignored");
    assertThat(deadLetter.getSourceOffset()).isEqualTo(2L);
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(chainHead(NETWORK)).isEqualTo(new ChainHead(102, "hash-102"));
  }

  @Test
  void shouldAcceptSkippedHeights() {
    pipe(block(100));
    pipe(block(NETWORK, 103, "hash-100"));
    pipe(block(NETWORK, 110, "hash-103"));

    assertThat(blocks.readValuesToList()).extracting(NearBlockEvents::getBlockHeight).containsExactly(100L, 103L, 110L);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldTrackTheChainHeadOfEachNetworkSeparately() {
    pipe(block("near-mainnet", 500, "hash-499"));
    pipe(block("near-testnet", 20, "hash-19"));
    pipe(block("near-testnet", 21, "hash-20"));
    pipe(block("near-mainnet", 501, "hash-500"));

    assertThat(blocks.readKeyValuesToList()).extracting(kv -> kv.key.getNetwork() + "@" + kv.value.getBlockHeight())
        .containsExactly("near-mainnet@500", "near-testnet@20", "near-testnet@21", "near-mainnet@501");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(chainHead("near-mainnet")).isEqualTo(new ChainHead(501, "hash-501"));
    assertThat(chainHead("near-testnet")).isEqualTo(new ChainHead(21, "hash-21"));
  }

  @Test
  void shouldDeadLetterABlockWithANegativeTimestamp() {
    final NearBlock block = NearBlock.newBuilder(block(100)).setTimestampNanos(-1L).build();
    final byte[] value = pipe(block);

    assertThat(deadLetters.readValue()).isEqualTo(recordDeadLetter(0, ingestTime(100), "invalid_block",
        "the block timestamp -1 ns is negative", NETWORK, 100L, value));
    assertThat(blocks.isEmpty()).isTrue();
    assertThat(chainHead(NETWORK)).isNull();
  }

  // ---------------------------------------------------------------- helpers

  /** Pipes a block keyed by its network, stamped {@link #ingestTime}; returns the value bytes. */
  private byte[] pipe(NearBlock block) {
    final byte[] value = Serdes.NEAR_BLOCK.encode(block);
    pipeRaw(Serdes.NETWORK_KEY.encode(new NetworkKey(block.getNetwork())), value, ingestTime(block.getHeight()));
    return value;
  }

  private void pipeRaw(byte[] key, byte[] value, long timestamp) {
    raw.pipeInput(key, value, timestamp);
    nextOffset++;
  }

  private static long ingestTime(long height) {
    return timestampMs(height) + INGEST_DELAY_MS;
  }

  /** Pipes block 100 whose receipt {@link #RECEIPT} logs an ordinary line then {@code line}. */
  private void assertLineRejected(String line, String code, String reason) {
    pipe(block(100, outcome(RECEIPT, "sbt.honeybot.near", "Minting a token", line)));

    assertThat(deadLetters.readRecordsToList()).containsExactly(new TestRecord<>(new NetworkKey(NETWORK),
        lineDeadLetter(0, 100, code, reason, "receipt " + RECEIPT + " log 1", line), null, ingestTime(100)));
    assertThat(events.isEmpty()).isTrue();
    assertThat(blocks.readValuesToList()).containsExactly(emptyBlockEvents(100));
  }

  private void assertLineAccepted(String line, String eventJson) {
    pipe(block(100, outcome(RECEIPT, "sbt.honeybot.near", "Minting a token", line)));

    final List<NearEvent> emitted = events.readValuesToList();
    assertThat(emitted).extracting(NearEvent::getLogIndex, NearEvent::getEventJson)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, eventJson));
    assertThat(blocks.readValue().getEvents()).isEqualTo(emitted);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  private DeadLetter rejectAndRead(String line) {
    pipe(block(200, outcome(RECEIPT, "sbt.honeybot.near", line)));
    return deadLetters.readValue();
  }

  private static DeadLetter lineDeadLetter(long offset, long height, String code, String reason, String location,
      String line) {
    return DeadLetter.newBuilder()
        .setSourceTopic(Topics.NEAR_BLOCKS_RAW)
        .setSourcePartition(0)
        .setSourceOffset(offset)
        .setSourceTimestampMs(ingestTime(height))
        .setCode(code)
        .setReason(reason)
        .setNetwork(NETWORK)
        .setBlockHeight(height)
        .setLocation(location)
        .setPayload(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  private static DeadLetter recordDeadLetter(long offset, long timestamp, String code, String reason, String network,
      Long height, byte[] payload) {
    return DeadLetter.newBuilder()
        .setSourceTopic(Topics.NEAR_BLOCKS_RAW)
        .setSourcePartition(0)
        .setSourceOffset(offset)
        .setSourceTimestampMs(timestamp)
        .setCode(code)
        .setReason(reason)
        .setNetwork(network)
        .setBlockHeight(height)
        .setLocation(null)
        .setPayload(ByteBuffer.wrap(payload))
        .build();
  }

  private static NearBlockEvents emptyBlockEvents(long height) {
    return NearBlockEvents.newBuilder()
        .setNetwork(NETWORK)
        .setBlockHeight(height)
        .setBlockHash("hash-" + height)
        .setPrevHash("hash-" + (height - 1))
        .setBlockTimestampNanos(timestampNanos(height))
        .setBlockEpochId(EPOCH)
        .setEvents(List.of())
        .build();
  }

  private ChainHead chainHead(String network) {
    return driver.<String, ChainHead>getKeyValueStore(NearEventsTopology.CHAIN_HEAD_STORE).get(network);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    final ByteBuffer copy = buffer.duplicate();
    final byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
