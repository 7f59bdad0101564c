package dev.blockwire.gateway.near;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * events.near.stream's filter, exactly: a top-level array is an OR of its elements, an object is
 * an AND of its keys (extra event keys ignored), nested arrays match positionally as a prefix,
 * leaves by strict equality with their JSON type, a missing key never matches, and a top-level
 * filter that is neither array nor object matches nothing. Top-level keys may use either the
 * snake or the camel spelling; values are compared with the connection's rendering.
 */
public final class NearFilter {

  private final JsonNode filter;
  /** The accounts every alternative pins, or null when some alternative does not pin one. */
  private final Set<String> accounts;

  public NearFilter(JsonNode filter) {
    this.filter = filter;
    this.accounts = pinnedAccounts(filter);
  }

  public JsonNode json() {
    return filter;
  }

  /**
   * The accounts ({@code account_id} / {@code accountId} text values) of which an event must be one to
   * match, when every alternative of the filter pins one; empty when some alternative matches other
   * accounts too. The gateway indexes subscriptions by it, so a block is matched only against the
   * subscriptions of the accounts it has events from (the profile of the fan-out benchmark showed the
   * scan of every subscription per block among the gateway's top costs).
   */
  public Optional<Set<String>> accounts() {
    return Optional.ofNullable(accounts);
  }

  /** Whether the event matches, as rendered in {@code format}. */
  public boolean matches(NearEventView event, NearFormat format) {
    if (accounts != null && !accounts.contains(event.event().getAccountId())) {
      return false; // cheap: no alternative names this account
    }
    if (filter.isArray()) {
      for (JsonNode element : filter) {
        if (matchesRow(element, event, format)) {
          return true;
        }
      }
      return false;
    }
    return filter.isObject() && matchesRow(filter, event, format);
  }

  private static Set<String> pinnedAccounts(JsonNode filter) {
    final Set<String> accounts = new HashSet<>();
    if (filter.isObject()) {
      return pinned(filter, accounts) ? Set.copyOf(accounts) : null;
    }
    if (!filter.isArray()) {
      return null; // matches nothing; left to matches()
    }
    for (JsonNode element : filter) {
      if (!pinned(element, accounts)) {
        return null;
      }
    }
    return Set.copyOf(accounts);
  }

  /** Adds the account a row filter pins (both spellings, text values); false if it pins none. */
  private static boolean pinned(JsonNode row, Set<String> accounts) {
    if (!row.isObject()) {
      return false;
    }
    boolean pinned = false;
    for (String key : new String[] {"account_id", "accountId"}) {
      final JsonNode value = row.get(key);
      if (value != null && value.isTextual()) {
        accounts.add(value.textValue());
        pinned = true;
      }
    }
    return pinned;
  }

  /** recursiveFilter(f, row) where row is the event object. */
  private static boolean matchesRow(JsonNode f, NearEventView event, NearFormat format) {
    if (!f.isObject()) {
      return false; // f === row is never true for a filter value against the row object
    }
    final Iterator<Map.Entry<String, JsonNode>> fields = f.fields();
    while (fields.hasNext()) {
      final Map.Entry<String, JsonNode> entry = fields.next();
      final JsonNode value = event.field(entry.getKey(), format);
      if (value == null || !matches(entry.getValue(), value)) {
        return false;
      }
    }
    return true;
  }

  /** recursiveFilter(f, o) on JSON values; {@code o} is never a missing value here. */
  static boolean matches(JsonNode f, JsonNode o) {
    if (f.isObject() && o.isObject()) {
      final Iterator<Map.Entry<String, JsonNode>> fields = f.fields();
      while (fields.hasNext()) {
        final Map.Entry<String, JsonNode> entry = fields.next();
        final JsonNode value = o.get(entry.getKey());
        if (value == null || !matches(entry.getValue(), value)) {
          return false;
        }
      }
      return true;
    }
    if (f.isArray() && o.isArray()) {
      for (int i = 0; i < f.size(); i++) {
        final JsonNode value = o.get(i);
        if (value == null || !matches(f.get(i), value)) {
          return false;
        }
      }
      return true;
    }
    return strictlyEqual(f, o);
  }

  /** JavaScript {@code ===} on JSON leaves: objects and arrays are never equal to anything here. */
  private static boolean strictlyEqual(JsonNode f, JsonNode o) {
    if (f.isNumber() && o.isNumber()) {
      return f.decimalValue().compareTo(o.decimalValue()) == 0;
    }
    if (f.isTextual() && o.isTextual()) {
      return f.textValue().equals(o.textValue());
    }
    if (f.isBoolean() && o.isBoolean()) {
      return f.booleanValue() == o.booleanValue();
    }
    return f.isNull() && o.isNull();
  }
}
