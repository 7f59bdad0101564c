package dev.blockwire.bench.fanout;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import io.netty.buffer.ByteBuf;

/** The harness's websocket connections: {@link WsClients} (Netty), or {@link TyrusClients} to compare with. */
public interface Clients extends AutoCloseable {

  /** Receives every text frame of every connection, on the connection's I/O thread. */
  interface Sink {
    /** @param content the frame's bytes, valid during the call only */
    void frame(ClientProtocol protocol, ByteBuf content);

    /** A connection that was open has closed. */
    void closed(ClientProtocol protocol);

    /** The server closed a connection with this code and reason. */
    default void closeFrame(ClientProtocol protocol, int code, String reason) {}
  }

  /** The transport in use, for the log. */
  String transport();

  /**
   * Opens one connection to {@code base + protocol.path()}; completes (with what closes it) when the
   * handshake is done and the protocol's request was written, or fails (connect, handshake, timeout).
   */
  CompletableFuture<AutoCloseable> connect(URI base, ClientProtocol protocol, long handshakeTimeoutMillis);

  @Override
  void close();
}
