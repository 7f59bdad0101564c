package dev.blockwire.ingest.near.source;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where NEAR blocks are read from: a neardata-shaped HTTP service ({@link NeardataHttpService}) or a
 * folder of NEAR Lake / neardata files ({@link BlockFolderService}). Implementations are thread-safe:
 * the source fetches several heights in parallel while catching up.
 */
interface BlockService extends AutoCloseable {

  /**
   * What the service holds at one height.
   *
   * @throws IOException if the service cannot answer now (down, 5xx, timeout, a half-written file):
   *     the source retries with backoff
   * @throws NearSourceException if the answer shows the source cannot go on (e.g. a height below the
   *     service's genesis)
   */
  Fetched fetch(long height) throws IOException;

  /** The height of the service's latest final block. */
  long finalHeight() throws IOException;

  /** For logs: the URL or folder. */
  String describe();

  @Override
  default void close() {
  }

  /** The answer for one height. */
  sealed interface Fetched permits Found, NoBlock, NotYet {
    long height();
  }

  /** A block document in the neardata shape ({@code {"block":…,"shards":[…]}}). */
  record Found(long height, JsonNode document) implements Fetched {
  }

  /**
   * No block at this height although the service is past it (neardata's {@code null}): a skipped
   * height, unless a later block's {@code prev_height} names it.
   */
  record NoBlock(long height) implements Fetched {
  }

  /** The service has not reached this height yet. */
  record NotYet(long height) implements Fetched {
  }
}
