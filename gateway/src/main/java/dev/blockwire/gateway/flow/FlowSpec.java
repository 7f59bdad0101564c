package dev.blockwire.gateway.flow;

import java.util.List;

import dev.blockwire.schemas.flow.FlowBlockStatus;

/**
 * A validated subscription request: what to stream and from where.
 *
 * @param blockStatus for the block topics; SEALED for events and account statuses
 * @param startHeight the requested start height, or -1
 * @param startBlockId the requested start block id (lowercase), or null
 * @param heartbeatInterval blocks between messages without matches (events, account statuses); at least 1
 * @param eventTypes, addresses, contracts the events filter (empty lists = no constraint)
 * @param txId the transaction id of transaction_statuses
 */
record FlowSpec(FlowTopic topic, FlowBlockStatus blockStatus, long startHeight, String startBlockId,
    long heartbeatInterval, List<String> eventTypes, List<String> addresses, List<String> contracts, String txId) {

  boolean hasStart() {
    return startHeight >= 0 || startBlockId != null;
  }
}
