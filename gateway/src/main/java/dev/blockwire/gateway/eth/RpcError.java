package dev.blockwire.gateway.eth;

import dev.blockwire.gateway.gojson.GoJson;

/**
 * A JSON-RPC error as geth writes it: {@code {"code":…,"message":…}}. Errors are values on the
 * hot path; the factories carry geth's exact codes and texts ({@code rpc/errors.go},
 * {@code eth/filters}, {@code core/history}).
 *
 * @param code the JSON-RPC error code
 * @param message the text, unescaped; never null
 */
record RpcError(int code, String message) {

  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int DEFAULT = -32000;
  static final int RESPONSE_TOO_LARGE = -32003;
  static final int LIMIT_EXCEEDED = -32005;
  static final int PARSE_ERROR = -32700;
  static final int PRUNED_HISTORY = 4444;

  static RpcError invalidRequest() {
    return new RpcError(INVALID_REQUEST, "invalid request");
  }

  static RpcError emptyBatch() {
    return new RpcError(INVALID_REQUEST, "empty batch");
  }

  static RpcError batchTooLarge() {
    return new RpcError(INVALID_REQUEST, "batch too large");
  }

  static RpcError methodNameTooLong(int length, int max) {
    return new RpcError(INVALID_REQUEST, "method name too long: " + length + " > " + max);
  }

  static RpcError methodNotFound(String method) {
    return new RpcError(METHOD_NOT_FOUND, "the method " + method + " does not exist/is not available");
  }

  /** {@code no "<name>" subscription in <namespace> namespace}, the name quoted as Go's %q does. */
  static RpcError subscriptionNotFound(String namespace, String name) {
    return new RpcError(METHOD_NOT_FOUND, "no " + GoJson.goQuote(name) + " subscription in " + namespace + " namespace");
  }

  static RpcError invalidParams(String message) {
    return new RpcError(INVALID_PARAMS, message);
  }

  /** A plain Go error: code -32000. */
  static RpcError plain(String message) {
    return new RpcError(DEFAULT, message);
  }

  static RpcError responseTooLarge() {
    return new RpcError(RESPONSE_TOO_LARGE, "response too large");
  }

  static RpcError parse(String goSyntaxError) {
    return new RpcError(PARSE_ERROR, goSyntaxError);
  }

  static RpcError prunedHistory() {
    return new RpcError(PRUNED_HISTORY, "pruned history unavailable");
  }

  static RpcError subscriptionIdNotFound() {
    return plain("subscription not found");
  }

  /** Ours (pathfinder's default cap): more subscriptions on one connection than configured. */
  static RpcError tooManySubscriptions() {
    return plain("too many subscriptions");
  }

  /** Ours: a cursor resume needs older updates than the journal and the topic retain. */
  static RpcError cursorExpired() {
    return plain("cursor is older than the retained history");
  }

  /** Ours: the cursor's notification was never sent on this chain (not in the journal, nor on the topic). */
  static RpcError cursorNotFound() {
    return plain("cursor not found: no such notification on the chain topic");
  }

  /** Ours: every slot for resumes that read the topic is taken ({@code gateway.eth.max-topic-resumes}). */
  static RpcError tooManyTopicResumes() {
    return plain("too many cursor resumes reading the topic");
  }

  /** Ours: a topic resume would hold more notifications than the gateway keeps for one. */
  static RpcError cursorTooFarBehind(int limit) {
    return plain("cursor is too far behind: more than " + limit + " notifications to replay");
  }

  /** Ours: the topic read of a cursor resume failed (the broker is unreachable). */
  static RpcError topicUnreadable() {
    return plain("cursor resume failed: the chain topic could not be read");
  }
}
