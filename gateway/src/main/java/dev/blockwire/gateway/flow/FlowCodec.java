package dev.blockwire.gateway.flow;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.gojson.GoJson;

/**
 * The /v1/ws wire format: client messages in (with flow-go's parse errors), the three server
 * envelopes out, each frame ending with a newline as Go's {@code json.Encoder} writes it.
 */
final class FlowCodec {

  static final String SUBSCRIBE = "subscribe";
  static final String UNSUBSCRIBE = "unsubscribe";
  static final String LIST = "list_subscriptions";

  /** Reads the first JSON value only (as flow-go's ReadJSON); trailing text is ignored. */
  private static final ObjectReader READER = Json.MAPPER.reader()
      .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** Decodes one text frame. Never throws. */
  static FlowRequest decode(String text) {
    final String syntax = GoJson.syntaxError(text);
    if (syntax != null) {
      // gorilla's ReadJSON turns a message with no value (io.EOF) into io.ErrUnexpectedEOF
      return new FlowRequest.Invalid("error reading message: " + ("EOF".equals(syntax) ? "unexpected EOF" : syntax));
    }
    final JsonNode message;
    try {
      message = READER.readTree(text);
    } catch (JsonProcessingException e) {
      return new FlowRequest.Invalid("error reading message: " + e.getOriginalMessage());
    }
    if (message == null || message.isNull() || message.isMissingNode()) {
      return new FlowRequest.Invalid("error parsing message: unknown action type: ");
    }
    if (!message.isObject()) {
      return new FlowRequest.Invalid("error parsing message: error unmarshalling base message: json: cannot unmarshal "
          + GoJson.goKind(message) + " into Go value of type models.BaseMessageRequest");
    }
    final String baseError = typeError(message, "BaseMessageRequest", List.of("subscription_id", "action"));
    if (baseError != null) {
      return new FlowRequest.Invalid("error parsing message: error unmarshalling base message: " + baseError);
    }
    final String action = text(message, "action");
    final String id = text(message, "subscription_id");
    switch (action) {
      case SUBSCRIBE -> {
        final String error = typeError(message, "SubscribeMessageRequest", List.of("topic", "arguments"));
        if (error != null) {
          return new FlowRequest.Invalid("error parsing message: error unmarshalling subscribe message: " + error);
        }
        final JsonNode arguments = message.get("arguments");
        return new FlowRequest.Subscribe(id, text(message, "topic"),
            arguments == null || arguments.isNull() ? null : arguments);
      }
      case UNSUBSCRIBE -> {
        return new FlowRequest.Unsubscribe(id);
      }
      case LIST -> {
        return new FlowRequest.ListSubscriptions();
      }
      default -> {
        return new FlowRequest.Invalid("error parsing message: unknown action type: " + action);
      }
    }
  }

  /** Go's first UnmarshalTypeError among the given fields, in document order, or null. */
  private static String typeError(JsonNode message, String struct, List<String> fields) {
    for (String key : GoJson.keys(message)) {
      if (!fields.contains(key)) {
        continue;
      }
      final JsonNode value = message.get(key);
      if (value.isNull()) {
        continue;
      }
      if (key.equals("arguments")) {
        if (!value.isObject()) {
          return "json: cannot unmarshal " + GoJson.goKind(value) + " into Go struct field " + struct
              + ".arguments of type models.Arguments";
        }
      } else if (!value.isTextual()) {
        return "json: cannot unmarshal " + GoJson.goKind(value) + " into Go struct field " + struct + "." + key
            + " of type string";
      }
    }
    return null;
  }

  private static String text(JsonNode message, String field) {
    final JsonNode value = message.get(field);
    return value == null || !value.isTextual() ? "" : value.textValue();
  }

  /** {@code {"subscription_id":id,"action":action}\n} */
  static String ok(String subscriptionId, String action) {
    final StringBuilder out = new StringBuilder(64).append("{\"subscription_id\":");
    GoJson.appendMarshalled(out, subscriptionId).append(",\"action\":");
    return GoJson.appendMarshalled(out, action).append("}\n").toString();
  }

  /** {@code {"subscription_id":id,"error":{"code":c,"message":m},"action":action}\n} */
  static String error(String subscriptionId, int code, String message, String action) {
    final StringBuilder out = new StringBuilder(96 + message.length()).append("{\"subscription_id\":");
    GoJson.appendMarshalled(out, subscriptionId).append(",\"error\":{\"code\":").append(code).append(",\"message\":");
    GoJson.appendMarshalled(out, message).append("},\"action\":");
    return GoJson.appendMarshalled(out, action).append("}\n").toString();
  }

  /** One entry of a list_subscriptions response. */
  record Listed(String subscriptionId, String topic, JsonNode arguments) {}

  /** {@code {"subscriptions":[…]|null,"action":"list_subscriptions"}\n} */
  static String list(List<Listed> subscriptions) {
    final StringBuilder out = new StringBuilder(64).append("{\"subscriptions\":");
    if (subscriptions.isEmpty()) {
      out.append("null");
    } else {
      out.append('[');
      for (int i = 0; i < subscriptions.size(); i++) {
        final Listed s = subscriptions.get(i);
        if (i > 0) {
          out.append(',');
        }
        out.append("{\"subscription_id\":");
        GoJson.appendMarshalled(out, s.subscriptionId()).append(",\"topic\":");
        GoJson.appendMarshalled(out, s.topic()).append(",\"arguments\":");
        GoJson.marshalAny(out, s.arguments()).append('}');
      }
      out.append(']');
    }
    return out.append(",\"action\":\"list_subscriptions\"}\n").toString();
  }

  /** {@code {"subscription_id":id,"topic":topic,"payload":payload}\n}; the payload is already JSON. */
  static String data(String subscriptionId, String topic, String payloadJson) {
    final StringBuilder out = new StringBuilder(64 + payloadJson.length()).append("{\"subscription_id\":");
    GoJson.appendMarshalled(out, subscriptionId).append(",\"topic\":");
    GoJson.appendMarshalled(out, topic).append(",\"payload\":").append(payloadJson);
    return out.append("}\n").toString();
  }

  private FlowCodec() {}
}
