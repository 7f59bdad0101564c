package dev.blockwire.ingest.flow.access;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.blockwire.ingest.flow.FlowAccessBlocks;
import dev.blockwire.ingest.flow.FlowFormatException;
import dev.blockwire.schemas.flow.FlowBlock;

/**
 * Fetches a range of blocks and converts them with {@link FlowAccessBlocks}: finalized ones as
 * {@code FINALIZED} {@link FlowBlock}s (header and payload), sealed ones as {@code SEALED} records with
 * every event and result of their transactions.
 *
 * <p>The fetch plan: the REST events endpoint needs an event type, so it cannot list a block's events.
 * Instead, per range: one {@code /v1/blocks?start_height&end_height&expand=payload} request (headers and
 * collection guarantees), then every guarantee's {@code /v1/collections/{id}?expand=transactions} (the
 * transaction ids in execution order), then every transaction's {@code /v1/transaction_results/{id}}
 * (status, error, and its events with their transaction and event indices). The collection and result
 * requests run on the given pool, so at most its size are in flight. The block's events are the
 * transactions' events ordered by transaction index, then event index. The system transaction (in no
 * collection) is not listed by the REST API this way, so its service events are not included.
 *
 * <p>Any failed request fails the whole range with an {@link IOException} (the caller retries it; the
 * requests are idempotent). A range the node answers with other heights than asked (one missing, say)
 * is an {@link AccessNodeException} too: heights are contiguous on Flow, a gap is never skipped.
 */
final class SealedBlockFetcher {

  private final FlowAccessClient client;
  private final FlowAccessBlocks converter;
  private final ObjectMapper mapper;
  private final ExecutorService pool;
  private final String network;

  SealedBlockFetcher(FlowAccessClient client, ObjectMapper mapper, ExecutorService pool, String network) {
    this.client = client;
    this.converter = new FlowAccessBlocks(mapper);
    this.mapper = mapper;
    this.pool = pool;
    this.network = network;
  }

  /**
   * The sealed blocks {@code from..to}, in height order.
   *
   * @throws IOException if a request fails or the node's answer misses a height (retry)
   * @throws FlowAccessSourceException if the node refuses a request or serves a block that cannot be converted
   */
  List<FlowBlock> fetch(long from, long to) throws IOException {
    final List<JsonNode> blocks = range(from, to);
    final Map<String, CompletableFuture<List<String>>> collections = new LinkedHashMap<>();
    final Map<String, CompletableFuture<JsonNode>> results = new LinkedHashMap<>();
    try {
      for (JsonNode block : blocks) {
        for (JsonNode guarantee : block.path("payload").path("collection_guarantees")) {
          final String id = guarantee.path("collection_id").asText();
          collections.computeIfAbsent(id, c -> async(() -> client.collectionTransactions(c)));
        }
      }
      for (CompletableFuture<List<String>> collection : collections.values()) {
        for (String tx : await(collection)) {
          results.computeIfAbsent(tx, t -> async(() -> client.transactionResult(t)));
        }
      }
      final List<FlowBlock> out = new ArrayList<>(blocks.size());
      for (JsonNode block : blocks) {
        out.add(convert(block, collections, results));
      }
      return out;
    } catch (IOException | RuntimeException e) {
      // the range is retried as a whole: drop the requests not yet started
      collections.values().forEach(f -> f.cancel(false));
      results.values().forEach(f -> f.cancel(false));
      throw e;
    }
  }

  /**
   * The blocks {@code from..to} as {@code FINALIZED} records: header and payload only (one range request;
   * events and transaction results come with the sealed record).
   *
   * @throws IOException if the request fails or the answer misses a height (retry)
   */
  List<FlowBlock> fetchFinalized(long from, long to) throws IOException {
    final List<FlowBlock> out = new ArrayList<>();
    for (JsonNode block : range(from, to)) {
      out.add(toRecord(block, "finalized", mapper.createArrayNode(), mapper.createArrayNode()));
    }
    return out;
  }

  /** The node's blocks {@code from..to}, checked to be exactly those heights, in height order. */
  private List<JsonNode> range(long from, long to) throws IOException {
    final List<JsonNode> blocks = new ArrayList<>(client.blocks(from, to));
    blocks.sort(Comparator.comparingLong(SealedBlockFetcher::height));
    for (int i = 0; i <= to - from; i++) {
      if (i >= blocks.size() || height(blocks.get(i)) != from + i) {
        throw new AccessNodeException("blocks " + from + ".." + to + ": the node answered heights " + heights(blocks)
            + "; waiting for height " + (from + i), 200);
      }
    }
    if (blocks.size() != to - from + 1) {
      throw new AccessNodeException("blocks " + from + ".." + to + ": the node answered heights " + heights(blocks), 200);
    }
    return blocks;
  }

  private FlowBlock convert(JsonNode block, Map<String, CompletableFuture<List<String>>> collections,
      Map<String, CompletableFuture<JsonNode>> results) throws IOException {
    final ArrayNode transactionResults = mapper.createArrayNode();
    final List<JsonNode> events = new ArrayList<>();
    for (JsonNode guarantee : block.path("payload").path("collection_guarantees")) {
      for (String tx : await(collections.get(guarantee.path("collection_id").asText()))) {
        final ObjectNode result = mapper.createObjectNode().put("transaction_id", tx);
        result.setAll((ObjectNode) await(results.get(tx)).deepCopy());
        transactionResults.add(result);
        result.path("events").forEach(events::add);
      }
    }
    events.sort(Comparator.comparingLong((JsonNode e) -> number(e, "transaction_index"))
        .thenComparingLong(e -> number(e, "event_index")));
    return toRecord(block, "sealed", mapper.createArrayNode().addAll(events), transactionResults);
  }

  private FlowBlock toRecord(JsonNode block, String status, ArrayNode events, ArrayNode transactionResults) {
    final ObjectNode blockNode = mapper.createObjectNode();
    blockNode.set("header", block.get("header"));
    blockNode.set("payload", block.get("payload"));
    final ObjectNode document = mapper.createObjectNode().put("block_status", status);
    document.set("block", blockNode);
    document.set("events", events);
    document.set("transaction_results", transactionResults);
    try {
      return converter.parse(document, network);
    } catch (FlowFormatException e) {
      throw new FlowAccessSourceException("the access node served block " + height(block)
          + " that cannot be converted: " + e.getMessage(), e);
    }
  }

  private interface Call<T> {
    T call() throws IOException;
  }

  private <T> CompletableFuture<T> async(Call<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.call();
      } catch (IOException e) {
        throw new CompletionException(e);
      }
    }, pool);
  }

  private static <T> T await(CompletableFuture<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching blocks");
    } catch (ExecutionException e) {
      final Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
          ? e.getCause().getCause() : e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static long height(JsonNode block) {
    return number(block.path("header"), "height");
  }

  private static long number(JsonNode node, String field) {
    try {
      return Long.parseLong(node.path(field).asText());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static List<Long> heights(List<JsonNode> blocks) {
    final List<Long> heights = new ArrayList<>();
    blocks.forEach(b -> heights.add(height(b)));
    return heights;
  }
}
