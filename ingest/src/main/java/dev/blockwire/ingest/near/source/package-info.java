/**
 * The NEAR source: follows final NEAR blocks from a block-data service and writes them to
 * {@code near.blocks.raw} in height order.
 *
 * <ul>
 *   <li>{@link dev.blockwire.ingest.near.source.NearSource}: the source (thread, prefetch window, retries,
 *       down and gap reports, resume from the topic), configured by
 *       {@link dev.blockwire.ingest.near.source.NearSourceConfig} ({@code ingest.near.*});
 *   <li>{@code BlockService}: {@code NeardataHttpService} (fastnear neardata {@code /v0/block/{height}} on the
 *       JDK's {@code java.net.http}) or {@code BlockFolderService} (NEAR Lake folders or neardata files);
 *   <li>{@code ChainLink}: skipped heights, gaps and mismatches from {@code prev_height}/{@code prev_hash},
 *       pure logic;
 *   <li>the conversion is {@link dev.blockwire.ingest.near.NeardataBlocks}; writing is the shared
 *       {@link dev.blockwire.ingest.kafka.RawBlockWriter}.
 * </ul>
 */
package dev.blockwire.ingest.near.source;
