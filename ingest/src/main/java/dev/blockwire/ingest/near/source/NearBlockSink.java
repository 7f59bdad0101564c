package dev.blockwire.ingest.near.source;

import java.util.Map;

import dev.blockwire.schemas.near.NearBlock;

/** Where the source writes blocks: the raw topic (a {@code RawBlockWriter}), or a list in tests. */
interface NearBlockSink {

  /**
   * Writes one block durably before returning.
   *
   * @param headers record headers (e.g. {@link NearSource#SKIPPED_HEADER}); never null
   */
  void write(NearBlock block, Map<String, String> headers);
}
