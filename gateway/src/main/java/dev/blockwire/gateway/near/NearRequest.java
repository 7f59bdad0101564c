package dev.blockwire.gateway.near;

import java.util.OptionalInt;

/** A client message on /ws, decoded: a subscription to install, or an error frame to send back. */
public sealed interface NearRequest {

  /**
   * @param secretJson the client's {@code secret} value as compact JSON, echoed in every message
   * @param filter the filter, kept as sent
   * @param pastCount how many past events to send first; empty means no past message
   */
  record Subscribe(String secretJson, NearFilter filter, OptionalInt pastCount) implements NearRequest {}

  /** @param errorFrame the complete error frame to send; the socket and its subscription stay */
  record Rejected(String code, String errorFrame) implements NearRequest {}
}
