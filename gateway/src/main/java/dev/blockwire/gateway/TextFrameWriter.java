package dev.blockwire.gateway;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.asyncqueue.AsyncQueueEnabledTransport;
import org.glassfish.grizzly.asyncqueue.AsyncQueueWriter;
import org.glassfish.grizzly.asyncqueue.WritableMessage;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.tyrus.spi.CompletionHandler;
import org.glassfish.tyrus.spi.Writer;
import org.glassfish.tyrus.spi.WriterInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends text messages as whole, unmasked websocket text frames (RFC 6455 §5.2: FIN, opcode 1, the
 * payload length, the UTF-8 payload), written straight to the Grizzly transport's write queue of the
 * connection (else to the connection's Tyrus {@link Writer}), where Tyrus' own sends end.
 *
 * <p>Why: in the 10,000-connection fan-out profile 72% of the gateway's samples were under Tyrus'
 * {@code sendText}, which encodes every message with its own {@code CharsetEncoder} loop
 * ({@code StrictUtf8$Encoder.encodeBufferLoop}, 32% of the samples alone) and then copies the payload
 * into the frame twice. Here the message comes as UTF-8 parts ({@link Utf8Message}: the event's JSON
 * encoded once for every receiver, the connection's own envelope) copied once, straight after the
 * frame header: one array, one copy per part, and one completion handler per connection. Below
 * Tyrus' writer every write also went through Tyrus' per-connection task queue (a
 * {@code ConcurrentLinkedQueue} and a lock) and Grizzly's filter chain (its idle-timeout filter
 * looking up the connection's attributes), which pass an upgraded connection's bytes unchanged:
 * the transport's queue is the same destination without them.
 * The bytes on the wire are those Tyrus sends for the same text (no extension is negotiated on these
 * endpoints; a connection that has one is left to Tyrus).
 *
 * <p>The writer is reached through Tyrus 2.2 internals (its async remote endpoint's web socket, that
 * socket's protocol handler, its writer and the writer's Grizzly connection: private fields, read
 * once per connection). When they are not there (another Tyrus), {@link #of} returns null and the
 * caller sends through Tyrus.
 */
final class TextFrameWriter {

  private static final Logger LOG = LoggerFactory.getLogger(TextFrameWriter.class);
  private static final WriterInfo TEXT = new WriterInfo(WriterInfo.MessageType.TEXT,
      WriterInfo.RemoteEndpointType.ASYNC);
  private static final Field WEB_SOCKET = field("org.glassfish.tyrus.core.TyrusRemoteEndpoint", "webSocket");
  private static final Field PROTOCOL_HANDLER = field("org.glassfish.tyrus.core.TyrusWebSocket", "protocolHandler");
  private static final Field WRITER = field("org.glassfish.tyrus.core.ProtocolHandler", "writer");
  private static final Field EXTENSIONS = field("org.glassfish.tyrus.core.ProtocolHandler", "hasExtensions");
  private static final Field GRIZZLY_CONNECTION =
      field("org.glassfish.tyrus.container.grizzly.client.GrizzlyWriter", "connection");
  private static final SendResult OK = new SendResult();

  private final Session session;
  /** Tyrus' writer of the connection: used when the Grizzly connection under it is not reachable. */
  private final Writer writer;
  /** The Grizzly connection under Tyrus' writer and its transport's write queue, or both null. */
  private final Connection<Object> connection;
  private final AsyncQueueWriter<Object> queue;
  /** The one completion handler of every write (one write is in flight at a time). */
  private final CompletionHandler<ByteBuffer> completion;
  private final org.glassfish.grizzly.CompletionHandler<WriteResult<WritableMessage, Object>> queued;

  private TextFrameWriter(Session session, Writer writer, Connection<Object> connection,
      AsyncQueueWriter<Object> queue, SendHandler handler) {
    this.session = session;
    this.writer = writer;
    this.connection = connection;
    this.queue = queue;
    this.completion = new CompletionHandler<>() {
      @Override
      public void completed(ByteBuffer result) {
        handler.onResult(OK);
      }

      @Override
      public void failed(Throwable throwable) {
        handler.onResult(new SendResult(throwable));
      }

      @Override
      public void cancelled() {
        handler.onResult(new SendResult(new IllegalStateException("the write was cancelled")));
      }
    };
    this.queued = new org.glassfish.grizzly.CompletionHandler<>() {
      @Override
      public void completed(WriteResult<WritableMessage, Object> result) {
        handler.onResult(OK);
      }

      @Override
      public void failed(Throwable throwable) {
        handler.onResult(new SendResult(throwable));
      }

      @Override
      public void cancelled() {
        handler.onResult(new SendResult(new IllegalStateException("the write was cancelled")));
      }

      @Override
      public void updated(WriteResult<WritableMessage, Object> result) {
        // partial progress: the completion follows
      }
    };
  }

  /**
   * The connection's frame writer, or null when the session is not a plain Tyrus 2.2 server session.
   *
   * @param handler gets the outcome of every write, possibly before {@link #send} returns
   */
  @SuppressWarnings("unchecked")
  static TextFrameWriter of(Session session, SendHandler handler) {
    if (WEB_SOCKET == null || PROTOCOL_HANDLER == null || WRITER == null || EXTENSIONS == null) {
      return null;
    }
    try {
      final Object webSocket = WEB_SOCKET.get(session.getAsyncRemote());
      final Object protocolHandler = PROTOCOL_HANDLER.get(webSocket);
      if (EXTENSIONS.getBoolean(protocolHandler)) {
        return null; // an extension (e.g. compression) must see every frame: Tyrus frames those
      }
      final Object writer = WRITER.get(protocolHandler);
      if (!(writer instanceof Writer)) {
        return null;
      }
      Connection<Object> connection = null;
      AsyncQueueWriter<Object> queue = null;
      if (GRIZZLY_CONNECTION != null && GRIZZLY_CONNECTION.getDeclaringClass().isInstance(writer)
          && GRIZZLY_CONNECTION.get(writer) instanceof Connection<?> grizzly
          && grizzly.getTransport() instanceof AsyncQueueEnabledTransport transport) {
        connection = (Connection<Object>) grizzly;
        queue = (AsyncQueueWriter<Object>) transport.getAsyncQueueIO().getWriter();
      }
      return new TextFrameWriter(session, (Writer) writer, connection, queue, handler);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("no direct frame writer for {}: {}", session.getId(), e.toString());
      return null;
    }
  }

  /** True when frames go straight to the Grizzly transport's write queue (else through Tyrus' writer). */
  boolean writesToTransport() {
    return queue != null;
  }

  /**
   * Writes the first {@code count} messages as consecutive text frames in one write, in order;
   * one outcome for all, to the handler given at {@link #of}.
   *
   * <p>Straight to the transport's write queue when it is reachable: the queue Tyrus' writer ends in
   * too (through its own task queue and Grizzly's filter chain, whose filters pass an upgraded
   * connection's bytes through unchanged; the listener's idle timeout is off). Whole frames in one
   * queue keep their order with Tyrus' own control frames.
   */
  void send(Utf8Message[] messages, int count) {
    if (!session.isOpen()) {
      completion.failed(new IllegalStateException("the connection is closed"));
      return;
    }
    final byte[] frames = frames(messages, count);
    if (queue != null) {
      queue.write(connection, Buffers.wrap(connection.getMemoryManager(), frames), queued);
    } else {
      writer.write(ByteBuffer.wrap(frames), completion, TEXT);
    }
  }

  /** One whole server-to-client text frame of {@code text}: header and UTF-8 payload in one array. */
  static byte[] frame(String text) {
    return frames(new Utf8Message[] {Utf8Message.of(text)}, 1);
  }

  /** Consecutive whole text frames of the first {@code count} messages, in one array: each part copied once. */
  static byte[] frames(Utf8Message[] messages, int count) {
    int total = 0;
    for (int i = 0; i < count; i++) {
      final int length = messages[i].length();
      total += headerLength(length) + length;
    }
    final byte[] out = new byte[total];
    int at = 0;
    for (int i = 0; i < count; i++) {
      at = messages[i].copyTo(out, header(out, at, messages[i].length()));
    }
    return out;
  }

  private static int headerLength(int length) {
    return length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
  }

  /** Writes the header of a FIN text frame with this payload length at {@code at}; returns where the payload goes. */
  private static int header(byte[] out, int at, int length) {
    out[at] = (byte) 0x81; // FIN, text
    if (length <= 125) {
      out[at + 1] = (byte) length;
      return at + 2;
    }
    if (length <= 0xFFFF) {
      out[at + 1] = 126;
      out[at + 2] = (byte) (length >>> 8);
      out[at + 3] = (byte) length;
      return at + 4;
    }
    out[at + 1] = 127; // 64-bit length, most significant bit 0; an int's length fits in the low four bytes
    out[at + 6] = (byte) (length >>> 24);
    out[at + 7] = (byte) (length >>> 16);
    out[at + 8] = (byte) (length >>> 8);
    out[at + 9] = (byte) length;
    return at + 10;
  }

  private static Field field(String className, String name) {
    try {
      final Field field = Class.forName(className).getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LoggerFactory.getLogger(TextFrameWriter.class).info("Tyrus internals not found ({}): messages are sent"
          + " through Tyrus' {}", e.toString(), name.equals("connection") ? "writer" : "sendText");
      return null;
    }
  }
}
