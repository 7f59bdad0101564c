package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.blockwire.gateway.gojson.GoJson;

/**
 * geth's log filter criteria ({@code filters.FilterCriteria}): parsed exactly as its
 * {@code UnmarshalJSON} parses them, matched as {@code filterLogs} matches.
 *
 * <p>Addresses and topics are kept as lower-case hex strings, the form logs arrive in.
 *
 * @param blockHash lower-case hash, or null
 * @param fromBlock geth's encoding (tags negative), or null when absent
 * @param toBlock geth's encoding, or null when absent
 * @param addresses any of these; empty = any address
 * @param topics per position: null or empty = wildcard, else any of these
 */
record LogFilter(String blockHash, Long fromBlock, Long toBlock, Set<String> addresses, List<Set<String>> topics) {

  /** {@code maxTopics}: LOG0..LOG4. */
  static final int MAX_TOPICS = 4;
  /** {@code maxSubTopics}: OR-list length per position. */
  static final int MAX_SUB_TOPICS = 1000;

  static final LogFilter ANY = new LogFilter(null, null, null, Set.of(), List.of());

  /** {@code FilterCriteria.UnmarshalJSON}. */
  static LogFilter parse(GoJson.Value value) throws EthArgs.ArgException {
    if (value.isNull()) {
      return ANY;
    }
    if (value.kind != GoJson.Kind.OBJECT) {
      throw EthArgs.typeError(value.goTypeName(), "filters.input");
    }
    String blockHash = null;
    Long from = null;
    Long to = null;
    GoJson.Value address = null;
    GoJson.Value topics = null;
    String savedError = null; // Go reports a type mismatch only after the whole object decoded
    for (int i = 0; i < value.keys.size(); i++) {
      final String key = value.keys.get(i);
      final GoJson.Value item = value.items.get(i);
      if (key.equalsIgnoreCase("blockHash")) {
        blockHash = item.isNull() ? null : EthArgs.hash(item, "input.blockHash");
      } else if (key.equalsIgnoreCase("fromBlock")) {
        from = item.isNull() ? null : EthArgs.blockNumber(item.raw());
      } else if (key.equalsIgnoreCase("toBlock")) {
        to = item.isNull() ? null : EthArgs.blockNumber(item.raw());
      } else if (key.equalsIgnoreCase("address")) {
        address = item.isNull() ? null : item;
      } else if (key.equalsIgnoreCase("topics")) {
        if (item.isNull() || item.kind == GoJson.Kind.ARRAY) {
          topics = item.isNull() ? null : item;
        } else if (savedError == null) {
          savedError = "json: cannot unmarshal " + item.goTypeName()
              + " into Go struct field input.topics of type []interface {}";
        }
      }
    }
    if (savedError != null) {
      throw new EthArgs.ArgException(savedError);
    }
    if (blockHash != null && (from != null || to != null)) {
      throw new EthArgs.ArgException("cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other");
    }
    return new LogFilter(blockHash, blockHash == null ? from : null, blockHash == null ? to : null,
        addresses(address), topics(topics));
  }

  private static Set<String> addresses(GoJson.Value address) throws EthArgs.ArgException {
    if (address == null) {
      return Set.of();
    }
    final Set<String> out = new LinkedHashSet<>();
    switch (address.kind) {
      case ARRAY:
        for (int i = 0; i < address.items.size(); i++) {
          final GoJson.Value item = address.items.get(i);
          if (item.kind != GoJson.Kind.STRING) {
            throw new EthArgs.ArgException("non-string address at index " + i);
          }
          try {
            out.add(decodeAddress(item.text));
          } catch (EthArgs.ArgException e) {
            throw new EthArgs.ArgException("invalid address at index " + i + ": " + e.getMessage());
          }
        }
        return out;
      case STRING:
        try {
          out.add(decodeAddress(address.text));
        } catch (EthArgs.ArgException e) {
          throw new EthArgs.ArgException("invalid address: " + e.getMessage());
        }
        return out;
      default:
        throw new EthArgs.ArgException("invalid addresses in query");
    }
  }

  private static List<Set<String>> topics(GoJson.Value topics) throws EthArgs.ArgException {
    if (topics == null || topics.items.isEmpty()) {
      return List.of();
    }
    if (topics.items.size() > MAX_TOPICS) {
      throw new EthArgs.ArgException("exceed max topics");
    }
    final List<Set<String>> out = new ArrayList<>(topics.items.size());
    for (GoJson.Value position : topics.items) {
      switch (position.kind) {
        case NULL:
          out.add(null);
          break;
        case STRING:
          out.add(Set.of(decodeTopic(position.text)));
          break;
        case ARRAY: {
          if (position.items.size() > MAX_SUB_TOPICS) {
            throw new EthArgs.ArgException("exceed max topics");
          }
          Set<String> any = new LinkedHashSet<>();
          for (GoJson.Value topic : position.items) {
            if (topic.isNull()) {
              any = null; // a null member makes the position a wildcard; the rest is not looked at
              break;
            }
            if (topic.kind != GoJson.Kind.STRING) {
              throw new EthArgs.ArgException("invalid topic(s)");
            }
            any.add(decodeTopic(topic.text));
          }
          out.add(any == null || any.isEmpty() ? null : Collections.unmodifiableSet(any));
          break;
        }
        default:
          throw new EthArgs.ArgException("invalid topic(s)");
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static String decodeAddress(String text) throws EthArgs.ArgException {
    final String hex = EthArgs.decodeHexBytes(text);
    if (hex.length() != 40) {
      throw new EthArgs.ArgException("hex has invalid length " + hex.length() / 2 + " after decoding; expected 20 for address");
    }
    return "0x" + hex;
  }

  private static String decodeTopic(String text) throws EthArgs.ArgException {
    final String hex = EthArgs.decodeHexBytes(text);
    if (hex.length() != 64) {
      throw new EthArgs.ArgException("hex has invalid length " + hex.length() / 2 + " after decoding; expected 32 for topic");
    }
    return "0x" + hex;
  }

  /**
   * {@code LogQueryLimit}: more addresses, or more topics in one position, than {@code limit}
   * (0 = no limit) is geth's -32000 {@code exceed max addresses or topics per search position}.
   */
  boolean exceeds(int limit) {
    if (limit <= 0) {
      return false;
    }
    if (addresses.size() > limit) {
      return true;
    }
    for (Set<String> position : topics) {
      if (position != null && position.size() > limit) {
        return true;
      }
    }
    return false;
  }

  /** The address and topic rules of {@code filterLogs}, the block range not included. */
  boolean matchesContent(EthLogView log) {
    if (!addresses.isEmpty() && !addresses.contains(log.address())) {
      return false;
    }
    final List<String> logTopics = log.topics();
    if (topics.size() > logTopics.size()) {
      return false; // fewer topics than the filter's positions: rejected, even for trailing wildcards
    }
    for (int i = 0; i < topics.size(); i++) {
      final Set<String> any = topics.get(i);
      if (any != null && !any.contains(logTopics.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code filterLogs}: a numeric fromBlock/toBlock bounds the block number; tags do not. */
  boolean matches(EthLogView log) {
    if (fromBlock != null && fromBlock >= 0 && fromBlock > log.blockNumber()) {
      return false;
    }
    if (toBlock != null && toBlock >= 0 && toBlock < log.blockNumber()) {
      return false;
    }
    return matchesContent(log);
  }
}
