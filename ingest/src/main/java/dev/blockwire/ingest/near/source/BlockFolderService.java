package dev.blockwire.ingest.near.source;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Blocks from a local folder, in either of the two shapes NEAR's block data is stored in:
 * <ul>
 *   <li><b>NEAR Lake</b>: one folder per block named by its height padded to 12 digits, holding
 *       {@code block.json} (the {@code BlockView}: author, header, chunks) and one {@code shard_{id}.json}
 *       per chunk of the block (the {@code IndexerShard}), as {@code near-lake-framework} reads them from
 *       S3: {@code 000188102380/block.json}, {@code 000188102380/shard_0.json}, …; they are put together
 *       as {@code {"block":…,"shards":[…]}};
 *   <li><b>neardata files</b>: one file per height, {@code 188102380.json} or {@code 000188102380.json},
 *       holding what {@code /v0/block/{height}} answers (the block document, or {@code null}).
 * </ul>
 * A height with neither, below the highest height present, has no block (a skipped height unless a
 * later block's {@code prev_height} names it); at or above it, the folder has not reached it yet. A
 * block folder or file that is incomplete or not JSON (still being written) is an {@link IOException}:
 * retried.
 */
final class BlockFolderService implements BlockService {

  private static final Pattern ENTRY = Pattern.compile("(\\d{1,18})(\\.json)?");

  private final Path folder;
  private final ObjectMapper mapper;
  private final AtomicLong highest = new AtomicLong(-1);

  BlockFolderService(Path folder, ObjectMapper mapper) {
    this.folder = Objects.requireNonNull(folder, "folder");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public Fetched fetch(long height) throws IOException {
    final Path lake = folder.resolve(padded(height));
    if (Files.isDirectory(lake)) {
      return new Found(height, lakeBlock(lake, height));
    }
    for (Path file : new Path[] {folder.resolve(height + ".json"), folder.resolve(padded(height) + ".json")}) {
      if (Files.isRegularFile(file)) {
        final JsonNode document = read(file);
        return document.isNull() ? new NoBlock(height) : new Found(height, requireObject(document, file));
      }
    }
    // nothing at this height: skipped if the folder already holds a later height, else not there yet
    if (highest.get() > height || scanHighest() > height) {
      return new NoBlock(height);
    }
    return new NotYet(height);
  }

  @Override
  public long finalHeight() throws IOException {
    final long top = scanHighest();
    if (top < 0) {
      throw new IOException(folder + " holds no NEAR block yet");
    }
    return top;
  }

  @Override
  public String describe() {
    return folder.toString();
  }

  private JsonNode lakeBlock(Path dir, long height) throws IOException {
    final JsonNode block = requireObject(read(dir.resolve("block.json")), dir.resolve("block.json"));
    final JsonNode chunks = block.path("chunks");
    if (!chunks.isArray()) {
      throw new IOException(dir.resolve("block.json") + ": no chunks array");
    }
    final ObjectNode document = mapper.createObjectNode();
    document.set("block", block);
    final ArrayNode shards = document.putArray("shards");
    for (int i = 0; i < chunks.size(); i++) {
      final JsonNode shardId = chunks.get(i).path("shard_id");
      final long id = shardId.canConvertToLong() ? shardId.asLong() : i;
      final Path file = dir.resolve("shard_" + id + ".json");
      shards.add(requireObject(read(file), file));
    }
    return document;
  }

  private JsonNode read(Path file) throws IOException {
    final byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + " is missing (block folder still being written?)", e);
    }
    try {
      final JsonNode node = mapper.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new IOException(file + " is empty (still being written?)");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not JSON (still being written?): " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode requireObject(JsonNode node, Path file) throws IOException {
    if (!node.isObject()) {
      throw new IOException(file + ": expected a JSON object but found " + node.getNodeType());
    }
    return node;
  }

  /** Lists the folder for the highest height present (a block folder or a block file). */
  private long scanHighest() throws IOException {
    long top = -1;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        final Matcher matcher = ENTRY.matcher(entry.getFileName().toString());
        if (matcher.matches() && (matcher.group(2) != null) != Files.isDirectory(entry)) {
          top = Math.max(top, Long.parseLong(matcher.group(1)));
        }
      }
    }
    final long seen = top;
    return highest.accumulateAndGet(seen, Math::max);
  }

  static String padded(long height) {
    return String.format(Locale.ROOT, "%012d", height);
  }
}
