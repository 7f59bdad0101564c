package dev.blockwire.gateway.near;

/** What the feed needs of a connection: its event form and a non-blocking way to send. */
public interface NearSubscriber {

  NearFormat format();

  /** Queues a message for the client without blocking; false if the connection is gone. */
  boolean offer(String message);
}
