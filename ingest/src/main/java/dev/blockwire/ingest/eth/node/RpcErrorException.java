package dev.blockwire.ingest.eth.node;

import java.io.IOException;

/** The node answered a call with a JSON-RPC {@code error} object (retried like any node failure). */
public final class RpcErrorException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int code;

  public RpcErrorException(String method, int code, String message) {
    super(method + " failed: " + code + " " + message);
    this.code = code;
  }

  /** The JSON-RPC error code, e.g. -32000. */
  public int code() {
    return code;
  }
}
