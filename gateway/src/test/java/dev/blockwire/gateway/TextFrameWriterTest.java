package dev.blockwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Outbox's direct text frames on a real Tyrus/Grizzly server: the frames a raw client reads are
 * byte for byte those Tyrus' own sendText produces for the same texts, in order, across the
 * 7-bit, 16-bit and 64-bit length forms and non-ASCII text, whether a message is offered as text or
 * as UTF-8 parts.
 */
class TextFrameWriterTest {

  private static final String CONTEXT = "/";
  /** Texts around every length boundary, with 2-, 3- and 4-byte UTF-8 characters. */
  private static final List<String> TEXTS = texts();

  /** 20,000 messages of about 2.7 KB: far more than the loopback socket buffers hold. */
  private static final int BURST = 20_000;
  private static final CountDownLatch burstOffered = new CountDownLatch(1);

  private static String burst(int i) {
    return "{\"n\":" + i + ",\"pad\":\"" + "é".repeat(1000 + i % 700) + "\"}";
  }

  private static HttpServer http;
  private static TyrusContainer container;
  private static int port;
  /** Whether each server session got a direct frame writer, by path. */
  private static final List<String> direct = new CopyOnWriteArrayList<>();
  private static final ConcurrentHashMap<Session, Outbox> outboxes = new ConcurrentHashMap<>();
  private static final ExecutorService pool = Executors.newFixedThreadPool(2);

  private static List<String> texts() {
    final List<String> texts = new ArrayList<>();
    for (int length : new int[] {0, 1, 125, 126, 127, 65535, 65536, 200_000}) {
      texts.add("x".repeat(length));
    }
    texts.add("{\"secret\":\"é\",\"events\":[\"日本\",\"\uD83D\uDE00\"]}");
    texts.add("é".repeat(63)); // 126 bytes from 63 characters
    texts.add("\u00ff".repeat(40_000)); // Latin-1, 80,000 bytes
    return texts;
  }

  /** The text's UTF-8 bytes cut in three parts (a cut may fall inside a character: parts are bytes). */
  static Utf8Message parts(String text) {
    final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    final int a = bytes.length / 3;
    final int b = bytes.length - bytes.length / 5;
    return Utf8Message.of(Arrays.copyOfRange(bytes, 0, a), Arrays.copyOfRange(bytes, a, b),
        Arrays.copyOfRange(bytes, b, bytes.length));
  }

  /**
   * Sends every text when the client says "go": through the Outbox as text (/direct) or as UTF-8
   * parts (/parts, from the send pool), or through Tyrus' sendText (/tyrus).
   */
  public static final class Sender extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      final String path = session.getRequestURI().getPath();
      final boolean asParts = path.endsWith("/parts");
      final boolean viaOutbox = asParts || path.endsWith("/direct");
      if (viaOutbox) {
        outboxes.put(session, new Outbox(session, 2 * BURST, Outbox.OVERFLOW_REASON, asParts ? pool : null));
        final TextFrameWriter writer = TextFrameWriter.of(session, result -> { });
        direct.add(String.valueOf(writer != null && writer.writesToTransport()));
      }
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
        if (text.equals("burst")) {
          for (int i = 0; i < BURST; i++) {
            assertThat(outboxes.get(session).offer(burst(i))).isTrue();
          }
          burstOffered.countDown();
          return;
        }
        for (String message : TEXTS) {
          if (asParts) {
            assertThat(outboxes.get(session).offer(parts(message))).isTrue();
          } else if (viaOutbox) {
            assertThat(outboxes.get(session).offer(message)).isTrue();
          } else {
            session.getAsyncRemote().sendText(message);
          }
        }
      });
    }
  }

  @BeforeAll
  static void start() throws Exception {
    container = new TyrusContainer(CONTEXT, 1 << 20);
    for (String path : new String[] {"/direct", "/parts", "/tyrus"}) {
      container.addEndpoint(ServerEndpointConfig.Builder.create(Sender.class, path).build());
    }
    http = new HttpServer();
    final NetworkListener listener = new NetworkListener("test", "127.0.0.1", 0);
    listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
    listener.registerAddOn(new WebSocketAddOn(container, CONTEXT));
    http.addListener(listener);
    http.start();
    port = listener.getPort();
    container.start(CONTEXT, port);
  }

  @AfterAll
  static void stop() {
    pool.shutdownNow();
    container.stop();
    http.shutdownNow();
  }

  private static List<RawWsClient.Frame> receive(String path) throws Exception {
    try (RawWsClient client = RawWsClient.connect(port, path)) {
      assertThat(client.status()).isEqualTo(101);
      client.sendText("go");
      final List<RawWsClient.Frame> frames = new ArrayList<>();
      for (int i = 0; i < TEXTS.size(); i++) {
        frames.add(client.readFrame(Duration.ofSeconds(10)));
      }
      return frames;
    }
  }

  @Test
  void shouldSendTheFramesTyrusSendsInOrder() throws Exception {
    final List<RawWsClient.Frame> viaTyrus = receive("/tyrus");
    for (String path : List.of("/direct", "/parts")) {
      final List<RawWsClient.Frame> viaOutbox = receive(path);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(viaOutbox.get(i).opcode()).isEqualTo(RawWsClient.TEXT);
        assertThat(viaOutbox.get(i).fin()).isTrue();
        assertThat(viaOutbox.get(i).text()).isEqualTo(TEXTS.get(i));
        assertThat(viaOutbox.get(i).payload()).isEqualTo(viaTyrus.get(i).payload());
        assertThat(viaTyrus.get(i).opcode()).isEqualTo(RawWsClient.TEXT);
      }
    }
    // the Outbox neither fell back to Tyrus' sendText nor to Tyrus' writer: frames went to Grizzly's write queue
    assertThat(direct).isNotEmpty().containsOnly("true");
  }

  @Test
  void shouldSendABurstInOrderWithQueuedMessagesSharingWrites() throws Exception {
    try (RawWsClient client = RawWsClient.connect(port, "/direct")) {
      client.sendText("burst");
      // not reading until every message is queued: the socket fills, so messages wait behind a write
      assertThat(burstOffered.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < BURST; i++) {
        final RawWsClient.Frame frame = client.readFrame(Duration.ofSeconds(10));
        assertThat(frame.opcode()).isEqualTo(RawWsClient.TEXT);
        assertThat(frame.fin()).isTrue();
        assertThat(frame.text()).isEqualTo(burst(i));
      }
      final Outbox outbox = outboxes.values().stream().filter(o -> o.sentCount() == BURST).findFirst().orElseThrow();
      assertThat(outbox.writeCount()).isLessThan(BURST); // the messages queued behind a write left together
    }
  }

  @Test
  void shouldConcatenateFramesOfABatch() {
    final byte[] a = TextFrameWriter.frame("x".repeat(130));
    final byte[] b = TextFrameWriter.frame("é");
    final byte[] c = TextFrameWriter.frame("y".repeat(70_000));
    final byte[] all = TextFrameWriter.frames(new Utf8Message[] {parts("x".repeat(130)), Utf8Message.of("é"),
        parts("y".repeat(70_000)), null}, 3);
    final byte[] expected = new byte[a.length + b.length + c.length];
    System.arraycopy(a, 0, expected, 0, a.length);
    System.arraycopy(b, 0, expected, a.length, b.length);
    System.arraycopy(c, 0, expected, a.length + b.length, c.length);
    assertThat(all).isEqualTo(expected);
  }

  @Test
  void shouldEncodeEachLengthFormOfTheHeader() {
    assertThat(header(TextFrameWriter.frame(""), 2)).containsExactly(0x81, 0);
    assertThat(header(TextFrameWriter.frame("x".repeat(125)), 2)).containsExactly(0x81, 125);
    assertThat(header(TextFrameWriter.frame("x".repeat(126)), 4)).containsExactly(0x81, 126, 0, 126);
    assertThat(header(TextFrameWriter.frame("x".repeat(65535)), 4)).containsExactly(0x81, 126, 0xff, 0xff);
    assertThat(header(TextFrameWriter.frame("x".repeat(65536)), 10))
        .containsExactly(0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0);
    assertThat(TextFrameWriter.frame("é")).hasSize(4); // two UTF-8 bytes after a two-byte header
  }

  @Test
  void shouldFrameUtf8PartsAsTheTextTheyMakeUp() {
    for (String text : TEXTS) {
      final byte[] fromParts = TextFrameWriter.frames(new Utf8Message[] {parts(text)}, 1);
      assertThat(fromParts).isEqualTo(TextFrameWriter.frame(text));
      assertThat(parts(text).text()).isEqualTo(text);
      assertThat(parts(text).length()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  private static int[] header(byte[] frame, int length) {
    final int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = frame[i] & 0xff;
    }
    return out;
  }
}
