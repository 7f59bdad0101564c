package dev.blockwire.schemas;

import dev.blockwire.schemas.common.DeadLetter;
import dev.blockwire.schemas.common.NetworkKey;
import dev.blockwire.schemas.eth.EthBlock;
import dev.blockwire.schemas.eth.EthChainUpdate;
import dev.blockwire.schemas.eth.EthLog;
import dev.blockwire.schemas.eth.EthLogKey;
import dev.blockwire.schemas.eth.EthRawLog;
import dev.blockwire.schemas.flow.FlowBlock;
import dev.blockwire.schemas.flow.FlowChainUpdate;
import dev.blockwire.schemas.flow.FlowContractEvent;
import dev.blockwire.schemas.flow.FlowEventKey;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearBlockEvents;
import dev.blockwire.schemas.near.NearEvent;
import dev.blockwire.schemas.near.NearEventKey;

/** The serde of every record type, built once: the one place a topic's format is chosen. */
public final class Serdes {

  public static final AvroSerde<NetworkKey> NETWORK_KEY = AvroSerde.of(NetworkKey.class);
  public static final AvroSerde<DeadLetter> DEAD_LETTER = AvroSerde.of(DeadLetter.class);
  public static final AvroSerde<NearBlock> NEAR_BLOCK = AvroSerde.of(NearBlock.class);
  public static final AvroSerde<NearBlockEvents> NEAR_BLOCK_EVENTS = AvroSerde.of(NearBlockEvents.class);
  public static final AvroSerde<NearEvent> NEAR_EVENT = AvroSerde.of(NearEvent.class);
  public static final AvroSerde<NearEventKey> NEAR_EVENT_KEY = AvroSerde.of(NearEventKey.class);
  public static final AvroSerde<EthBlock> ETH_BLOCK = AvroSerde.of(EthBlock.class);
  public static final AvroSerde<EthRawLog> ETH_RAW_LOG = AvroSerde.of(EthRawLog.class);
  public static final AvroSerde<EthChainUpdate> ETH_CHAIN_UPDATE = AvroSerde.of(EthChainUpdate.class);
  public static final AvroSerde<EthLog> ETH_LOG = AvroSerde.of(EthLog.class);
  public static final AvroSerde<EthLogKey> ETH_LOG_KEY = AvroSerde.of(EthLogKey.class);

  public static final AvroSerde<FlowBlock> FLOW_BLOCK = AvroSerde.of(FlowBlock.class);
  public static final AvroSerde<FlowChainUpdate> FLOW_CHAIN_UPDATE = AvroSerde.of(FlowChainUpdate.class);
  public static final AvroSerde<FlowEventKey> FLOW_EVENT_KEY = AvroSerde.of(FlowEventKey.class);
  public static final AvroSerde<FlowContractEvent> FLOW_CONTRACT_EVENT = AvroSerde.of(FlowContractEvent.class);

  public static NetworkKey networkKey(String network) {
    return new NetworkKey(network);
  }

  private Serdes() {}
}
