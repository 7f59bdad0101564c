package dev.blockwire.gateway.near;

import java.util.List;

/**
 * One block of the ordered NEAR topic as the gateway holds it.
 *
 * @param offset the record's offset in its partition (the durable position of this block)
 * @param events the block's events in chain order; never null, may be empty
 */
public record NearBlockView(long height, String hash, int partition, long offset, List<NearEventView> events) {

  public NearBlockView {
    events = List.copyOf(events);
  }
}
