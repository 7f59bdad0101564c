package dev.blockwire.processor.flow;

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
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.flow.FlowContractEvent;
import dev.blockwire.schemas.flow.FlowEvent;
import dev.blockwire.schemas.flow.FlowEventKey;
import dev.blockwire.schemas.flow.FlowHeader;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import dev.blockwire.schemas.flow.FlowTransactionStatus;

/** The production topology ({@link BlockwireProcessor#buildTopology()}) fed with raw Flow blocks. */
class FlowChainTopologyTest {

  static final String NETWORK = "flow-mainnet";
  static final long T0 = 1_710_861_732_600L;
  static final String TX = "7b02".repeat(16);
  static final String DEPOSITED = "A.1654653399040a61.FlowToken.TokensDeposited";

  @TempDir
  Path stateDir;
  TopologyTestDriver driver;
  TestInputTopic<byte[], byte[]> raw;
  TestOutputTopic<NetworkKey, FlowChainUpdate> chain;
  TestOutputTopic<FlowEventKey, FlowContractEvent> events;
  TestOutputTopic<NetworkKey, DeadLetter> deadLetters;

  @BeforeEach
  void start() {
    driver = new TopologyTestDriver(BlockwireProcessor.buildTopology(),
        ProcessorConfig.defaults().withStateDir(stateDir).streamsProperties());
    raw = driver.createInputTopic(Topics.FLOW_BLOCKS_RAW, new ByteArraySerializer(), new ByteArraySerializer());
    chain = driver.createOutputTopic(Topics.FLOW_CHAIN, Serdes.NETWORK_KEY.deserializer(),
        Serdes.FLOW_CHAIN_UPDATE.deserializer());
    events = driver.createOutputTopic(Topics.FLOW_EVENTS, Serdes.FLOW_EVENT_KEY.deserializer(),
        Serdes.FLOW_CONTRACT_EVENT.deserializer());
    deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS, Serdes.NETWORK_KEY.deserializer(),
        Serdes.DEAD_LETTER.deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  static String id(long height) {
    return String.format("%064x", height * 7919);
  }

  static FlowEvent event(String type, int txIndex, int eventIndex) {
    return new FlowEvent(type, TX, txIndex, eventIndex,
        ByteBuffer.wrap("{\"type\":\"Event\",\"value\":{}}".getBytes(StandardCharsets.UTF_8)));
  }

  static FlowBlock block(long height, FlowBlockStatus status, List<FlowEvent> events, List<FlowTransactionResult> results) {
    return FlowBlock.newBuilder().setNetwork(NETWORK)
        .setHeader(new FlowHeader(id(height), id(height - 1), height, T0 + height * 1000, "AAAA"))
        .setCollectionGuarantees(List.of()).setBlockSeals(List.of()).setStatus(status)
        .setEvents(events).setTransactionResults(results).build();
  }

  void pipe(FlowBlock block) {
    raw.pipeInput(Serdes.NETWORK_KEY.encode(Serdes.networkKey(NETWORK)), Serdes.FLOW_BLOCK.encode(block),
        block.getHeader().getTimestampMs() + 1500);
  }

  @Test
  void shouldEmitTheFinalizedUpdateAndLaterTheSealedUpdateOfABlockInOrder() {
    final FlowTransactionResult finalized = FlowTransactionResult.newBuilder().setTransactionId(TX)
        .setStatus(FlowTransactionStatus.FINALIZED).setBlockId(id(10)).setCollectionId(id(99)).build();
    pipe(block(10, FlowBlockStatus.FINALIZED, List.of(), List.of(finalized)));
    pipe(block(11, FlowBlockStatus.FINALIZED, List.of(), List.of()));
    pipe(block(10, FlowBlockStatus.SEALED, List.of(event(DEPOSITED, 0, 0)), List.of()));

    final List<TestRecord<NetworkKey, FlowChainUpdate>> updates = chain.readRecordsToList();
    assertThat(updates).extracting(r -> r.value().getHeader().getHeight() + " " + r.value().getStatus())
        .containsExactly("10 FINALIZED", "11 FINALIZED", "10 SEALED");
    assertThat(updates).allSatisfy(r -> assertThat(r.key()).isEqualTo(new NetworkKey(NETWORK)));
    assertThat(updates.get(0).timestamp()).isEqualTo(T0 + 10_000);
    assertThat(updates.get(0).value().getTransactionResults()).containsExactly(finalized);
    assertThat(updates.get(0).value().getSealedHeight()).isEqualTo(-1);
    assertThat(updates.get(2).value().getFinalizedHeight()).isEqualTo(11);
    assertThat(updates.get(2).value().getSealedHeight()).isEqualTo(10);
    assertThat(updates.get(2).value().getEvents()).containsExactly(event(DEPOSITED, 0, 0));
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldKeyEventsOfSealedBlocksByContract() {
    pipe(block(20, FlowBlockStatus.FINALIZED, List.of(), List.of()));
    pipe(block(20, FlowBlockStatus.SEALED, List.of(event(DEPOSITED, 0, 0), event("flow.AccountCreated", 1, 0),
        event("A.0b2a3299cc857e29.TopShot.Deposit", 1, 1)), List.of()));
    assertThat(events.readRecordsToList()).extracting(r -> r.key().getContract() + " " + r.value().getBlockHeight()
            + " " + r.value().getEvent().getType() + " " + r.timestamp())
        .containsExactly("A.1654653399040a61.FlowToken 20 " + DEPOSITED + " " + (T0 + 20_000),
            "flow 20 flow.AccountCreated " + (T0 + 20_000),
            "A.0b2a3299cc857e29.TopShot 20 A.0b2a3299cc857e29.TopShot.Deposit " + (T0 + 20_000));
  }

  @Test
  void shouldDeadLetterDuplicatesOfTheSameStatusAndChangeNothing() {
    pipe(block(30, FlowBlockStatus.FINALIZED, List.of(), List.of()));
    pipe(block(30, FlowBlockStatus.FINALIZED, List.of(), List.of()));
    pipe(block(30, FlowBlockStatus.SEALED, List.of(event(DEPOSITED, 0, 0)), List.of()));
    pipe(block(29, FlowBlockStatus.SEALED, List.of(event(DEPOSITED, 0, 0)), List.of()));
    assertThat(chain.readValuesToList()).extracting(u -> u.getHeader().getHeight() + " " + u.getStatus())
        .containsExactly("30 FINALIZED", "30 SEALED");
    assertThat(events.readValuesToList()).hasSize(1);
    assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getCode, DeadLetter::getBlockHeight)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("stale_block", 30L),
            org.assertj.core.groups.Tuple.tuple("stale_block", 29L));
  }

  @Test
  void shouldDeadLetterUndecodableAndInvalidRecordsAndGoOn() {
    raw.pipeInput(Serdes.NETWORK_KEY.encode(Serdes.networkKey(NETWORK)), "not avro".getBytes(StandardCharsets.UTF_8));
    raw.pipeInput(Serdes.NETWORK_KEY.encode(Serdes.networkKey(NETWORK)), (byte[]) null);
    final FlowBlock badId = block(40, FlowBlockStatus.FINALIZED, List.of(), List.of());
    badId.getHeader().setId("0xABC");
    pipe(badId);
    pipe(block(41, FlowBlockStatus.FINALIZED, List.of(event(DEPOSITED, 0, 0)), List.of()));
    pipe(block(42, FlowBlockStatus.FINALIZED, List.of(), List.of()));

    final List<DeadLetter> letters = deadLetters.readValuesToList();
    assertThat(letters).extracting(DeadLetter::getCode)
        .containsExactly("undecodable_record", "undecodable_record", "invalid_block", "invalid_block");
    assertThat(letters.get(0).getSourceTopic()).isEqualTo(Topics.FLOW_BLOCKS_RAW);
    assertThat(letters.get(0).getPayload()).isEqualTo(ByteBuffer.wrap("not avro".getBytes(StandardCharsets.UTF_8)));
    assertThat(letters.get(2).getReason()).contains("0xABC");
    assertThat(letters.get(3).getReason()).contains("events come with the sealed block");
    assertThat(chain.readValuesToList()).extracting(u -> u.getHeader().getHeight()).containsExactly(42L);
  }

  @Test
  void shouldNameTheContractOfEveryEventTypeShape() {
    assertThat(FlowChainTopology.contractOf("flow.AccountCreated")).isEqualTo("flow");
    assertThat(FlowChainTopology.contractOf(DEPOSITED)).isEqualTo("A.1654653399040a61.FlowToken");
    assertThat(FlowChainTopology.contractOf("weird")).isEqualTo("weird");
  }
}
