package dev.blockwire.gateway.eth;

import static dev.blockwire.gateway.eth.EthTestChain.ALICE;
import static dev.blockwire.gateway.eth.EthTestChain.BOB;
import static dev.blockwire.gateway.eth.EthTestChain.TRANSFER;
import static dev.blockwire.gateway.eth.EthTestChain.WETH;
import static dev.blockwire.gateway.eth.EthTestChain.expectedLog;
import static dev.blockwire.gateway.eth.EthTestChain.log;
import static dev.blockwire.gateway.eth.EthTestChain.notification;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.config.Config;
import dev.blockwire.gateway.BrokerAndGateways;
import dev.blockwire.gateway.GatewayConfig;
import dev.blockwire.gateway.GatewayServer;
import dev.blockwire.gateway.Json;
import dev.blockwire.gateway.WsClient;
import dev.blockwire.schemas.eth.EthChainBlock;
import dev.blockwire.schemas.eth.EthLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ethereum cursor extension (spec §9) over a real broker and real websocket connections: a
 * client with {@code logs} and {@code newHeads} subscriptions disconnects at a random point while
 * the chain keeps moving (reorgs included), a reorg then orphans the block its cursors name, and
 * it resumes with {@code {"cursor":…}}: each subscription has exactly what a client that never
 * disconnected got, the removals of the orphaned logs it had seen included. On the same gateway,
 * on another instance, and on a restarted one; and on a gateway whose journal holds only a few
 * updates, so the resume reads the older part from the topic (fresh and restarted), with its cap
 * on concurrent topic reads and its errors for cursors that are not, or no longer, on the topic.
 */
class EthResumeKafkaTest {

  static final Duration WAIT = Duration.ofSeconds(30);
  static final Pattern SUBSCRIPTION = Pattern.compile("^\\{\"jsonrpc\":\"2\\.0\",\"id\":(\\d+),\"result\":\"(0x[0-9a-f]{1,32})\"}$");

  @TempDir
  static Path dataDir;
  static BrokerAndGateways kafka;
  static EthTestChain chain;
  static Config base;
  static GatewayServer reference;
  static GatewayServer other;
  /** A journal of 4 updates, at most 2 topic resumes at once. */
  static Config shallowConfig;
  static GatewayServer shallow;

  @BeforeAll
  static void startBrokerAndGateways() throws Exception {
    kafka = BrokerAndGateways.start(dataDir);
    chain = new EthTestChain(kafka.producer());
    for (int i = 0; i < 4; i++) {
      chain.extend(log(WETH, "0x0" + i, TRANSFER, ALICE, BOB));
    }
    base = kafka.config().with("gateway.near.enabled", "false").with("gateway.eth.finalized-depth", "2");
    shallowConfig = base.with("gateway.eth.window-blocks", "4").with("gateway.eth.safe-depth", "1")
        .with("gateway.eth.max-topic-resumes", "2");
    reference = kafka.gateway(base);
    other = kafka.gateway(base);
    shallow = kafka.gateway(shallowConfig);
    assertThat(reference.awaitReady(WAIT)).isTrue();
    assertThat(other.awaitReady(WAIT)).isTrue();
    assertThat(shallow.awaitReady(WAIT)).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  // ---- helpers ----

  static String url(GatewayServer server) {
    return "ws://127.0.0.1:" + server.port() + "/eth";
  }

  static String request(int id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
  }

  static String subscribe(WsClient client, int id, String params) throws Exception {
    client.send(request(id, "eth_subscribe", params));
    final String response = client.next(WAIT);
    final Matcher matcher = SUBSCRIPTION.matcher(response);
    assertThat(matcher.matches()).as(response).isTrue();
    return matcher.group(2);
  }

  static String call(WsClient client, String request) throws Exception {
    client.send(request);
    return client.next(WAIT);
  }

  static void awaitHead(GatewayServer server, long number) throws InterruptedException {
    final long deadline = System.nanoTime() + WAIT.toNanos();
    while (server.ethFeed().head() < number) {
      assertThat(System.nanoTime()).as("gateway head reaching %s", number).isLessThan(deadline);
      Thread.sleep(5); // polling a condition, bounded by the deadline
    }
  }

  /** One notification as a client records it. */
  record Note(String subscription, String result, String cursor, String text) {
    static Note of(String text) throws Exception {
      final JsonNode params = Json.MAPPER.readTree(text).get("params");
      assertThat(params).as(text).isNotNull();
      final String cursor = params.get("cursor").asText();
      assertThat(text).as("the cursor follows the result").endsWith(",\"cursor\":\"" + cursor + "\"}}");
      return new Note(params.get("subscription").asText(), Json.compact(params.get("result")), cursor, text);
    }

    /** What two clients must agree on: the result and the cursor, not the subscription id. */
    String content() {
      return result + " @ " + cursor;
    }
  }

  /** A client's two subscriptions and what each received, in order. */
  static final class Client implements AutoCloseable {
    final WsClient ws;
    final String logs;
    final String heads;
    final List<Note> logNotes = new ArrayList<>();
    final List<Note> headNotes = new ArrayList<>();

    /** Subscribes both in one batch: the reply comes before any notification of either. */
    Client(GatewayServer server, String address, String logsOptions, String headsOptions) throws Exception {
      ws = WsClient.connect(url(server));
      ws.send("[" + request(1, "eth_subscribe", "[\"logs\",{\"address\":\"" + address + "\"}," + logsOptions + "]")
          + "," + request(2, "eth_subscribe", "[\"newHeads\"," + headsOptions + "]") + "]");
      final String reply = ws.next(WAIT);
      final JsonNode replies = Json.MAPPER.readTree(reply);
      assertThat(replies.size()).as(reply).isEqualTo(2);
      assertThat(replies.get(0).has("result") && replies.get(1).has("result")).as(reply).isTrue();
      logs = replies.get(0).get("result").asText();
      heads = replies.get(1).get("result").asText();
    }

    Note next() throws Exception {
      final Note note = Note.of(ws.next(WAIT));
      if (note.subscription().equals(logs)) {
        logNotes.add(note);
      } else {
        assertThat(note.subscription()).isEqualTo(heads);
        headNotes.add(note);
      }
      return note;
    }

    int count() {
      return logNotes.size() + headNotes.size();
    }

    /** Reads until both subscriptions have the final block's notification. */
    void readUntilLast(String lastBlockHash) throws Exception {
      while (!endsWith(logNotes, lastBlockHash) || !endsWith(headNotes, lastBlockHash)) {
        next();
      }
    }

    static boolean endsWith(List<Note> notes, String blockHash) {
      return !notes.isEmpty() && notes.get(notes.size() - 1).result().contains("\"" + blockHash + "\"");
    }

    @Override
    public void close() throws Exception {
      ws.close();
    }
  }

  /**
   * Moves the chain until stopped: blocks with 0 to 3 logs (some of {@code address}), now and then
   * a reorg of 1 to 3 blocks with at least as many new ones; a queued depth orders a reorg of the
   * newest blocks down to that number. Then one last block with one log of {@code address}.
   */
  static final class Writer extends Thread {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<Exception> failure = new AtomicReference<>();
    final AtomicReference<EthChainBlock> last = new AtomicReference<>();
    final LinkedBlockingQueue<Long> reorgDownTo = new LinkedBlockingQueue<>();
    final AtomicLong reorgs = new AtomicLong();
    final Random random;
    final String address;
    int data;

    Writer(long seed, String address) {
      this.random = new Random(seed);
      this.address = address;
    }

    List<EthTestChain.LogSpec> logs() {
      final List<EthTestChain.LogSpec> logs = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        logs.add(log(random.nextInt(4) > 0 ? address : WETH, String.format("0x%06x", ++data), TRANSFER, ALICE, BOB));
      }
      return logs;
    }

    void reorg(int depth) throws Exception {
      final List<List<EthTestChain.LogSpec>> branch = new ArrayList<>();
      for (int i = depth + random.nextInt(2); i > 0; i--) {
        branch.add(logs());
      }
      chain.reorg(depth, branch);
      reorgs.incrementAndGet();
    }

    @Override
    public void run() {
      try {
        while (!stop.get()) {
          final Long downTo = reorgDownTo.poll();
          if (downTo != null) {
            reorg((int) (chain.head() - downTo + 1));
          } else if (random.nextInt(8) == 0) {
            reorg(1 + random.nextInt(3));
          } else {
            chain.extend(logs().toArray(new EthTestChain.LogSpec[0]));
          }
          TimeUnit.MILLISECONDS.sleep(4); // a chain's pace, not a wait for a condition
        }
        last.set(chain.extend(log(address, "0xffffff", TRANSFER, ALICE, BOB)));
      } catch (Exception e) {
        failure.set(e);
      }
    }

    /** Stops the writer (idempotent) and returns the last block. */
    EthChainBlock finish() throws InterruptedException {
      stop.set(true);
      if (isAlive() || last.get() == null) {
        join(WAIT.toMillis());
      }
      assertThat(failure.get()).isNull();
      return last.get();
    }
  }

  /** Which gateway the client reconnects to after it disconnected from {@code first}. */
  interface Reconnect {
    GatewayServer after(GatewayServer first) throws Exception;
  }

  static String blockNumberOf(Note note) throws Exception {
    final JsonNode result = Json.MAPPER.readTree(note.result());
    return result.has("blockNumber") ? result.get("blockNumber").asText() : result.get("number").asText();
  }

  /**
   * A reference client that never disconnects and a client that disconnects at a random point
   * (after at least one notification per subscription), has the block of its newest cursor
   * orphaned by a reorg while away, and resumes each subscription with its cursor on the gateway
   * {@code reconnect} names. Each subscription's notifications must equal the reference's.
   */
  static void resume(String name, GatewayServer first, Reconnect reconnect) throws Exception {
    resume(name, first, reconnect, 10);
  }

  /** As above, away for at least {@code minAway} of the reference's notifications. */
  static void resume(String name, GatewayServer first, Reconnect reconnect, int minAway) throws Exception {
    final long seed = System.nanoTime();
    System.out.println(name + ": seed " + seed);
    final Random random = new Random(seed);
    final String address = String.format("0x%040x", seed);
    final Writer writer = new Writer(seed, address);
    final List<Note> firstLogs;
    final List<Note> firstHeads;
    final List<Note> resumedLogs;
    final List<Note> resumedHeads;
    final Note logsCursor;
    try (AutoCloseable stopWriter = () -> writer.finish();
         Client referenceClient = new Client(reference, address, "{\"withCursor\":true}", "{\"withCursor\":true}")) {
      awaitHead(first, chain.head());
      try (Client client = new Client(first, address, "{\"withCursor\":true}", "{\"withCursor\":true}")) {
        writer.start();
        final int leaveAfter = random.nextInt(30);
        // leave at a random point after an added log (not mid-removal), so the reorg below orphans its block
        while (client.logNotes.isEmpty() || client.headNotes.isEmpty() || client.count() < leaveAfter
            || client.logNotes.get(client.logNotes.size() - 1).result().endsWith("\"removed\":true}")) {
          client.next();
        }
        firstLogs = client.logNotes;
        firstHeads = client.headNotes;
      }
      logsCursor = firstLogs.get(firstLogs.size() - 1);
      final Note headsCursor = firstHeads.get(firstHeads.size() - 1);
      // a reorg orphans the blocks both cursors name (unless a reorg already did)
      writer.reorgDownTo.add(Math.min(Long.decode(blockNumberOf(logsCursor)), Long.decode(blockNumberOf(headsCursor))));
      final int awayFor = minAway + random.nextInt(40);
      final int target = referenceClient.count() + awayFor;
      while (referenceClient.count() < target) {
        referenceClient.next(); // the chain moves on while the client is away
      }
      final GatewayServer second = reconnect.after(first);
      try (Client client = new Client(second, address, "{\"cursor\":\"" + logsCursor.cursor() + "\"}",
          "{\"cursor\":\"" + headsCursor.cursor() + "\"}")) {
        while (client.headNotes.size() < 20) {
          client.next(); // replayed, then live while the chain keeps moving
        }
        final EthChainBlock last = writer.finish();
        final String lastHash = last.getHeader().getHash().toString();
        client.readUntilLast(lastHash);
        referenceClient.readUntilLast(lastHash);
        resumedLogs = client.logNotes;
        resumedHeads = client.headNotes;
      }
      System.out.println(name + ": left after " + (firstLogs.size() + firstHeads.size()) + " notifications, away for "
          + awayFor + "; " + writer.reorgs.get() + " reorgs; " + referenceClient.logNotes.size() + " logs and "
          + referenceClient.headNotes.size() + " heads in all");
      assertThat(contents(firstLogs, resumedLogs)).isEqualTo(contents(referenceClient.logNotes));
      assertThat(contents(firstHeads, resumedHeads)).isEqualTo(contents(referenceClient.headNotes));
    }
    // the orphaned log the cursor named came back as a removal
    final JsonNode named = Json.MAPPER.readTree(logsCursor.result());
    assertThat(resumedLogs).anySatisfy(note -> {
      final JsonNode log = Json.MAPPER.readTree(note.result());
      assertThat(log.get("removed").asBoolean()).isTrue();
      assertThat(log.get("blockHash")).isEqualTo(named.get("blockHash"));
      assertThat(log.get("logIndex")).isEqualTo(named.get("logIndex"));
    });
  }

  static String notificationWithCursor(String subscription, String result, String cursor) {
    return "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + subscription
        + "\",\"result\":" + result + ",\"cursor\":\"" + cursor + "\"}}";
  }

  @SafeVarargs
  static List<String> contents(List<Note>... parts) {
    final List<String> all = new ArrayList<>();
    for (List<Note> part : parts) {
      for (Note note : part) {
        all.add(note.content());
      }
    }
    return all;
  }

  static final String NOT_FOUND = "cursor not found: no such notification on the chain topic";

  /** A cursor naming the newHeads notification of a block. */
  static String headCursor(EthChainBlock block) {
    return new EthCursor(EthCursor.HEAD, block.getHeader().getNumber(), block.getHeader().getHash().toString(), 0)
        .encode();
  }

  // ---- tests ----

  @Test
  void shouldResumeEachSubscriptionExactlyAfterItsCursorThroughAReorgOfTheCursorsBlock() throws Exception {
    resume("same", other, first -> first);
  }

  @Test
  void shouldResumeOnAnotherGatewayInstance() throws Exception {
    resume("other", other, first -> reference);
  }

  @Test
  void shouldResumeOnARestartedGateway() throws Exception {
    final GatewayServer[] restarted = new GatewayServer[1];
    final GatewayServer first = new GatewayServer(GatewayConfig.from(base)).start();
    try {
      assertThat(first.awaitReady(WAIT)).isTrue();
      resume("restart", first, gateway -> {
        gateway.close();
        restarted[0] = new GatewayServer(GatewayConfig.from(base)).start();
        assertThat(restarted[0].awaitReady(WAIT)).isTrue();
        return restarted[0];
      });
    } finally {
      first.close();
      if (restarted[0] != null) {
        restarted[0].close();
      }
    }
  }

  @Test
  void shouldResumeFromAnOrphanedLogWithItsRemovalAndFromARemovalWithTheRest() throws Exception {
    final String address = String.format("0x%040x", System.nanoTime());
    try (WsClient client = WsClient.connect(url(reference))) {
      final String id = subscribe(client, 1, "[\"logs\",{\"address\":\"" + address + "\"},{\"withCursor\":true}]");
      final EthChainBlock orphan = chain.extend(log(address, "0x01", TRANSFER), log(address, "0x02", TRANSFER),
          log(address, "0x03", TRANSFER));
      final EthChainBlock replacement = chain.reorg(1, List.of(List.of(log(address, "0x04", TRANSFER)))).get(0);
      final List<Note> stream = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        stream.add(Note.of(client.next(WAIT)));
      }
      final List<String> expected = new ArrayList<>();
      for (EthLog log : orphan.getLogs()) {
        expected.add(expectedLog(log, false));
      }
      for (EthLog log : orphan.getLogs()) {
        expected.add(expectedLog(log, true));
      }
      expected.add(expectedLog(replacement.getLogs().get(0), false));
      assertThat(stream.stream().map(Note::result).toList()).isEqualTo(expected);
      // after the second log of the orphaned block: the third, the three removals, the new branch
      final String fromAdded = subscribe(client, 2, "[\"logs\",{\"address\":\"" + address + "\"},{\"cursor\":\""
          + stream.get(1).cursor() + "\"}]");
      for (Note note : stream.subList(2, 7)) {
        assertThat(client.next(WAIT)).isEqualTo(notificationWithCursor(fromAdded, note.result(), note.cursor()));
      }
      // after the second removal: the third removal, the new branch
      final String fromRemoval = subscribe(client, 3, "[\"logs\",{\"address\":\"" + address + "\"},{\"cursor\":\""
          + stream.get(4).cursor() + "\"}]");
      for (Note note : stream.subList(5, 7)) {
        assertThat(client.next(WAIT)).isEqualTo(notificationWithCursor(fromRemoval, note.result(), note.cursor()));
      }
      assertThat(stream.get(4).cursor()).isNotEqualTo(stream.get(1).cursor()); // a removal has its own cursor
      assertThat(id).isNotEqualTo(fromAdded);
    }
  }

  @Test
  void shouldAddTheCursorAfterTheResultOnlyWhenAskedAndRefuseBadCursors() throws Exception {
    final String address = String.format("0x%040x", System.nanoTime());
    try (WsClient client = WsClient.connect(url(reference))) {
      final String plain = subscribe(client, 1, "[\"logs\",{\"address\":\"" + address + "\"}]");
      final String withCursor = subscribe(client, 2, "[\"logs\",{\"address\":\"" + address + "\"},{\"withCursor\":true}]");
      final String notAsked = subscribe(client, 3, "[\"logs\",{\"address\":\"" + address + "\"},{\"withCursor\":false}]");
      final EthChainBlock block = chain.extend(log(address, "0x01", TRANSFER));
      final EthLog log = block.getLogs().get(0);
      final String cursor = new EthCursor(EthCursor.LOG, log.getBlockNumber(), log.getBlockHash().toString(),
          log.getLogIndex()).encode();
      assertThat(client.next(WAIT)).isEqualTo(notification(plain, expectedLog(log, false)));
      assertThat(client.next(WAIT)).isEqualTo(notificationWithCursor(withCursor, expectedLog(log, false), cursor));
      assertThat(client.next(WAIT)).isEqualTo(notification(notAsked, expectedLog(log, false)));
      assertThat(call(client, request(4, "eth_subscribe", "[\"logs\",{},{\"cursor\":\"nope\"}]"))).isEqualTo(
          "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32602,\"message\":\"invalid argument 2: option \\\"cursor\\\": invalid cursor\"}}");
      assertThat(call(client, request(5, "eth_subscribe", "[\"newHeads\",{\"cursor\":7}]"))).isEqualTo(
          "{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32602,\"message\":\"invalid argument 1: option \\\"cursor\\\" must be a string\"}}");
      assertThat(call(client, request(6, "eth_subscribe", "[\"logs\",{},{\"cursor\":\"" + cursor + "\",\"replay\":true}]")))
          .contains("\"code\":-32602").contains("cannot be combined");
      assertThat(call(client, request(7, "eth_subscribe", "[\"logs\",{},{\"withCursor\":\"yes\"}]"))).isEqualTo(
          "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32602,\"message\":\"invalid argument 2: option \\\"withCursor\\\" must be true or false\"}}");
      final String unknown = new EthCursor(EthCursor.LOG, 3, "0x" + "ab".repeat(32), 0).encode();
      assertThat(call(client, request(8, "eth_subscribe", "[\"logs\",{},{\"cursor\":\"" + unknown + "\"}]"))).isEqualTo(
          "{\"jsonrpc\":\"2.0\",\"id\":8,\"error\":{\"code\":-32000,\"message\":\"" + NOT_FOUND + "\"}}");
      // a cursor at the newest notification resumes with nothing to replay, then live
      final String resumed = subscribe(client, 9, "[\"logs\",{\"address\":\"" + address + "\"},{\"cursor\":\"" + cursor + "\"}]");
      final EthChainBlock next = chain.extend(log(address, "0x02", TRANSFER));
      final List<String> got = List.of(client.next(WAIT), client.next(WAIT), client.next(WAIT), client.next(WAIT));
      assertThat(got).anySatisfy(message -> assertThat(message).startsWith(
          "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + resumed + "\",\"result\":"
              + expectedLog(next.getLogs().get(0), false) + ",\"cursor\":\""));
    }
  }

  @Test
  void shouldResumeFinalizedHeadsAndCarryCursorsOnReplays() throws Exception {
    try (WsClient client = WsClient.connect(url(reference))) {
      final String replayed = subscribe(client, 1, "[\"newHeads\",{\"replay\":true,\"fromBlock\":\""
          + EthTestChain.hex(chain.head() - 1) + "\",\"withCursor\":true}]");
      final Note first = Note.of(client.next(WAIT));
      final Note second = Note.of(client.next(WAIT));
      assertThat(first.subscription()).isEqualTo(replayed);
      assertThat(Long.decode(blockNumberOf(second))).isEqualTo(chain.head());
      // resuming after the first replayed header gives the second again, then live
      final String resumed = subscribe(client, 2, "[\"newHeads\",{\"cursor\":\"" + first.cursor() + "\"}]");
      final Note again0 = Note.of(client.next(WAIT));
      assertThat(again0.subscription()).isEqualTo(resumed);
      assertThat(again0.content()).isEqualTo(second.content());
      final String finalized = subscribe(client, 3, "[\"finalizedHeads\",{\"withCursor\":true}]");
      chain.extend();
      final List<Note> notes = new ArrayList<>();
      while (notes.stream().noneMatch(note -> note.subscription().equals(finalized))) {
        notes.add(Note.of(client.next(WAIT)));
      }
      final Note finalizedNote = notes.stream().filter(note -> note.subscription().equals(finalized)).findFirst().get();
      final String again = subscribe(client, 4, "[\"finalizedHeads\",{\"cursor\":\"" + finalizedNote.cursor() + "\"}]");
      chain.extend();
      Note next;
      do {
        next = Note.of(client.next(WAIT));
      } while (!next.subscription().equals(again));
      assertThat(Long.decode(blockNumberOf(next))).isEqualTo(Long.decode(blockNumberOf(finalizedNote)) + 1);
    }
  }

  // ---- cursors older than the journal: read from the topic ----

  @Test
  void shouldResumeFromTheTopicWhenTheCursorIsOlderThanTheJournal() throws Exception {
    final long before = shallow.ethFeed().topicResumesStarted();
    resume("deep", shallow, first -> first, 60);
    assertThat(shallow.ethFeed().topicResumesStarted() - before).as("both subscriptions read the topic").isEqualTo(2);
  }

  @Test
  void shouldResumeFromTheTopicOnARestartedGatewayWithASmallJournal() throws Exception {
    final GatewayServer[] restarted = new GatewayServer[1];
    final GatewayServer first = new GatewayServer(GatewayConfig.from(shallowConfig)).start();
    try {
      assertThat(first.awaitReady(WAIT)).isTrue();
      resume("deep-restart", first, gateway -> {
        gateway.close();
        restarted[0] = new GatewayServer(GatewayConfig.from(shallowConfig)).start();
        assertThat(restarted[0].awaitReady(WAIT)).isTrue();
        return restarted[0];
      }, 30);
      assertThat(restarted[0].ethFeed().topicResumesStarted()).as("both subscriptions read the topic").isEqualTo(2);
    } finally {
      first.close();
      if (restarted[0] != null) {
        restarted[0].close();
      }
    }
  }

  @Test
  void shouldRefuseTopicResumesBeyondTheCapAndAnswerTheOthersInOrder() throws Exception {
    final EthChainBlock old = chain.extend();
    for (int i = 0; i < 8; i++) {
      chain.extend(); // the journal of 4 updates no longer holds the old block
    }
    awaitHead(shallow, chain.head());
    final String cursor = headCursor(old);
    try (WsClient client = WsClient.connect(url(shallow))) {
      final String params = "[\"newHeads\",{\"cursor\":\"" + cursor + "\"}]";
      // one batch: the first two take the two slots, the third is refused; the reply waits for both reads
      client.send("[" + request(1, "eth_subscribe", params) + "," + request(2, "eth_subscribe", params) + ","
          + request(3, "eth_subscribe", params) + "," + request(4, "eth_blockNumber", "[]") + "]");
      final JsonNode replies = Json.MAPPER.readTree(client.next(WAIT));
      assertThat(replies.size()).isEqualTo(4);
      assertThat(replies.get(0).get("result").asText()).startsWith("0x");
      assertThat(replies.get(1).get("result").asText()).startsWith("0x");
      assertThat(Json.compact(replies.get(2))).isEqualTo(
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32000,\"message\":\"too many cursor resumes reading the topic\"}}");
      assertThat(replies.get(3).get("result").asText()).isEqualTo(EthTestChain.hex(chain.head()));
      // each accepted subscription replays the 8 heads after the old one, from the topic and the journal
      final List<Note> notes = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        notes.add(Note.of(client.next(WAIT)));
      }
      for (String id : List.of(replies.get(0).get("result").asText(), replies.get(1).get("result").asText())) {
        final List<String> numbers = new ArrayList<>();
        for (Note note : notes) {
          if (note.subscription().equals(id)) {
            numbers.add(blockNumberOf(note));
          }
        }
        final List<String> expected = new ArrayList<>();
        for (long number = old.getHeader().getNumber() + 1; number <= chain.head(); number++) {
          expected.add(EthTestChain.hex(number));
        }
        assertThat(numbers).isEqualTo(expected);
      }
      // the slots are free again once the reads are done
      final String again = subscribe(client, 5, params);
      final Note first = Note.of(client.next(WAIT));
      assertThat(first.subscription()).isEqualTo(again);
      assertThat(blockNumberOf(first)).isEqualTo(EthTestChain.hex(old.getHeader().getNumber() + 1));
    }
  }

  @Test
  void shouldAnswerACursorOfABlockThatWasNeverOnTheTopicWithNotFound() throws Exception {
    final EthChainBlock block = chain.extend();
    for (int i = 0; i < 8; i++) {
      chain.extend();
    }
    awaitHead(shallow, chain.head());
    final long number = block.getHeader().getNumber();
    final String never = new EthCursor(EthCursor.HEAD, number, "0x" + "cd".repeat(32), 0).encode();
    final String neverLog = new EthCursor(EthCursor.LOG, number, block.getHeader().getHash().toString(), 7).encode();
    try (WsClient client = WsClient.connect(url(shallow))) {
      assertThat(call(client, request(1, "eth_subscribe", "[\"newHeads\",{\"cursor\":\"" + never + "\"}]"))).isEqualTo(
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"" + NOT_FOUND + "\"}}");
      // the right block, but a log it never had
      assertThat(call(client, request(2, "eth_subscribe", "[\"logs\",{},{\"cursor\":\"" + neverLog + "\"}]"))).isEqualTo(
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32000,\"message\":\"" + NOT_FOUND + "\"}}");
      // a block far above the head
      final String future = new EthCursor(EthCursor.HEAD, chain.head() + 1000, "0x" + "ef".repeat(32), 0).encode();
      assertThat(call(client, request(3, "eth_subscribe", "[\"newHeads\",{\"cursor\":\"" + future + "\"}]")))
          .contains(NOT_FOUND);
    }
  }

  @Test
  void shouldAnswerACursorWhoseRecordsRetentionDeletedWithExpired() throws Exception {
    // a topic of its own: deleting records must not change what the other tests' gateways read
    final String topic = "eth.chain.retention-test";
    final Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    final TopicPartition partition = new TopicPartition(topic, 0);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    final EthTestChain own = new EthTestChain(kafka.producer(), topic);
    final EthChainBlock old = own.extend();
    for (int i = 0; i < 12; i++) {
      own.extend();
    }
    final GatewayServer gateway = new GatewayServer(GatewayConfig.from(shallowConfig.with("gateway.eth.topic", topic)))
        .start();
    try (Admin admin = Admin.create(props)) {
      assertThat(gateway.awaitReady(WAIT)).isTrue();
      awaitHead(gateway, own.head());
      // retention: all but the newest 8 records go
      final long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
      admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end - 8))).all().get();
      try (WsClient client = WsClient.connect(url(gateway))) {
        assertThat(call(client, request(1, "eth_subscribe", "[\"newHeads\",{\"cursor\":\"" + headCursor(old) + "\"}]")))
            .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"cursor is older than the"
                + " retained history\"}}");
        // a cursor still on the topic (and older than the journal of 4) resumes
        final EthChainBlock kept = own.block(own.head() - 6);
        final String resumed = subscribe(client, 2, "[\"newHeads\",{\"cursor\":\"" + headCursor(kept) + "\"}]");
        for (long number = kept.getHeader().getNumber() + 1; number <= own.head(); number++) {
          final Note next = Note.of(client.next(WAIT));
          assertThat(next.subscription()).isEqualTo(resumed);
          assertThat(next.result()).isEqualTo(EthTestChain.expectedHead(own.block(number), true));
        }
        assertThat(gateway.ethFeed().topicResumesStarted()).isEqualTo(2);
      }
    } finally {
      gateway.close();
    }
  }
}
