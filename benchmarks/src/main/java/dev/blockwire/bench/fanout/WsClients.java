package dev.blockwire.bench.fanout;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * The load harness's websocket connections on Netty: a few event-loop threads (epoll when the
 * native transport loads, else NIO) carry all of them, frames are handed over as the bytes
 * received ({@link Sink}), never decoded to strings. Pings are answered by Netty's protocol
 * handler; a close frame is reported ({@link Sink#closeFrame}) and answered, and the connection closed.
 */
public final class WsClients implements Clients {

  /** Largest message accepted (a NEAR batch or a Flow events payload of a big block). */
  static final int MAX_MESSAGE = 64 << 20;

  private final EventLoopGroup group;
  private final Class<? extends SocketChannel> channelType;
  private final Sink sink;

  public WsClients(int threads, Sink sink) {
    final boolean epoll = Epoll.isAvailable();
    this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    this.sink = sink;
  }

  @Override
  public String transport() {
    return "Netty " + (channelType == EpollSocketChannel.class ? "epoll" : "nio");
  }

  @Override
  public CompletableFuture<AutoCloseable> connect(URI base, ClientProtocol protocol, long handshakeTimeoutMillis) {
    final URI uri = URI.create(base.toString() + protocol.path());
    final CompletableFuture<AutoCloseable> open = new CompletableFuture<>();
    final WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
        .webSocketUri(uri)
        .maxFramePayloadLength(MAX_MESSAGE)
        .handshakeTimeoutMillis(handshakeTimeoutMillis)
        .handleCloseFrames(false) // Connection reports the close frame's code and reason, then closes
        .build();
    new Bootstrap().group(group).channel(channelType)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) handshakeTimeoutMillis)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_MESSAGE),
                new Connection(protocol, open));
          }
        })
        .connect(uri.getHost(), uri.getPort())
        .addListener(f -> {
          if (!f.isSuccess()) {
            open.completeExceptionally(f.cause());
          }
        });
    return open;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One connection: sends the request after the handshake, then hands every text frame to the sink. */
  private final class Connection extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final ClientProtocol protocol;
    private final CompletableFuture<AutoCloseable> open;

    Connection(ClientProtocol protocol, CompletableFuture<AutoCloseable> open) {
      this.protocol = protocol;
      this.open = open;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        ctx.writeAndFlush(new TextWebSocketFrame(protocol.request()));
        final Channel channel = ctx.channel();
        open.complete(channel::close);
      } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        open.completeExceptionally(new IllegalStateException("websocket handshake timed out: " + protocol.path()));
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame) {
        sink.frame(protocol, frame.content());
      } else if (frame instanceof CloseWebSocketFrame close) {
        sink.closeFrame(protocol, close.statusCode(), close.reasonText());
        ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), "")).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (open.isDone() && !open.isCompletedExceptionally()) {
        sink.closed(protocol);
      } else {
        open.completeExceptionally(new IllegalStateException("closed before the handshake completed: " + protocol.path()));
      }
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      open.completeExceptionally(cause);
      ctx.close();
    }
  }
}
