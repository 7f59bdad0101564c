package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The live logs subscriptions, indexed by the addresses of their filter: a log is matched only
 * against its address's subscriptions and the address-less ones (the fan-out benchmark's profile
 * had the scan of every logs subscription per log among the gateway's top costs). Candidates come
 * in activation order ({@link EthSubscription#order}), the order a full scan delivers in, so the
 * notifications of one connection keep geth's order. Dispatch thread only.
 */
final class EthLogSubscriptions {

  private final Map<String, Set<EthSubscription>> byAddress = new HashMap<>();
  /** Subscriptions without an address filter: candidates for every log. */
  private final Set<EthSubscription> anyAddress = new LinkedHashSet<>();
  private long activations;
  private int size;

  int size() {
    return size;
  }

  /** Adds a subscription after every one added before it. */
  void add(EthSubscription subscription) {
    subscription.order = activations++;
    size++;
    if (subscription.filter.addresses().isEmpty()) {
      anyAddress.add(subscription);
      return;
    }
    for (String address : subscription.filter.addresses()) {
      byAddress.computeIfAbsent(address, a -> new LinkedHashSet<>()).add(subscription);
    }
  }

  /** Removes the subscription; false if it was not here. */
  boolean remove(EthSubscription subscription) {
    boolean removed = false;
    if (subscription.filter.addresses().isEmpty()) {
      removed = anyAddress.remove(subscription);
    } else {
      for (String address : subscription.filter.addresses()) {
        final Set<EthSubscription> following = byAddress.get(address);
        if (following != null && following.remove(subscription)) {
          removed = true;
          if (following.isEmpty()) {
            byAddress.remove(address);
          }
        }
      }
    }
    if (removed) {
      size--;
    }
    return removed;
  }

  /**
   * The subscriptions that may match the log, in activation order: those of its address merged
   * with the address-less ones. Every other subscription's filter rejects the log's address.
   */
  List<EthSubscription> candidates(EthLogView log) {
    final Set<EthSubscription> ofAddress = byAddress.getOrDefault(log.address(), Set.of());
    final List<EthSubscription> out = new ArrayList<>(ofAddress.size() + anyAddress.size());
    final Iterator<EthSubscription> a = ofAddress.iterator();
    final Iterator<EthSubscription> b = anyAddress.iterator();
    EthSubscription nextA = a.hasNext() ? a.next() : null;
    EthSubscription nextB = b.hasNext() ? b.next() : null;
    while (nextA != null || nextB != null) {
      if (nextB == null || (nextA != null && nextA.order < nextB.order)) {
        out.add(nextA);
        nextA = a.hasNext() ? a.next() : null;
      } else {
        out.add(nextB);
        nextB = b.hasNext() ? b.next() : null;
      }
    }
    return out;
  }
}
