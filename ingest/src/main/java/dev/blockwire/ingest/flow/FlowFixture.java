package dev.blockwire.ingest.flow;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.blockwire.schemas.flow.FlowBlock;

/**
 * A Flow fixture: block status changes in the order a node reports them (each block finalized,
 * and a few blocks later sealed). Immutable.
 */
public final class FlowFixture {

  /** Classpath location of the built-in Flow mainnet fixture. */
  public static final String DEFAULT_RESOURCE = "fixtures/flow-mainnet/blocks.jsonl";

  private final List<FlowBlock> records;

  public FlowFixture(List<FlowBlock> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("a Flow fixture needs at least one record");
    }
    this.records = List.copyOf(records);
  }

  /**
   * Loads a fixture file, or the built-in one when {@code location} is empty.
   *
   * @throws IllegalArgumentException naming the line when a line is not a valid block
   */
  public static FlowFixture load(String location, String network, FlowAccessBlocks converter) throws IOException {
    final String text;
    if (location.isBlank()) {
      try (InputStream in = FlowFixture.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IOException("fixture resource not found on the classpath: " + DEFAULT_RESOURCE);
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } else {
      text = Files.readString(Path.of(location), StandardCharsets.UTF_8);
    }
    final List<FlowBlock> records = new ArrayList<>();
    final String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        records.add(converter.parse(lines[i], network));
      } catch (FlowFormatException e) {
        throw new IllegalArgumentException("Flow fixture line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new FlowFixture(records);
  }

  /** Every record, in writing order; each is a fresh copy. */
  public List<FlowBlock> records() {
    final List<FlowBlock> copies = new ArrayList<>(records.size());
    records.forEach(r -> copies.add(FlowBlock.newBuilder(r).build()));
    return copies;
  }

  public int size() {
    return records.size();
  }

  /** The index after a record of this fixture (same block id and status), if it is one. */
  public Optional<Integer> indexAfter(FlowBlock written) {
    for (int i = 0; i < records.size(); i++) {
      final FlowBlock record = records.get(i);
      if (record.getStatus() == written.getStatus()
          && record.getHeader().getId().equals(written.getHeader().getId())) {
        return Optional.of(i + 1);
      }
    }
    return Optional.empty();
  }
}
