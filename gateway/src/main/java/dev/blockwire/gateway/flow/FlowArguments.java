package dev.blockwire.gateway.flow;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.blockwire.gateway.gojson.GoJson;
import dev.blockwire.schemas.flow.FlowBlockStatus;

/**
 * flow-go's argument validation of every topic, with its messages, plus the fcl quirks we accept
 * (a numeric {@code start_block_height}, {@code addresses} on account_statuses, a decimal
 * {@code start_block_id}). Pure; thread-safe.
 */
final class FlowArguments {

  static final String PROVIDER_ERROR = "error creating data provider: ";
  static final Set<String> ACCOUNT_EVENT_TYPES = Set.of("flow.AccountCreated", "flow.AccountKeyAdded",
      "flow.AccountKeyRemoved", "flow.AccountContractAdded", "flow.AccountContractUpdated",
      "flow.AccountContractRemoved", "flow.InboxValuePublished", "flow.InboxValueUnpublished",
      "flow.InboxValueClaimed");
  static final int MAX_FILTER_ITEMS = 1000;
  static final int MAX_ACCOUNT_ADDRESSES = 100;
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern DECIMAL_ID = Pattern.compile("[0-9]{1,20}");
  private static final BigInteger MAX_UINT64 = new BigInteger("18446744073709551615");

  /** A spec, or the full error message (code 400). */
  record Result(FlowSpec spec, String error) {}

  private static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  private final String chainId;

  FlowArguments(String chainId) {
    this.chainId = chainId;
  }

  Result parse(String topicName, JsonNode arguments) {
    final FlowTopic topic = FlowTopic.of(topicName).orElse(null);
    if (topic == null) {
      return new Result(null, PROVIDER_ERROR + "unsupported topic " + GoJson.goQuote(topicName));
    }
    final JsonNode args = arguments == null ? JsonNodeFactory.instance.objectNode() : arguments;
    try {
      return new Result(switch (topic) {
        case BLOCKS, BLOCK_HEADERS, BLOCK_DIGESTS -> blocks(topic, args);
        case EVENTS -> events(args);
        case ACCOUNT_STATUSES -> accountStatuses(args);
        case TRANSACTION_STATUSES -> transactionStatuses(args);
        case SEND_AND_GET_TRANSACTION_STATUSES -> throw new Invalid("invalid arguments for send tx statuses data "
            + "provider: sending transactions is not supported: no upstream access node is configured");
      }, null);
    } catch (Invalid e) {
      return new Result(null, PROVIDER_ERROR + e.getMessage());
    }
  }

  private FlowSpec blocks(FlowTopic topic, JsonNode args) throws Invalid {
    final String prefix = "invalid arguments: ";
    allowed(args, prefix, "start_block_id", "start_block_height", "block_status");
    final JsonNode status = args.get("block_status");
    if (status == null) {
      throw new Invalid(prefix + "missing 'block_status' field");
    }
    if (!status.isTextual()) {
      throw new Invalid(prefix + "'block_status' must be string");
    }
    if (status.textValue().isEmpty()) {
      throw new Invalid(prefix + "'block_status' field must not be empty");
    }
    final FlowBlockStatus blockStatus = switch (status.textValue().toLowerCase(Locale.ROOT)) {
      case "finalized" -> FlowBlockStatus.FINALIZED;
      case "sealed" -> FlowBlockStatus.SEALED;
      default -> throw new Invalid(prefix + "invalid 'block_status', must be 'finalized' or 'sealed'");
    };
    final Start start = start(args, prefix);
    return new FlowSpec(topic, blockStatus, start.height, start.blockId, 1, List.of(), List.of(), List.of(), null);
  }

  private FlowSpec events(JsonNode args) throws Invalid {
    final String prefix = "invalid arguments for events data provider: ";
    allowed(args, prefix, "start_block_id", "start_block_height", "heartbeat_interval", "event_types", "addresses",
        "contracts");
    final Start start = start(args, prefix);
    final long heartbeat = heartbeat(args, prefix);
    final List<String> types = strings(args, "event_types", prefix);
    final List<String> addresses = strings(args, "addresses", prefix);
    final List<String> contracts = strings(args, "contracts", prefix);
    final String filterPrefix = prefix + "error creating event filter: ";
    limit(types.size(), "event types", filterPrefix);
    limit(addresses.size(), "addresses", filterPrefix);
    limit(contracts.size(), "contracts", filterPrefix);
    for (String type : types) {
      final String problem = eventTypeProblem(type);
      if (problem != null) {
        throw new Invalid(filterPrefix + "invalid event type " + type + ": " + problem);
      }
    }
    final List<String> normalized = new ArrayList<>();
    for (String address : addresses) {
      if (!FlowAddresses.isValid(address, chainId)) {
        throw new Invalid(filterPrefix + "invalid address for chain: " + address);
      }
      normalized.add(FlowAddresses.hex(FlowAddresses.parse(address).orElseThrow()));
    }
    for (String contract : contracts) {
      if (!validContract(contract)) {
        throw new Invalid(filterPrefix + "invalid contract: " + contract);
      }
    }
    return new FlowSpec(FlowTopic.EVENTS, FlowBlockStatus.SEALED, start.height, start.blockId, heartbeat, types,
        normalized, contracts, null);
  }

  private FlowSpec accountStatuses(JsonNode args) throws Invalid {
    final String prefix = "invalid arguments for account statuses data provider: ";
    allowed(args, prefix, "start_block_id", "start_block_height", "heartbeat_interval", "event_types",
        "account_addresses", "addresses");
    final Start start = start(args, prefix);
    final long heartbeat = heartbeat(args, prefix);
    final List<String> types = strings(args, "event_types", prefix);
    final List<String> addresses = new ArrayList<>(strings(args, "account_addresses", prefix));
    addresses.addAll(strings(args, "addresses", prefix)); // fcl sends this key; we treat it as account_addresses
    if (addresses.size() > MAX_ACCOUNT_ADDRESSES) {
      throw new Invalid(prefix + "account limit exceeds, the limit is " + MAX_ACCOUNT_ADDRESSES);
    }
    final String filterPrefix = prefix + "failed to create event filter: ";
    for (String type : types) {
      if (!ACCOUNT_EVENT_TYPES.contains(type)) {
        throw new Invalid(filterPrefix + (addresses.isEmpty() ? "invalid provided event types for filter"
            : "unsupported event type: " + type));
      }
    }
    final List<String> normalized = new ArrayList<>();
    for (String address : addresses) {
      if (!FlowAddresses.isValid(address, chainId)) {
        throw new Invalid(filterPrefix + "invalid address for chain: " + address);
      }
      normalized.add(FlowAddresses.hex(FlowAddresses.parse(address).orElseThrow()));
    }
    return new FlowSpec(FlowTopic.ACCOUNT_STATUSES, FlowBlockStatus.SEALED, start.height, start.blockId, heartbeat,
        types.isEmpty() ? List.copyOf(ACCOUNT_EVENT_TYPES) : types, normalized, List.of(), null);
  }

  private FlowSpec transactionStatuses(JsonNode args) throws Invalid {
    final String prefix = "invalid arguments for tx statuses data provider: ";
    allowed(args, prefix, "tx_id");
    final JsonNode txId = args.get("tx_id");
    if (txId == null) {
      throw new Invalid(prefix + "missing 'tx_id' field");
    }
    if (!txId.isTextual()) {
      throw new Invalid(prefix + "'tx_id' must be a string");
    }
    if (txId.textValue().isEmpty()) {
      throw new Invalid(prefix + "'tx_id' must not be empty");
    }
    if (!ID.matcher(txId.textValue()).matches()) {
      throw new Invalid(prefix + "invalid 'tx_id': invalid ID format");
    }
    return new FlowSpec(FlowTopic.TRANSACTION_STATUSES, FlowBlockStatus.FINALIZED, -1, null, 1, List.of(), List.of(),
        List.of(), txId.textValue().toLowerCase(Locale.ROOT));
  }

  private record Start(long height, String blockId) {}

  private static Start start(JsonNode args, String prefix) throws Invalid {
    final JsonNode id = args.get("start_block_id");
    final JsonNode height = args.get("start_block_height");
    if (id != null && height != null) {
      throw new Invalid(prefix + "can only provide either 'start_block_id' or 'start_block_height'");
    }
    if (id != null) {
      if (!id.isTextual()) {
        throw new Invalid(prefix + "'start_block_id' must be a string");
      }
      final String text = id.textValue();
      if (text.isEmpty()) {
        return new Start(-1, null);
      }
      if (DECIMAL_ID.matcher(text).matches()) { // fcl's block_digests resume sends a height here
        return new Start(uint64(text, prefix + "'start_block_id' must be convertible to uint64: "), null);
      }
      if (!ID.matcher(text).matches()) {
        throw new Invalid(prefix + "invalid 'start_block_id': invalid ID format");
      }
      return new Start(-1, text.toLowerCase(Locale.ROOT));
    }
    if (height != null) {
      if (height.isIntegralNumber() && height.canConvertToLong() && height.longValue() >= 0) {
        return new Start(height.longValue(), null); // fcl sends a number on several topics
      }
      if (height.isNumber() && !height.isIntegralNumber() && height.decimalValue().signum() >= 0
          && height.decimalValue().stripTrailingZeros().scale() <= 0 && height.decimalValue().compareTo(
              java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
        return new Start(height.decimalValue().longValueExact(), null);
      }
      if (!height.isTextual()) {
        throw new Invalid(prefix + "'start_block_height' must be a string");
      }
      return new Start(uint64(height.textValue(), prefix + "'start_block_height' must be convertible to uint64: "), null);
    }
    return new Start(-1, null);
  }

  /** A uint64 as flow-go's converter reads it; heights above Long.MAX_VALUE are clamped (never served). */
  private static long uint64(String text, String prefix) throws Invalid {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new Invalid(prefix + "value must be an unsigned 64 bit integer");
    }
    final BigInteger value = new BigInteger(text);
    if (value.compareTo(MAX_UINT64) > 0) {
      throw new Invalid(prefix + "value overflows uint64 range");
    }
    return value.bitLength() > 63 ? Long.MAX_VALUE : value.longValue();
  }

  private static long heartbeat(JsonNode args, String prefix) throws Invalid {
    final JsonNode value = args.get("heartbeat_interval");
    if (value == null) {
      return 1;
    }
    if (!value.isTextual()) {
      throw new Invalid(prefix + "'heartbeat_interval' must be a string");
    }
    final String text = value.textValue();
    final String strconv = "'heartbeat_interval' must be convertible to uint64: strconv.ParseUint: parsing "
        + GoJson.goQuote(text) + ": ";
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new Invalid(prefix + strconv + "invalid syntax");
    }
    final BigInteger parsed = new BigInteger(text);
    if (parsed.compareTo(MAX_UINT64) > 0) {
      throw new Invalid(prefix + strconv + "value out of range");
    }
    return Math.max(1, parsed.bitLength() > 63 ? Long.MAX_VALUE : parsed.longValue());
  }

  private static List<String> strings(JsonNode args, String name, String prefix) throws Invalid {
    final JsonNode value = args.get(name);
    if (value == null) {
      return List.of();
    }
    final String base = prefix + "'" + name + "' must be an array of strings: ";
    if (!value.isArray()) {
      throw new Invalid(base + "value must be an array. got " + GoJson.goType(value));
    }
    final List<String> out = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new Invalid(base + "value must be an array of strings. got " + GoJson.goType(item));
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static void allowed(JsonNode args, String prefix, String... names) throws Invalid {
    final List<String> allowed = List.of(names);
    for (Iterator<String> it = args.fieldNames(); it.hasNext();) {
      final String key = it.next();
      if (!allowed.contains(key)) {
        throw new Invalid(prefix + "unexpected field: '" + key + "'");
      }
    }
  }

  private static void limit(int count, String what, String prefix) throws Invalid {
    if (count > MAX_FILTER_ITEMS) {
      throw new Invalid(prefix + "too many " + what + " in filter (" + count + "). use " + MAX_FILTER_ITEMS + " or fewer");
    }
  }

  /** Why an event type is invalid (flow-go's ParseEvent), or null. */
  private String eventTypeProblem(String type) {
    final String[] parts = type.split("\\.", -1);
    if (parts[0].equals("flow") && parts.length == 2) {
      return null;
    }
    if (parts[0].equals("A") && parts.length >= 4) {
      return FlowAddresses.isValid(parts[1], chainId) ? null : "invalid event contract address";
    }
    return "invalid event type: " + type;
  }

  private boolean validContract(String contract) {
    if (contract.equals("flow")) {
      return true;
    }
    final String[] parts = contract.split("\\.", -1);
    return parts.length == 3 && parts[0].equals("A") && FlowAddresses.isValid(parts[1], chainId) && !parts[2].isEmpty();
  }
}
