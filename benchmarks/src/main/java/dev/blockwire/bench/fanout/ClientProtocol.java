package dev.blockwire.bench.fanout;

import io.netty.buffer.ByteBuf;

/**
 * One harness connection's side of a dialect: where it connects, what it sends once connected, and
 * how it reads what it receives. {@link #read} classifies a frame by scanning its bytes against the
 * exact prefix this connection expects (its own NEAR secret, Ethereum subscription id or Flow
 * subscription id, as the gateway echoes them), so a frame of another shape is counted, never
 * taken for a notification. One instance per connection, used by its event-loop thread only.
 */
public abstract class ClientProtocol {

  /** A notification with a block hash: {@link #key()} names the raw record it came from. */
  public static final int NOTIFICATION = 0;
  /** A notification that retracts an earlier one (Ethereum {@code removed: true}): no latency sample. */
  public static final int RETRACTION = 1;
  /** A subscribe acknowledgement or response. */
  public static final int CONTROL = 2;
  /** An error frame from the gateway. */
  public static final int ERROR = 3;
  /** A frame of no expected shape, or a notification whose block hash is not of its chain's form. */
  public static final int UNRECOGNIZED = 4;

  /** Added to a Flow block's key for its sealed record (the finalized and the sealed record share the block id). */
  public static final long SEALED = 0x5ea1ed5ea1edL;

  private static final byte[] ERROR_KEY = FrameScan.ascii("\"error\":{");

  long key;

  /** The chain this connection follows. */
  public abstract Chain chain();

  /** Path and query on the server, e.g. {@code /ws?format=camel}. */
  public abstract String path();

  /** The message sent once the websocket is open. */
  public abstract String request();

  /** Classifies one text frame (readable bytes of {@code frame}); for {@link #NOTIFICATION} sets {@link #key()}. */
  public abstract int read(ByteBuf frame);

  /** The raw-record key of the last {@link #NOTIFICATION}: {@link FrameScan#key(CharSequence)} of its block hash (+ {@link #SEALED}). */
  public long key() {
    return key;
  }

  /** {@link #ERROR} when the frame carries an error object, else {@link #UNRECOGNIZED}. */
  static int errorOrUnrecognized(ByteBuf frame) {
    return FrameScan.indexOf(frame, frame.readerIndex(), ERROR_KEY) >= 0 ? ERROR : UNRECOGNIZED;
  }

  /**
   * Reads the quoted hash that starts at {@code from} and sets {@link #key} (plus {@code salt});
   * returns {@link #NOTIFICATION}, or {@link #UNRECOGNIZED} when it is not {@code length} characters of the chain's alphabet.
   */
  int hashAt(ByteBuf frame, int from, Chain chain, long salt) {
    final int end = FrameScan.closingQuote(frame, from);
    if (end < 0 || !chain.validHash(frame, from, end)) {
      return UNRECOGNIZED;
    }
    key = FrameScan.key(frame, from, end) + salt;
    return NOTIFICATION;
  }

  /** The chains, with the form of their block hashes (the cheap check that an extraction is right). */
  public enum Chain {
    NEAR {
      @Override
      boolean validHash(ByteBuf frame, int from, int to) {
        return to - from >= 32 && to - from <= 44 && FrameScan.base58(frame, from, to);
      }
    },
    ETH {
      @Override
      boolean validHash(ByteBuf frame, int from, int to) {
        return to - from == 66 && frame.getByte(from) == '0' && frame.getByte(from + 1) == 'x'
            && FrameScan.lowerHex(frame, from + 2, to);
      }
    },
    FLOW {
      @Override
      boolean validHash(ByteBuf frame, int from, int to) {
        return to - from == 64 && FrameScan.lowerHex(frame, from, to);
      }
    };

    abstract boolean validHash(ByteBuf frame, int from, int to);
  }
}
