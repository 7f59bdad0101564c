package dev.blockwire.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a local server, for outage tests: {@link #cut()} closes every
 * connection and stops listening (connections are refused, as by a node that is down);
 * {@link #restore()} listens again on the same port. Threads are daemons; {@link #close()} ends all.
 */
final class CuttableProxy implements AutoCloseable {

  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;

  /** Listens on a free port of 127.0.0.1 and forwards to {@code 127.0.0.1:targetPort}. */
  CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = listener.getLocalPort();
    accept(listener);
  }

  int port() {
    return port;
  }

  /** Drops every connection and refuses new ones. */
  synchronized void cut() throws IOException {
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    sockets.clear();
  }

  /** Accepts connections again on the same port. */
  synchronized void restore() throws IOException {
    final ServerSocket again = new ServerSocket();
    again.setReuseAddress(true);
    again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    listener = again;
    accept(again);
  }

  @Override
  public void close() throws IOException {
    cut();
  }

  private void accept(ServerSocket server) {
    daemon("proxy-accept-" + port, () -> {
      while (!server.isClosed()) {
        try {
          final Socket client = server.accept();
          final Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
          sockets.add(client);
          sockets.add(target);
          daemon("proxy-up-" + port, () -> pipe(client, target));
          daemon("proxy-down-" + port, () -> pipe(target, client));
        } catch (IOException e) {
          // closed by cut(), or the target refused: the client sees its connection end
        }
      }
    });
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      final byte[] buffer = new byte[16 * 1024];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void daemon(String name, Runnable body) {
    final Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }
}
