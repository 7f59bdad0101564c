package dev.blockwire.gateway.flow;

import java.util.Optional;

/** The topics of /v1/ws (flow-go {@code data_providers/factory.go}). */
enum FlowTopic {
  EVENTS("events"),
  ACCOUNT_STATUSES("account_statuses"),
  BLOCKS("blocks"),
  BLOCK_HEADERS("block_headers"),
  BLOCK_DIGESTS("block_digests"),
  TRANSACTION_STATUSES("transaction_statuses"),
  SEND_AND_GET_TRANSACTION_STATUSES("send_and_get_transaction_statuses");

  private final String wireName;

  FlowTopic(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }

  static Optional<FlowTopic> of(String name) {
    for (FlowTopic topic : values()) {
      if (topic.wireName.equals(name)) {
        return Optional.of(topic);
      }
    }
    return Optional.empty();
  }
}
