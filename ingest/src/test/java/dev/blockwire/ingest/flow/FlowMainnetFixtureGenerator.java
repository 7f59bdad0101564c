package dev.blockwire.ingest.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes {@code src/main/resources/fixtures/flow-mainnet/blocks.jsonl}: {@value #BLOCKS} consecutive
 * Flow mainnet-shaped blocks, each reported finalized and two blocks later sealed, in the access
 * node's REST shapes, with real-shaped JSON-CDC events (FlowToken withdrawals and deposits, FlowFees,
 * TopShot, core account events) and transactions going Pending → Finalized → Executed → Sealed (one
 * failing, one expiring). Deterministic: {@code FlowFixtureFileTest} checks that the committed file
 * is exactly this output. Regenerate (from {@code ingest/}, after {@code mvn test-compile}):
 * <pre>java -cp "target/test-classes:target/classes:$(cat cp.txt)" \
 *   dev.blockwire.ingest.flow.FlowMainnetFixtureGenerator src/main/resources/fixtures/flow-mainnet/blocks.jsonl</pre>
 */
public final class FlowMainnetFixtureGenerator {

  static final int BLOCKS = 36;
  static final long FIRST_HEIGHT = 137_390_420L;
  static final long FIRST_TIMESTAMP_MS = Instant.parse("2026-03-04T17:35:00.600Z").toEpochMilli();
  static final String FLOW_TOKEN = "0x1654653399040a61";
  static final String FLOW_FEES = "0xf919ee77447b7497";
  static final String TOP_SHOT = "0x0b2a3299cc857e29";
  static final String WITHDRAWN = "A.1654653399040a61.FlowToken.TokensWithdrawn";
  static final String DEPOSITED = "A.1654653399040a61.FlowToken.TokensDeposited";
  static final String FEES_DEDUCTED = "A.f919ee77447b7497.FlowFees.FeesDeducted";
  static final String TOP_SHOT_WITHDRAW = "A.0b2a3299cc857e29.TopShot.Withdraw";
  static final String TOP_SHOT_DEPOSIT = "A.0b2a3299cc857e29.TopShot.Deposit";
  /** Rows of the generator matrix of Flow's [64,45] address code: any XOR of them is a valid mainnet address. */
  static final long[] GENERATOR_ROWS = {
      0xe467b9dd11fa00dfL, 0xf233dcee88fe0abeL, 0xf919ee77447b7497L, 0xfc8cf73ba23a260dL,
      0xfe467b9dd11ee2a1L, 0xff233dcee888d807L, 0xff919ee774476ce6L, 0x7fc8cf73ba231d10L,
      0x3fe467b9dd11b183L, 0x1ff233dcee8f96d6L, 0x8ff919ee774757baL, 0x47fc8cf73ba2b331L,
      0x23fe467b9dd27f6cL, 0x11ff233dceee8e82L, 0x88ff919ee775dd8fL, 0x447fc8cf73b905e4L,
      0xa23fe467b9de0d83L, 0xd11ff233dce8d5a7L, 0xe88ff919ee73c38aL, 0x7447fc8cf73f171fL};

  enum Kind { TRANSFER, TOP_SHOT_MOVE, CREATE_ACCOUNT, CONTRACT_ADD, FAILED }

  /** A transaction included in block index {@code block}. */
  record Tx(int block, Kind kind, String id, String payer, String to, long amount, long computation) {}

  static final String EXPIRED_TX = sha("tx/expired");
  static final int EXPIRED_PENDING_AT = 7;
  static final int EXPIRED_AT = 27;

  private final JsonNodeFactory json = JsonNodeFactory.instance;
  private final ObjectMapper mapper = new ObjectMapper();

  public static void main(String[] args) throws IOException {
    final Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources/fixtures/flow-mainnet/blocks.jsonl");
    Files.writeString(out, new FlowMainnetFixtureGenerator().generate(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out);
  }

  /** The transactions of the fixture, in block order. */
  static List<Tx> transactions() {
    final List<Tx> txs = new ArrayList<>();
    final Object[][] plan = {
        {2, Kind.TRANSFER, 3, 5, 12_5000_0000L}, {4, Kind.TOP_SHOT_MOVE, 5, 6, 4_227_311L},
        {6, Kind.CREATE_ACCOUNT, 3, 9, 1000_0000L}, {9, Kind.TRANSFER, 6, 3, 7_0150_0000L},
        {11, Kind.FAILED, 5, 6, 0L}, {13, Kind.CONTRACT_ADD, 9, 9, 0L}, {16, Kind.TRANSFER, 9, 5, 2_5000_0000L},
        {16, Kind.TOP_SHOT_MOVE, 6, 3, 4_227_311L}, {20, Kind.TRANSFER, 5, 3, 100_0000_0000L},
        {24, Kind.CREATE_ACCOUNT, 6, 10, 1000_0000L}, {28, Kind.TOP_SHOT_MOVE, 3, 9, 4_301_877L},
        {31, Kind.TRANSFER, 10, 6, 3_1415_9265L}};
    for (int i = 0; i < plan.length; i++) {
      final Object[] p = plan[i];
      txs.add(new Tx((int) p[0], (Kind) p[1], sha("tx/" + i), user((int) p[2]), user((int) p[3]), (long) p[4],
          37 + 11L * i));
    }
    return txs;
  }

  /** A valid mainnet address: the XOR of the generator rows selected by the bits of {@code index}. */
  static String user(int index) {
    long address = 0;
    for (int i = 0; i < GENERATOR_ROWS.length; i++) {
      if ((index >> i & 1) == 1) {
        address ^= GENERATOR_ROWS[i];
      }
    }
    return String.format("0x%016x", address);
  }

  static long height(int index) {
    return FIRST_HEIGHT + index;
  }

  static String blockId(int index) {
    return sha("block/" + height(index));
  }

  static long timestampMs(int index) {
    return FIRST_TIMESTAMP_MS + index * 813L + (index % 3) * 41L;
  }

  String generate() {
    final List<Tx> txs = transactions();
    final StringBuilder out = new StringBuilder();
    for (int i = 0; i < BLOCKS; i++) {
      out.append(line(i, false, txs)).append('\n');
      if (i >= 2) {
        out.append(line(i - 2, true, txs)).append('\n');
      }
    }
    out.append(line(BLOCKS - 2, true, txs)).append('\n');
    out.append(line(BLOCKS - 1, true, txs)).append('\n');
    return out.toString();
  }

  private String line(int index, boolean sealed, List<Tx> txs) {
    final ObjectNode doc = json.objectNode();
    doc.put("block_status", sealed ? "sealed" : "finalized");
    final ObjectNode block = doc.putObject("block");
    final ObjectNode header = block.putObject("header");
    header.put("id", blockId(index));
    header.put("parent_id", index == 0 ? sha("block/" + (FIRST_HEIGHT - 1)) : blockId(index - 1));
    header.put("height", Long.toString(height(index)));
    header.put("timestamp", Instant.ofEpochMilli(timestampMs(index)).toString());
    header.put("parent_voter_signature", b64("voters/" + index, 48));
    final ObjectNode payload = block.putObject("payload");
    final ArrayNode guarantees = payload.putArray("collection_guarantees");
    if (txs.stream().anyMatch(t -> t.block() == index)) {
      final ObjectNode g = guarantees.addObject();
      g.put("collection_id", collectionId(index));
      g.put("signer_indices", "7bfff8");
      g.put("signature", b64("collection-signature/" + index, 48));
      g.put("reference_block_id", index == 0 ? sha("block/" + (FIRST_HEIGHT - 1)) : blockId(index - 1));
      g.put("cluster_chain_id", "cluster-2-" + sha("cluster").substring(0, 16));
    }
    final ArrayNode seals = payload.putArray("block_seals");
    if (index >= 3) {
      final ObjectNode seal = seals.addObject();
      seal.put("block_id", blockId(index - 3));
      seal.put("result_id", sha("result/" + height(index - 3)));
      seal.put("final_state", sha("state/" + height(index - 3)));
      final ObjectNode approvals = seal.putArray("aggregated_approval_signatures").addObject();
      approvals.putArray("verifier_signatures").add(b64("approval/" + index, 48));
      approvals.putArray("signer_ids").add(sha("verifier/" + (index % 4)));
    }
    final ArrayNode events = doc.putArray("events");
    if (sealed) {
      txs.stream().filter(t -> t.block() == index).forEach(t -> events.addAll(events(t, txIndex(t, txs))));
    }
    final ArrayNode results = doc.putArray("transaction_results");
    for (Tx tx : txs) {
      if (!sealed && tx.block() == index + 1) {
        results.add(result(tx, "Pending", txs));
      }
      if (!sealed && tx.block() == index) {
        results.add(result(tx, "Finalized", txs));
      }
      if (!sealed && tx.block() == index - 1) {
        results.add(result(tx, "Executed", txs));
      }
      if (sealed && tx.block() == index) {
        results.add(result(tx, "Sealed", txs));
      }
    }
    if (!sealed && index == EXPIRED_PENDING_AT) {
      results.add(expired("Pending"));
    }
    if (!sealed && index == EXPIRED_AT) {
      results.add(expired("Expired"));
    }
    try {
      return mapper.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int txIndex(Tx tx, List<Tx> txs) {
    int i = 0;
    for (Tx other : txs) {
      if (other == tx) {
        return i;
      }
      if (other.block() == tx.block()) {
        i++;
      }
    }
    throw new IllegalArgumentException("not a fixture transaction");
  }

  private ObjectNode expired(String status) {
    final ObjectNode r = json.objectNode();
    r.put("transaction_id", EXPIRED_TX);
    r.put("block_id", "");
    r.put("collection_id", "");
    r.put("status", status);
    r.put("status_code", 0);
    r.put("error_message", "");
    r.put("computation_used", "0");
    r.putArray("events");
    return r;
  }

  private ObjectNode result(Tx tx, String status, List<Tx> txs) {
    final boolean known = !status.equals("Pending");
    final boolean executed = status.equals("Executed") || status.equals("Sealed");
    final ObjectNode r = json.objectNode();
    r.put("transaction_id", tx.id());
    r.put("block_id", known ? blockId(tx.block()) : "");
    r.put("collection_id", known ? collectionId(tx.block()) : "");
    r.put("status", status);
    final boolean failed = executed && tx.kind() == Kind.FAILED;
    r.put("status_code", failed ? 1 : 0);
    r.put("error_message", failed ? "[Error Code: 1101] error caused by: 1 error occurred:\n\t* transaction execute "
        + "failed: [Error Code: 1101] cadence runtime error: Execution failed:\nerror: pre-condition failed: Amount "
        + "withdrawn must be less than or equal than the balance of the Vault\n" : "");
    r.put("computation_used", executed ? Long.toString(tx.computation()) : "0");
    final ArrayNode events = r.putArray("events");
    if (executed) {
      events.addAll(events(tx, txIndex(tx, txs)));
    }
    return r;
  }

  /** The events a transaction emits, with their JSON-CDC payloads in base64. */
  private List<ObjectNode> events(Tx tx, int txIndex) {
    final List<Map.Entry<String, ObjectNode>> emitted = new ArrayList<>();
    switch (tx.kind()) {
      case TRANSFER -> {
        emitted.add(Map.entry(WITHDRAWN, tokens(WITHDRAWN, tx.amount(), "from", tx.payer())));
        emitted.add(Map.entry(DEPOSITED, tokens(DEPOSITED, tx.amount(), "to", tx.to())));
      }
      case TOP_SHOT_MOVE -> {
        emitted.add(Map.entry(TOP_SHOT_WITHDRAW, moment(TOP_SHOT_WITHDRAW, tx.amount(), "from", tx.payer())));
        emitted.add(Map.entry(TOP_SHOT_DEPOSIT, moment(TOP_SHOT_DEPOSIT, tx.amount(), "to", tx.to())));
      }
      case CREATE_ACCOUNT -> {
        emitted.add(Map.entry("flow.AccountCreated", event("flow.AccountCreated", field("address", address(tx.to())))));
        emitted.add(Map.entry("flow.AccountKeyAdded", accountKeyAdded(tx)));
        emitted.add(Map.entry(WITHDRAWN, tokens(WITHDRAWN, tx.amount(), "from", tx.payer())));
        emitted.add(Map.entry(DEPOSITED, tokens(DEPOSITED, tx.amount(), "to", tx.to())));
      }
      case CONTRACT_ADD -> emitted.add(Map.entry("flow.AccountContractAdded", event("flow.AccountContractAdded",
          field("address", address(tx.payer())), field("codeHash", bytes("code/" + tx.id(), 32)),
          field("contract", value("String", "BlockwireCounter")))));
      case FAILED -> { }
    }
    final long fee = 1_000 + tx.computation() * 3;
    emitted.add(Map.entry(WITHDRAWN, tokens(WITHDRAWN, fee, "from", tx.payer())));
    emitted.add(Map.entry(DEPOSITED, tokens(DEPOSITED, fee, "to", FLOW_FEES)));
    emitted.add(Map.entry(FEES_DEDUCTED, event(FEES_DEDUCTED, field("amount", ufix(fee)),
        field("inclusionEffort", ufix(1_0000_0000L)), field("executionEffort", ufix(tx.computation() * 12_345L)))));
    final List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < emitted.size(); i++) {
      final ObjectNode e = json.objectNode();
      e.put("type", emitted.get(i).getKey());
      e.put("transaction_id", tx.id());
      e.put("transaction_index", Integer.toString(txIndex));
      e.put("event_index", Integer.toString(i));
      try {
        // cadence writes JSON-CDC with Go's json.Encoder: compact, with a trailing newline
        e.put("payload", Base64.getEncoder().encodeToString(
            (mapper.writeValueAsString(emitted.get(i).getValue()) + "\n").getBytes(StandardCharsets.UTF_8)));
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException(ex);
      }
      out.add(e);
    }
    return out;
  }

  private ObjectNode accountKeyAdded(Tx tx) {
    final ObjectNode publicKey = json.objectNode();
    publicKey.put("type", "Struct");
    final ObjectNode pk = publicKey.putObject("value");
    pk.put("id", "PublicKey");
    final ArrayNode fields = pk.putArray("fields");
    fields.add(field("publicKey", bytes("key/" + tx.id(), 64)));
    fields.add(field("signatureAlgorithm", enumValue("SignatureAlgorithm", 1)));
    return event("flow.AccountKeyAdded", field("address", address(tx.to())), field("publicKey", publicKey),
        field("weight", ufix(1000_0000_0000L)), field("hashAlgorithm", enumValue("HashAlgorithm", 3)),
        field("keyIndex", value("Int", "0")));
  }

  private ObjectNode tokens(String type, long amount, String side, String account) {
    return event(type, field("amount", ufix(amount)), field(side, optional(address(account))));
  }

  private ObjectNode moment(String type, long id, String side, String account) {
    return event(type, field("id", value("UInt64", Long.toString(id))), field(side, optional(address(account))));
  }

  private ObjectNode event(String id, ObjectNode... fields) {
    final ObjectNode event = json.objectNode();
    event.put("type", "Event");
    final ObjectNode value = event.putObject("value");
    value.put("id", id);
    final ArrayNode list = value.putArray("fields");
    for (ObjectNode f : fields) {
      list.add(f);
    }
    return event;
  }

  private ObjectNode field(String name, ObjectNode value) {
    final ObjectNode f = json.objectNode();
    f.put("name", name);
    f.set("value", value);
    return f;
  }

  private ObjectNode value(String type, String value) {
    final ObjectNode v = json.objectNode();
    v.put("type", type);
    v.put("value", value);
    return v;
  }

  private ObjectNode ufix(long units) {
    return value("UFix64", String.format("%d.%08d", units / 1_0000_0000L, units % 1_0000_0000L));
  }

  private ObjectNode address(String address) {
    return value("Address", address);
  }

  private ObjectNode optional(ObjectNode inner) {
    final ObjectNode v = json.objectNode();
    v.put("type", "Optional");
    v.set("value", inner);
    return v;
  }

  private ObjectNode bytes(String seed, int length) {
    final ObjectNode v = json.objectNode();
    v.put("type", "Array");
    final ArrayNode items = v.putArray("value");
    final byte[] data = digest(seed, length);
    for (byte b : data) {
      items.add(value("UInt8", Integer.toString(b & 0xff)));
    }
    return v;
  }

  private ObjectNode enumValue(String id, int raw) {
    final ObjectNode v = json.objectNode();
    v.put("type", "Enum");
    final ObjectNode inner = v.putObject("value");
    inner.put("id", id);
    inner.putArray("fields").add(field("rawValue", value("UInt8", Integer.toString(raw))));
    return v;
  }

  static String collectionId(int index) {
    return sha("collection/" + height(index));
  }

  static String sha(String seed) {
    return HexFormat.of().formatHex(digest(seed, 32));
  }

  private static String b64(String seed, int length) {
    return Base64.getEncoder().encodeToString(digest(seed, length));
  }

  /** {@code length} deterministic bytes: SHA-256 of the seed, extended with counters. */
  private static byte[] digest(String seed, int length) {
    try {
      final byte[] out = new byte[length];
      for (int offset = 0, n = 0; offset < length; n++) {
        final byte[] block = MessageDigest.getInstance("SHA-256")
            .digest(("blockwire/fixture/flow-mainnet/" + seed + (n == 0 ? "" : "#" + n)).getBytes(StandardCharsets.UTF_8));
        final int take = Math.min(block.length, length - offset);
        System.arraycopy(block, 0, out, offset, take);
        offset += take;
      }
      return out;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
