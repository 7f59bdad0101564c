package dev.blockwire.gateway.flow;

import com.fasterxml.jackson.databind.JsonNode;

/** One client message of /v1/ws, decoded: an action, or a parse error to answer. */
sealed interface FlowRequest {

  /**
   * @param subscriptionId as sent; "" when missing
   * @param topic as sent; "" when missing
   * @param arguments the arguments object; null when missing or JSON null
   */
  record Subscribe(String subscriptionId, String topic, JsonNode arguments) implements FlowRequest {}

  record Unsubscribe(String subscriptionId) implements FlowRequest {}

  record ListSubscriptions() implements FlowRequest {}

  /** A message that cannot be parsed: answered with code 400, empty id and action. */
  record Invalid(String message) implements FlowRequest {}
}
