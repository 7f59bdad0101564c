package dev.blockwire.gateway.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import dev.blockwire.gateway.gojson.GoJson;
import dev.blockwire.schemas.flow.FlowBlockStatus;
import dev.blockwire.schemas.flow.FlowTransactionResult;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The REST calls fcl makes on the access node's base URL, answered from the chain data:
 * {@code GET /v1/network/parameters} (before every subscription), and the polling fallback
 * {@code /v1/blocks?height=final|sealed|N}, {@code /v1/blocks/{id}}, {@code /v1/transaction_results/{id}}
 * and {@code /v1/events?type=…&start_height=…&end_height=…}. Every answer carries
 * {@code Access-Control-Allow-Origin: *}.
 */
public final class FlowRest extends HttpHandler {

  private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{64}");
  private static final int MAX_RANGE = 250;

  private final FlowFeed feed;
  private final String chainId;

  public FlowRest(FlowFeed feed) {
    this.feed = feed;
    this.chainId = feed.config().network();
  }

  @Override
  public void service(Request request, Response response) throws IOException {
    response.setHeader("Access-Control-Allow-Origin", "*");
    final String path = request.getRequestURI();
    if (!"GET".equals(request.getMethod().getMethodString())) {
      write(response, 405, error(405, "method not allowed"));
      return;
    }
    try {
      if (path.equals("/v1/network/parameters")) {
        write(response, 200, "{\"chain_id\":" + GoJson.marshal(chainId) + "}");
      } else if (path.equals("/v1/blocks")) {
        blocksByHeight(request.getParameter("height"), response);
      } else if (path.startsWith("/v1/blocks/")) {
        blockById(path.substring("/v1/blocks/".length()), response);
      } else if (path.startsWith("/v1/transaction_results/")) {
        transactionResult(path.substring("/v1/transaction_results/".length()), response);
      } else if (path.equals("/v1/events")) {
        events(request, response);
      } else {
        write(response, 404, error(404, "not found"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      write(response, 503, error(503, "shutting down"));
    } catch (ExecutionException | TimeoutException e) {
      write(response, 500, error(500, "internal error"));
    }
  }

  private void blocksByHeight(String height, Response response)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    if (height == null || height.isEmpty()) {
      write(response, 400, error(400, "must provide either heights or start and end height range"));
      return;
    }
    final String answer = feed.query(h -> {
      final List<String> blocks = new ArrayList<>();
      for (String item : height.split(",")) {
        final FlowBlockView view;
        if (item.equals("final")) {
          view = h.latest(FlowBlockStatus.FINALIZED);
        } else if (item.equals("sealed")) {
          view = h.latest(FlowBlockStatus.SEALED);
        } else if (item.chars().allMatch(Character::isDigit) && !item.isEmpty() && item.length() < 19) {
          final long value = Long.parseLong(item);
          final FlowBlockView sealed = value <= h.latestSealed() ? h.find(value, FlowBlockStatus.SEALED) : null;
          view = sealed != null ? sealed : h.find(value, FlowBlockStatus.FINALIZED);
        } else {
          return null;
        }
        if (view != null) {
          blocks.add(restBlock(view));
        }
      }
      return "[" + String.join(",", blocks) + "]";
    }).get(5, TimeUnit.SECONDS);
    if (answer == null) {
      write(response, 400, error(400, "invalid height format"));
    } else if (answer.equals("[]")) {
      write(response, 404, error(404, "block not found"));
    } else {
      write(response, 200, answer);
    }
  }

  private void blockById(String id, Response response)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    if (!ID.matcher(id).matches()) {
      write(response, 400, error(400, "invalid ID format"));
      return;
    }
    final String answer = feed.query(h -> {
      final Long height = h.heightOf(id.toLowerCase());
      if (height == null) {
        return null;
      }
      final FlowBlockView sealed = h.find(height, FlowBlockStatus.SEALED);
      return "[" + restBlock(sealed != null ? sealed : h.find(height, FlowBlockStatus.FINALIZED)) + "]";
    }).get(5, TimeUnit.SECONDS);
    write(response, answer == null ? 404 : 200, answer == null ? error(404, "block not found") : answer);
  }

  private void transactionResult(String id, Response response)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    if (!ID.matcher(id).matches()) {
      write(response, 400, error(400, "invalid ID format"));
      return;
    }
    final String txId = id.toLowerCase();
    final String answer = feed.query(h -> {
      final long first = h.firstSeqOf(txId);
      if (first < 0) {
        return null;
      }
      FlowTransactionResult latest = null;
      for (long seq = first; seq < h.nextSeq(); seq++) {
        for (FlowTransactionResult result : h.get(seq).transactionResults()) {
          if (result.getTransactionId().equals(txId)) {
            latest = result;
          }
        }
      }
      return latest == null ? null : FlowPayloads.transactionResult(latest, latest.getStatus());
    }).get(5, TimeUnit.SECONDS);
    write(response, answer == null ? 404 : 200, answer == null ? error(404, "transaction result not found") : answer);
  }

  private void events(Request request, Response response)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    final String type = request.getParameter("type");
    final long start = parse(request.getParameter("start_height"));
    final long end = parse(request.getParameter("end_height"));
    if (type == null || type.isEmpty() || start < 0 || end < start || end - start >= MAX_RANGE) {
      write(response, 400, error(400, "provide an event type and a start_height..end_height range of at most "
          + MAX_RANGE + " blocks"));
      return;
    }
    final String answer = feed.query(h -> {
      final List<String> blocks = new ArrayList<>();
      for (long height = start; height <= end && height <= h.latestSealed(); height++) {
        final FlowBlockView view = h.find(height, FlowBlockStatus.SEALED);
        if (view == null) {
          continue;
        }
        final List<String> events = new ArrayList<>();
        view.events().stream().filter(e -> e.type().equals(type)).forEach(e -> events.add(e.json()));
        blocks.add("{\"block_id\":" + GoJson.marshal(view.id()) + ",\"block_height\":\"" + view.height()
            + "\",\"block_timestamp\":\"" + FlowPayloads.timestamp(view.update().getHeader().getTimestampMs())
            + "\",\"events\":[" + String.join(",", events) + "]}");
      }
      return "[" + String.join(",", blocks) + "]";
    }).get(5, TimeUnit.SECONDS);
    write(response, 200, answer);
  }

  private static long parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(text);
  }

  /** The REST block: header, payload left expandable (as the access node answers without ?expand). */
  private static String restBlock(FlowBlockView view) {
    final String id = view.id();
    return "{\"header\":" + view.headerJson() + ",\"_expandable\":{\"payload\":\"/v1/blocks/payload/" + id
        + "\",\"execution_result\":\"/v1/execution_results/" + id + "\"},\"_links\":{\"_self\":\"/v1/blocks/" + id
        + "\"},\"block_status\":\"" + (view.status() == FlowBlockStatus.SEALED ? "BLOCK_SEALED" : "BLOCK_FINALIZED")
        + "\"}";
  }

  private static String error(int code, String message) {
    return "{\"code\":" + code + ",\"message\":" + GoJson.marshal(message) + "}";
  }

  private static void write(Response response, int status, String body) throws IOException {
    final byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json;charset=UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
