package dev.blockwire.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A websocket client on a plain socket, for what a library client hides: frame opcodes and
 * fragmentation, pings, the close frame's code and reason, and a client that stops reading.
 */
public final class RawWsClient implements AutoCloseable {

  public static final int TEXT = 1;
  public static final int BINARY = 2;
  public static final int CLOSE = 8;
  public static final int PING = 9;
  public static final int PONG = 10;

  /** One frame from the server. */
  public record Frame(int opcode, boolean fin, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame (1005 when it carries none). */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    public String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int status;

  private RawWsClient(Socket socket, int status) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.status = status;
  }

  /**
   * Connects and sends the upgrade request; {@link #status()} is the HTTP status (101 when upgraded).
   *
   * @param receiveBuffer the socket's receive buffer, set before connecting (0 = default)
   */
  public static RawWsClient connect(String host, int port, String path, Map<String, String> headers,
      int receiveBuffer) throws IOException {
    final Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(20_000);
    final byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    final StringBuilder request = new StringBuilder()
        .append("GET ").append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(host).append(':').append(port).append("\r\n")
        .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
        .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
        .append("Sec-WebSocket-Version: 13\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    request.append("\r\n");
    socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    final InputStream raw = socket.getInputStream();
    final ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      final int b = raw.read();
      if (b < 0) {
        throw new EOFException("connection closed during the handshake");
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : 0;
    }
    final String statusLine = head.toString(StandardCharsets.US_ASCII).split("\r\n", 2)[0];
    return new RawWsClient(socket, Integer.parseInt(statusLine.split(" ")[1]));
  }

  public static RawWsClient connect(int port, String path) throws IOException {
    return connect("127.0.0.1", port, path, Map.of(), 0);
  }

  public int status() {
    return status;
  }

  public void sendText(String text) throws IOException {
    sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** Sends one masked frame. */
  public void sendFrame(int opcode, byte[] payload, boolean fin) throws IOException {
    final ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >> shift));
      }
    }
    final byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** The next frame, failing if none arrives within the timeout. */
  public Frame readFrame(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      final int b0 = in.readUnsignedByte();
      final int b1 = in.readUnsignedByte();
      long length = b1 & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      final byte[] payload = new byte[(int) length];
      in.readFully(payload);
      return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no frame within " + timeout);
    }
  }

  /** The next data message (fragments joined), answering nothing; control frames are returned as they come. */
  public Frame readMessage(Duration timeout) throws IOException {
    Frame frame = readFrame(timeout);
    if (frame.opcode() >= CLOSE || frame.fin()) {
      return frame;
    }
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.write(frame.payload());
    final int opcode = frame.opcode();
    do {
      frame = readFrame(timeout);
      data.write(frame.payload());
    } while (!frame.fin());
    return new Frame(opcode, true, data.toByteArray());
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
