package dev.blockwire.ingest.eth.node;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON-RPC 2.0 wire: requests out, responses in. */
final class Messages {

  private Messages() {}

  static byte[] request(ObjectMapper mapper, long id, String method, List<Object> params) throws IOException {
    final ObjectNode request = mapper.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", id);
    request.put("method", method);
    request.set("params", mapper.valueToTree(params));
    return mapper.writeValueAsBytes(request);
  }

  /** The {@code result} of a response to call {@code id}; its error as {@link RpcErrorException}. */
  static JsonNode result(JsonNode response, String method, long id) throws IOException {
    if (response == null || !response.isObject()) {
      throw new IOException(method + ": the node's answer is not a JSON-RPC response object");
    }
    final JsonNode responseId = response.get("id");
    if (responseId == null || !responseId.canConvertToLong() || responseId.asLong() != id) {
      throw new IOException(method + ": the node answered id " + responseId + " to request " + id);
    }
    final JsonNode error = response.get("error");
    if (error != null && !error.isNull()) {
      throw new RpcErrorException(method, error.path("code").asInt(), error.path("message").asText(error.toString()));
    }
    final JsonNode result = response.get("result");
    if (result == null) {
      throw new IOException(method + ": the node's answer has neither result nor error");
    }
    return result;
  }
}
