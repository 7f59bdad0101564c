package dev.blockwire.gateway;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;

/** A real websocket client (Tyrus) for tests: collects text frames and the close reason. */
public final class WsClient implements AutoCloseable {

  /**
   * One client container for every test connection: Tyrus releases a client manager's executors
   * when its last session closes, and a manager made right after could pick one up while it shuts
   * down (RejectedExecutionException on the first send).
   */
  private static final ClientManager CLIENT = ClientManager.createClient();

  private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
  private final Session session;

  private WsClient(ClientManager client, URI uri) throws DeploymentException, IOException {
    this.session = client.connectToServer(new Endpoint() {
      @Override
      public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) messages::add);
      }

      @Override
      public void onClose(Session session, CloseReason closeReason) {
        closed.complete(closeReason);
      }
    }, ClientEndpointConfig.Builder.create().build(), uri);
  }

  public static WsClient connect(String uri) throws DeploymentException, IOException {
    return new WsClient(CLIENT, URI.create(uri));
  }

  public void send(String text) throws IOException {
    session.getBasicRemote().sendText(text);
  }

  /** The next message, failing the test if none arrives within the timeout. */
  public String next(Duration timeout) throws InterruptedException {
    final String message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + timeout);
    }
    return message;
  }

  /** Messages received and not yet taken. */
  public int pending() {
    return messages.size();
  }

  public CloseReason awaitClose(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isOpen() {
    return session.isOpen();
  }

  @Override
  public void close() throws IOException {
    if (session.isOpen()) {
      session.close();
    }
  }
}
