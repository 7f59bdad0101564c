package dev.blockwire.gateway.near;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The installed subscriptions, one per subscriber, indexed by the accounts their filter pins
 * ({@link NearFilter#accounts}). A block is matched only against the subscriptions of the accounts
 * it has events from and those whose filter pins none: a subscription left out could not match any
 * of the block's events (the fan-out benchmark's profile had the scan of every subscription per
 * block among the gateway's top costs). Dispatch thread only.
 */
final class NearSubscriptions {

  private final Map<NearSubscriber, NearSubscription> bySubscriber = new LinkedHashMap<>();
  private final Map<String, Set<NearSubscription>> byAccount = new HashMap<>();
  /** Subscriptions whose filter pins no account: candidates for every block. */
  private final Set<NearSubscription> unindexed = new LinkedHashSet<>();

  NearSubscription get(NearSubscriber subscriber) {
    return bySubscriber.get(subscriber);
  }

  int size() {
    return bySubscriber.size();
  }

  /** Installs the subscription, replacing the subscriber's previous one. */
  void put(NearSubscription subscription) {
    remove(subscription.subscriber);
    bySubscriber.put(subscription.subscriber, subscription);
    final Set<String> accounts = subscription.request.filter().accounts().orElse(null);
    if (accounts == null) {
      unindexed.add(subscription);
      return;
    }
    for (String account : accounts) {
      byAccount.computeIfAbsent(account, a -> new LinkedHashSet<>()).add(subscription);
    }
  }

  /** Removes the subscriber's subscription, if any. */
  NearSubscription remove(NearSubscriber subscriber) {
    final NearSubscription removed = bySubscriber.remove(subscriber);
    if (removed == null) {
      return null;
    }
    final Set<String> accounts = removed.request.filter().accounts().orElse(null);
    if (accounts == null) {
      unindexed.remove(removed);
      return removed;
    }
    for (String account : accounts) {
      final Set<NearSubscription> following = byAccount.get(account);
      if (following != null && following.remove(removed) && following.isEmpty()) {
        byAccount.remove(account);
      }
    }
    return removed;
  }

  /** Every installed subscription, in installation order. */
  List<NearSubscription> all() {
    return new ArrayList<>(bySubscriber.values());
  }

  /**
   * The subscriptions that may match an event of the block, each once: the unindexed ones, then
   * those of the block's accounts. Every other subscription matches none of its events.
   */
  List<NearSubscription> candidates(NearBlockView block) {
    final List<NearSubscription> out = new ArrayList<>(unindexed);
    if (byAccount.isEmpty()) {
      return out;
    }
    final Set<String> accounts = new HashSet<>();
    final Map<NearSubscription, Boolean> seen = new IdentityHashMap<>();
    for (NearEventView event : block.events()) {
      final String account = event.event().getAccountId();
      if (!accounts.add(account)) {
        continue;
      }
      final Set<NearSubscription> following = byAccount.get(account);
      if (following == null) {
        continue;
      }
      for (NearSubscription subscription : following) {
        if (seen.put(subscription, Boolean.TRUE) == null) {
          out.add(subscription);
        }
      }
    }
    return out;
  }
}
