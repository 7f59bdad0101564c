package dev.blockwire.gateway.eth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.websocket.CloseReason;
import dev.blockwire.gateway.gojson.GoJson;

/**
 * geth's JSON-RPC handler ({@code rpc/handler.go}) for one connection's messages, with the eth
 * methods a websocket client needs. Runs on the feed's dispatch thread, so requests see one
 * consistent chain and a subscription starts exactly between two chain updates.
 */
final class EthRpc {

  /** The {@code web3_clientVersion} answer. */
  static final String CLIENT_VERSION = "Blockwire/0.1.0";
  static final int MAX_METHOD_NAME_LENGTH = 2048;
  /** Close code after a message that is not JSON (ours; geth drops the TCP connection). */
  static final CloseReason.CloseCode PARSE_CLOSE = CloseReason.CloseCodes.NOT_CONSISTENT;

  private static final List<EthArgs.Type> NO_ARGS = List.of();
  private static final List<EthArgs.Type> UNSUBSCRIBE_ARGS = List.of(EthArgs.ID);
  private static final List<EthArgs.Type> BLOCK_BY_NUMBER_ARGS = List.of(EthArgs.BLOCK_NUMBER, EthArgs.BOOL);
  private static final List<EthArgs.Type> BLOCK_BY_HASH_ARGS = List.of(EthArgs.HASH, EthArgs.BOOL);
  private static final List<EthArgs.Type> GET_LOGS_ARGS = List.of(EthArgs.FILTER);

  /** A method's outcome: result JSON or an error. */
  private record Reply(String resultJson, RpcError error) {
    static Reply of(String resultJson) {
      return new Reply(resultJson, null);
    }

    static Reply of(RpcError error) {
      return new Reply(null, error);
    }
  }

  /** A rendered response and the size geth counts against the batch limit (its result bytes). */
  private record Answer(String json, int resultBytes) {}

  private final EthFeed feed;
  private final EthSettings settings;
  private final SubscriptionIds ids = new SubscriptionIds();
  private final String chainIdJson;
  private final String netVersionJson;
  /** Cursor resumes of the message being handled that read the topic before their reply (dispatch thread). */
  private final List<EthArchive.Read> topicReads = new ArrayList<>();

  EthRpc(EthFeed feed, EthSettings settings) {
    this.feed = feed;
    this.settings = settings;
    this.chainIdJson = "\"" + EthJson.quantity(settings.chainId()) + "\"";
    this.netVersionJson = "\"" + Long.toUnsignedString(settings.chainId()) + "\"";
  }

  /** Handles one websocket message of {@code session}. */
  void handle(EthSession session, EthCodec.Inbound inbound) {
    if (session.closed()) {
      return;
    }
    if (inbound instanceof EthCodec.ParseError parse) {
      session.offer(parse.frame());
      session.outbox.closeAfterFlush(new CloseReason(PARSE_CLOSE, "parse error"));
      session.markClosed();
    } else if (inbound instanceof EthCodec.Truncated) {
      session.outbox.closeAfterFlush(new CloseReason(PARSE_CLOSE, "unexpected EOF"));
      session.markClosed();
    } else if (inbound instanceof EthCodec.Single single) {
      handleSingle(session, single.message());
    } else if (inbound instanceof EthCodec.Batch batch) {
      handleBatch(session, batch.messages());
    }
  }

  private void handleSingle(EthSession session, EthMessage message) {
    if (message.isClientSide()) {
      return; // an unsolicited response or a client's notification: geth drops it
    }
    final List<EthSubscription> created = new ArrayList<>(1);
    final Answer answer = handleCallMessage(session, message, created);
    if (!topicReads.isEmpty()) {
      final List<String> answers = new ArrayList<>(1);
      if (answer != null) {
        answers.add(answer.json());
      }
      holdReply(session, false, answers, created, answer != null ? 0 : -1, message.rawId());
      return;
    }
    if (answer != null) {
      session.offer(answer.json());
    }
    for (EthSubscription subscription : created) {
      feed.activate(subscription); // after the response: no notification can precede it
    }
  }

  private void handleBatch(EthSession session, List<EthMessage> messages) {
    if (messages.isEmpty()) {
      session.offer(EthCodec.error(null, RpcError.emptyBatch()));
      return;
    }
    if (messages.size() > settings.batchLimit()) {
      String firstCallId = null;
      for (EthMessage message : messages) {
        if (message.isCall()) {
          firstCallId = message.rawId();
          break;
        }
      }
      session.offer(EthCodec.batch(List.of(EthCodec.error(firstCallId, RpcError.batchTooLarge()))));
      return;
    }
    final List<EthMessage> calls = new ArrayList<>(messages.size());
    for (EthMessage message : messages) {
      if (!message.isClientSide()) {
        calls.add(message);
      }
    }
    if (calls.isEmpty()) {
      return;
    }
    final List<String> answers = new ArrayList<>(calls.size());
    final List<EthSubscription> created = new ArrayList<>();
    long resultBytes = 0;
    for (int i = 0; i < calls.size(); i++) {
      final int readsBefore = topicReads.size();
      final Answer answer = handleCallMessage(session, calls.get(i), created);
      for (EthArchive.Read read : topicReads.subList(readsBefore, topicReads.size())) {
        read.answerIndex = answer == null ? -1 : answers.size();
        read.rawId = calls.get(i).rawId();
      }
      if (answer == null) {
        continue;
      }
      answers.add(answer.json());
      if (settings.batchResponseMaxBytes() > 0) {
        resultBytes += answer.resultBytes();
        if (resultBytes > settings.batchResponseMaxBytes()) {
          for (int j = i + 1; j < calls.size(); j++) {
            if (!calls.get(j).isNotification()) {
              answers.add(EthCodec.errorWithId(calls.get(j).rawId(), RpcError.responseTooLarge()));
            }
          }
          break;
        }
      }
    }
    if (!topicReads.isEmpty()) {
      holdReply(session, true, answers, created, -2, null);
      return;
    }
    if (!answers.isEmpty()) {
      session.offer(EthCodec.batch(answers));
    }
    for (EthSubscription subscription : created) {
      feed.activate(subscription); // subscriptions of a batch start after the batch reply
    }
  }

  /**
   * Holds the reply until the message's topic reads are done (single messages: the answer index
   * and id of the one request; batches set them per request, {@code answerIndex} -2).
   */
  private void holdReply(EthSession session, boolean batch, List<String> answers, List<EthSubscription> created,
      int answerIndex, String rawId) {
    final List<EthArchive.Read> reads = List.copyOf(topicReads);
    topicReads.clear();
    if (answerIndex != -2) {
      for (EthArchive.Read read : reads) {
        read.answerIndex = answerIndex;
        read.rawId = rawId;
      }
    }
    feed.startTopicReads(new EthPendingReply(session, batch, answers, created, reads), reads);
  }

  /** geth's {@code handleCallMsg}: notifications run without an answer; invalid messages get -32600. */
  private Answer handleCallMessage(EthSession session, EthMessage message, List<EthSubscription> created) {
    if (message.isNotification()) {
      handleCall(session, message, created);
      return null;
    }
    if (message.isCall()) {
      final Reply reply = handleCall(session, message, created);
      return reply.error() != null
          ? new Answer(EthCodec.error(message.rawId(), reply.error()), 0)
          : new Answer(EthCodec.result(message.rawId(), reply.resultJson()), reply.resultJson().length());
    }
    return new Answer(EthCodec.error(message.hasValidId() ? message.rawId() : null, RpcError.invalidRequest()), 0);
  }

  private Reply handleCall(EthSession session, EthMessage message, List<EthSubscription> created) {
    final int nameLength = GoJson.goLength(message.method());
    if (nameLength > MAX_METHOD_NAME_LENGTH) {
      return Reply.of(RpcError.methodNameTooLong(nameLength, MAX_METHOD_NAME_LENGTH));
    }
    if (message.isSubscribe()) {
      return subscribe(session, message, created);
    }
    if (message.isUnsubscribe()) {
      final EthArgs.Parsed args = EthArgs.parse(message.params(), UNSUBSCRIBE_ARGS);
      if (!args.ok()) {
        return Reply.of(args.error());
      }
      return feed.unsubscribe(session, (String) args.values()[0]) ? Reply.of("true")
          : Reply.of(RpcError.subscriptionIdNotFound());
    }
    switch (message.method()) {
      case "eth_chainId":
        return noArgs(message, chainIdJson);
      case "net_version":
        return noArgs(message, netVersionJson);
      case "web3_clientVersion":
        return noArgs(message, EthCodec.quoted(CLIENT_VERSION));
      case "eth_syncing":
        return noArgs(message, "false");
      case "eth_blockNumber":
        return noArgs(message, "\"" + EthJson.quantity(Math.max(0, feed.chain().head())) + "\"");
      case "eth_getBlockByNumber":
        return withArgs(message, BLOCK_BY_NUMBER_ARGS, args -> blockByNumber((Long) args[0], (Boolean) args[1]));
      case "eth_getBlockByHash":
        return withArgs(message, BLOCK_BY_HASH_ARGS, args -> blockByHash((String) args[0], (Boolean) args[1]));
      case "eth_getLogs":
        return withArgs(message, GET_LOGS_ARGS, args -> getLogs((LogFilter) args[0]));
      default:
        return Reply.of(RpcError.methodNotFound(message.method()));
    }
  }

  private static Reply noArgs(EthMessage message, String resultJson) {
    final EthArgs.Parsed args = EthArgs.parse(message.params(), NO_ARGS);
    return args.ok() ? Reply.of(resultJson) : Reply.of(args.error());
  }

  private interface Method {
    Reply run(Object[] args);
  }

  private static Reply withArgs(EthMessage message, List<EthArgs.Type> types, Method method) {
    final EthArgs.Parsed args = EthArgs.parse(message.params(), types);
    return args.ok() ? method.run(args.values()) : Reply.of(args.error());
  }

  // ---- eth_subscribe ----

  private Reply subscribe(EthSession session, EthMessage message, List<EthSubscription> created) {
    final String[] problem = new String[1];
    final String name = EthArgs.subscriptionName(message.params(), problem);
    if (name == null) {
      return Reply.of(RpcError.invalidParams(problem[0]));
    }
    final String namespace = message.namespace();
    final EthSubscription.Kind kind = "eth".equals(namespace) ? kind(name) : null;
    if (kind == null) {
      return Reply.of(RpcError.subscriptionNotFound(namespace, name));
    }
    // geth's arguments, the name included; an extra trailing object is our options parameter
    final List<EthArgs.Type> types = switch (kind) {
      case LOGS -> List.of(EthArgs.NAME, EthArgs.FILTER);
      case NEW_PENDING_TRANSACTIONS -> List.of(EthArgs.NAME, EthArgs.OPTIONAL_BOOL);
      default -> List.of(EthArgs.NAME);
    };
    GoJson.Value params = message.params();
    GoJson.Value options = null;
    if (settings.extensions() && (kind == EthSubscription.Kind.LOGS || kind == EthSubscription.Kind.NEW_HEADS
        || kind == EthSubscription.Kind.FINALIZED_HEADS) && params.items.size() == types.size() + 1
        && params.items.get(types.size()).kind == GoJson.Kind.OBJECT) {
      options = params.items.get(types.size());
      params = params.withoutLast();
    }
    final EthArgs.Parsed args = EthArgs.parse(params, types);
    if (!args.ok()) {
      return Reply.of(args.error());
    }
    final int optionsIndex = types.size();
    LogFilter filter = LogFilter.ANY;
    if (kind == EthSubscription.Kind.LOGS) {
      filter = (LogFilter) args.values()[1];
      final RpcError invalid = validateLogsSubscription(filter);
      if (invalid != null) {
        return Reply.of(invalid);
      }
    }
    List<EthNotice> backlog = null;
    boolean withCursor = false;
    EthCursor fromTopic = null;
    if (options != null) {
      final Map<String, GoJson.Value> given = EthOptions.parse(options);
      final RpcError bad = switch (kind) {
        case LOGS -> EthOptions.check(given, optionsIndex, "replay", "cursor", "withCursor");
        case NEW_HEADS -> EthOptions.check(given, optionsIndex, "replay", "fromBlock", "cursor", "withCursor");
        default -> EthOptions.check(given, optionsIndex, "cursor", "withCursor");
      };
      if (bad != null) {
        return Reply.of(bad);
      }
      try {
        withCursor = Boolean.TRUE.equals(EthOptions.bool(given, "withCursor", optionsIndex));
        final String cursorText = EthOptions.string(given, "cursor", optionsIndex);
        final boolean replay = Boolean.TRUE.equals(EthOptions.bool(given, "replay", optionsIndex));
        final Object replayed;
        if (cursorText != null) {
          if (replay) {
            return Reply.of(RpcError.invalidParams("invalid argument " + optionsIndex
                + ": options \"cursor\" and \"replay\" cannot be combined"));
          }
          final EthCursor cursor = EthCursor.parse(cursorText);
          if (cursor == null) {
            return Reply.of(RpcError.invalidParams("invalid argument " + optionsIndex
                + ": option \"cursor\": invalid cursor"));
          }
          withCursor = true;
          replayed = feed.resume(cursor, kind, filter);
          if (replayed == null) {
            fromTopic = cursor; // older than the journal: read from the topic before answering
          }
        } else if (replay && kind == EthSubscription.Kind.LOGS) {
          replayed = logsBacklog(filter);
        } else if (replay) {
          final Long from = EthOptions.blockNumber(given, "fromBlock", optionsIndex);
          replayed = headsBacklog(from == null ? EthArgs.LATEST : from, optionsIndex);
        } else {
          replayed = null;
        }
        if (replayed instanceof RpcError error) {
          return Reply.of(error);
        }
        backlog = fromTopic != null ? new ArrayList<>() : castList(replayed); // the topic read fills it
      } catch (EthArgs.ArgException e) {
        return Reply.of(RpcError.invalidParams(e.getMessage()));
      }
    }
    if (session.subscriptions.size() + created.size() >= settings.maxSubscriptions()) {
      return Reply.of(RpcError.tooManySubscriptions());
    }
    if (fromTopic != null && !feed.reserveTopicResume()) {
      return Reply.of(RpcError.tooManyTopicResumes());
    }
    final EthSubscription subscription = new EthSubscription(ids.next(), kind, session, filter, backlog, withCursor);
    created.add(subscription);
    if (fromTopic != null) {
      topicReads.add(new EthArchive.Read(fromTopic, subscription));
    }
    return Reply.of("\"" + subscription.id + "\"");
  }

  @SuppressWarnings("unchecked")
  private static List<EthNotice> castList(Object value) {
    return (List<EthNotice>) value;
  }

  private EthSubscription.Kind kind(String name) {
    for (EthSubscription.Kind kind : EthSubscription.Kind.values()) {
      if (kind.wireName.equals(name)) {
        return kind != EthSubscription.Kind.FINALIZED_HEADS || settings.extensions() ? kind : null;
      }
    }
    return null;
  }

  /** {@code EventSystem.SubscribeLogs}: the query limit, then the block range rules. */
  private RpcError validateLogsSubscription(LogFilter filter) {
    if (filter.exceeds(settings.logQueryLimit())) {
      return RpcError.plain("exceed max addresses or topics per search position");
    }
    long from = filter.fromBlock() == null ? EthArgs.LATEST : filter.fromBlock();
    final long to = filter.toBlock() == null ? EthArgs.LATEST : filter.toBlock();
    if (from == EthArgs.PENDING || to == EthArgs.PENDING) {
      return rangeError("pending logs are not supported");
    }
    if (from == EthArgs.EARLIEST) {
      from = 0; // the history-pruning cutoff of a node that keeps all history: only future logs are sent
    }
    if (from == EthArgs.LATEST && to == EthArgs.LATEST) {
      return null;
    }
    if (from >= 0 && to >= 0 && to >= from) {
      return null;
    }
    if (from >= 0 && to == EthArgs.LATEST) {
      return null;
    }
    return rangeError("invalid block range params");
  }

  private RpcError rangeError(String message) {
    return new RpcError(settings.gethVersion().rangeErrorCode(), message);
  }

  /** The retained logs a replay sends first: from fromBlock (or the head) up to the head. */
  private Object logsBacklog(LogFilter filter) {
    final EthChain chain = feed.chain();
    if (chain.head() < 0) {
      return List.of();
    }
    final long cutoff = chain.logsCutoff();
    final Long fromBlock = filter.fromBlock();
    final long from;
    if (fromBlock == null || fromBlock == EthArgs.LATEST) {
      from = chain.head();
    } else if (fromBlock == EthArgs.EARLIEST) {
      from = cutoff;
    } else if (fromBlock < cutoff) {
      return RpcError.plain("cursor is older than the retained history");
    } else {
      from = fromBlock;
    }
    final long to = filter.toBlock() != null && filter.toBlock() >= 0 ? Math.min(filter.toBlock(), chain.head())
        : chain.head();
    final List<EthNotice> backlog = new ArrayList<>();
    for (EthBlockView block : chain.range(from, to)) {
      for (EthLogView log : block.logs) {
        if (filter.matchesContent(log)) {
          backlog.add(EthNotice.log(log));
        }
      }
    }
    return backlog;
  }

  /** The canonical headers a newHeads replay sends first: fromBlock up to the head. */
  private Object headsBacklog(long fromBlock, int optionsIndex) {
    final EthChain chain = feed.chain();
    if (chain.head() < 0) {
      return List.of();
    }
    final long from;
    if (fromBlock == EthArgs.LATEST) {
      from = chain.head();
    } else if (fromBlock == EthArgs.EARLIEST) {
      from = chain.oldest();
    } else if (fromBlock == EthArgs.FINALIZED || fromBlock == EthArgs.SAFE) {
      final EthBlockView tagged = chain.belowHead(fromBlock == EthArgs.FINALIZED ? settings.finalizedDepth()
          : settings.safeDepth());
      if (tagged == null) {
        return RpcError.plain((fromBlock == EthArgs.FINALIZED ? "finalized" : "safe") + " block not found");
      }
      from = tagged.number;
    } else if (fromBlock == EthArgs.PENDING) {
      return RpcError.invalidParams("invalid argument " + optionsIndex + ": option \"fromBlock\" cannot be pending");
    } else if (fromBlock < chain.oldest()) {
      return RpcError.plain("cursor is older than the retained history");
    } else {
      from = fromBlock;
    }
    final List<EthNotice> backlog = new ArrayList<>();
    for (EthBlockView block : chain.range(from, chain.head())) {
      backlog.add(EthNotice.head(block));
    }
    return backlog;
  }

  // ---- methods ----

  private Reply blockByNumber(long number, boolean fullTransactions) {
    final EthChain chain = feed.chain();
    final EthBlockView block;
    if (number == EthArgs.LATEST) {
      block = chain.headBlock();
    } else if (number == EthArgs.PENDING) {
      block = null; // no pending block is built here
    } else if (number == EthArgs.FINALIZED || number == EthArgs.SAFE) {
      final boolean finalized = number == EthArgs.FINALIZED;
      block = chain.belowHead(finalized ? settings.finalizedDepth() : settings.safeDepth());
      if (block == null) {
        return Reply.of(RpcError.plain((finalized ? "finalized" : "safe") + " block not found"));
      }
    } else if (number == EthArgs.EARLIEST) {
      block = chain.oldest() < 0 ? null : chain.byNumber(chain.oldest());
    } else if (number > chain.head()) {
      block = null;
    } else if (number < chain.oldest()) {
      return Reply.of(RpcError.prunedHistory());
    } else {
      block = chain.byNumber(number);
    }
    return block(block, fullTransactions);
  }

  private Reply blockByHash(String hash, boolean fullTransactions) {
    return block(feed.chain().byHash(hash), fullTransactions);
  }

  private Reply block(EthBlockView block, boolean fullTransactions) {
    if (block == null) {
      return Reply.of("null");
    }
    if (fullTransactions) {
      return Reply.of(RpcError.plain("full transaction objects are not available from this gateway"));
    }
    return Reply.of(EthJson.block(block, settings.gethVersion()));
  }

  /** {@code FilterAPI.GetLogs} over the retained history. */
  private Reply getLogs(LogFilter filter) {
    if (filter.exceeds(settings.logQueryLimit())) {
      return Reply.of(RpcError.plain("exceed max addresses or topics per search position"));
    }
    final EthChain chain = feed.chain();
    final List<String> found = new ArrayList<>();
    if (filter.blockHash() != null) {
      final EthBlockView block = chain.byHash(filter.blockHash());
      if (block == null) {
        return Reply.of(RpcError.plain("unknown block"));
      }
      if (block.number < chain.logsCutoff()) {
        return Reply.of(RpcError.prunedHistory());
      }
      final RpcError tooMany = collect(block, filter, found);
      return tooMany != null ? Reply.of(tooMany) : Reply.of(array(found));
    }
    long begin = filter.fromBlock() == null ? EthArgs.LATEST : filter.fromBlock();
    long end = filter.toBlock() == null ? EthArgs.LATEST : filter.toBlock();
    if (begin > 0 && end > 0 && begin > end) {
      return Reply.of(rangeError("invalid block range params"));
    }
    if (begin == EthArgs.PENDING || end == EthArgs.PENDING) {
      return Reply.of(rangeError("pending logs are not supported"));
    }
    if (chain.head() < 0) {
      return Reply.of("[]");
    }
    try {
      begin = resolve(begin);
      end = resolve(end);
    } catch (EthArgs.ArgException e) {
      return Reply.of(RpcError.plain(e.getMessage()));
    }
    if (begin > end) {
      return Reply.of(rangeError("invalid block range params"));
    }
    if (begin < chain.logsCutoff()) {
      return Reply.of(RpcError.prunedHistory());
    }
    for (EthBlockView block : chain.range(begin, Math.min(end, chain.head()))) {
      final RpcError tooMany = collect(block, filter, found);
      if (tooMany != null) {
        return Reply.of(tooMany);
      }
    }
    return Reply.of(array(found));
  }

  private long resolve(long number) throws EthArgs.ArgException {
    final EthChain chain = feed.chain();
    if (number == EthArgs.LATEST) {
      return chain.head();
    }
    if (number == EthArgs.FINALIZED || number == EthArgs.SAFE) {
      final boolean finalized = number == EthArgs.FINALIZED;
      final EthBlockView block = chain.belowHead(finalized ? settings.finalizedDepth() : settings.safeDepth());
      if (block == null) {
        throw new EthArgs.ArgException((finalized ? "finalized" : "safe") + " header not found");
      }
      return block.number;
    }
    if (number == EthArgs.EARLIEST) {
      return chain.logsCutoff();
    }
    return number;
  }

  private RpcError collect(EthBlockView block, LogFilter filter, List<String> found) {
    for (EthLogView log : block.logs) {
      if (filter.matchesContent(log)) {
        if (found.size() >= settings.getLogsMaxResults()) {
          return new RpcError(RpcError.LIMIT_EXCEEDED,
              "query returned more than " + settings.getLogsMaxResults() + " results");
        }
        found.add(log.json());
      }
    }
    return null;
  }

  private static String array(List<String> items) {
    int size = 2;
    for (String item : items) {
      size += item.length() + 1;
    }
    final StringBuilder out = new StringBuilder(size).append('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(items.get(i));
    }
    return out.append(']').toString();
  }
}
