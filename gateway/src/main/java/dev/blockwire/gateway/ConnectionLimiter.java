package dev.blockwire.gateway;

import java.util.concurrent.ConcurrentHashMap;

/** Counts open connections per client address and refuses those over the limit. */
public final class ConnectionLimiter {

  private final int maxPerAddress;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public ConnectionLimiter(int maxPerAddress) {
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a slot for the address; false (and nothing taken) when it has no slot left. */
  public boolean acquire(String address) {
    final boolean[] granted = {false};
    open.compute(address, (key, count) -> {
      final int current = count == null ? 0 : count;
      if (current >= maxPerAddress) {
        return count;
      }
      granted[0] = true;
      return current + 1;
    });
    return granted[0];
  }

  public void release(String address) {
    open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
  }

  public int total() {
    return open.values().stream().mapToInt(Integer::intValue).sum();
  }
}
