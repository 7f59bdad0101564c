package dev.blockwire.ingest.eth.node;

import java.io.IOException;

/**
 * The node's chain moved while the follower was reading it: a block it named is gone, or a block's
 * logs belong to another block. The node answers, so this is not an outage: the follower starts
 * again from the node's new head.
 */
final class NodeChangedException extends IOException {

  private static final long serialVersionUID = 1L;

  NodeChangedException(String message) {
    super(message);
  }
}
