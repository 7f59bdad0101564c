package dev.blockwire.gateway.near;

import java.util.OptionalInt;

/** A client message on /ws, decoded: a subscription to install, or an error frame to send back. */
public sealed interface NearRequest {

  /**
   * @param secretJson the client's {@code secret} value as compact JSON, echoed in every message
   * @param filter the filter, kept as sent
   * @param pastCount how many past events to send first; empty means no past message (always
   *     empty when {@code resumeAfter} is set: {@code fetch_past_events} is then ignored)
   * @param withCursor every message carries a {@code cursor} as its last key ({@code cursor:true},
   *     implied by {@code from_block} and {@code after_cursor})
   * @param resumeAfter replay the matching events after this position, then go live; null for a
   *     plain subscription (from {@code from_block} or {@code after_cursor})
   */
  record Subscribe(String secretJson, NearFilter filter, OptionalInt pastCount, boolean withCursor,
      NearPosition resumeAfter) implements NearRequest {

    /** A subscription without the resume extension, as the anchor knows it. */
    public Subscribe(String secretJson, NearFilter filter, OptionalInt pastCount) {
      this(secretJson, filter, pastCount, false, null);
    }

    public boolean replays() {
      return resumeAfter != null;
    }
  }

  /** @param errorFrame the complete error frame to send; the socket and its subscription stay */
  record Rejected(String code, String errorFrame) implements NearRequest {}
}
