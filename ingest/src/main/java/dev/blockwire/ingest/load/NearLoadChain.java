package dev.blockwire.ingest.load;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.blockwire.schemas.AvroSerde;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.near.NearBlock;
import dev.blockwire.schemas.near.NearExecutionStatus;
import dev.blockwire.schemas.near.NearReceiptOutcome;

/**
 * A synthetic NEAR mainnet: finalized blocks (no reorgs; a height is skipped now and then, as on
 * mainnet) whose receipt outcomes carry NEP-297 event lines in the shapes mainnet contracts log
 * them, plus ordinary logs and a small share of invalid event lines.
 *
 * <p>Per block: {@code eventsPerBlock} event lines on average (uniform in [E/2, 3E/2]), of which
 * {@value #INVALID_SHARE} are invalid (missing {@code version}, not JSON, not an object, empty
 * {@code standard}); about {@value #ORDINARY_LOGS_PER_EVENT} ordinary log lines per event line; about
 * half as many receipts without logs as with; 2% of receipts failed (their events are kept with
 * {@code FAILURE}). Outcomes are in shard order over {@value #SHARDS} shards.
 *
 * <p>The emitting contract ({@code receiver_id}, the {@code account_id} of an event) is drawn from
 * {@value #CONTRACTS} contracts by a Zipf law (exponent 1.1: a few hot contracts such as
 * {@code intents.near} and {@code wrap.near}, a long tail); users from {@value #USERS} accounts
 * (exponent 1.0). Each contract emits one standard: nep141 (fungible tokens, 60%), nep171 (NFTs,
 * 30%), nep245 (multi-tokens, 10%). Names depend on rank only ({@link #contract(int)}), not on the
 * seed, so a load harness can pick filters that match "a few accounts".
 */
public final class NearLoadChain implements SyntheticChain<NearBlock> {

  public static final int CONTRACTS = 2_000;
  public static final int USERS = 100_000;
  public static final int SHARDS = 6;
  public static final double INVALID_SHARE = 0.01;
  public static final double ORDINARY_LOGS_PER_EVENT = 0.3;
  static final long FIRST_HEIGHT = 190_000_000L;
  /** 2026-03-04 17:35:00 UTC, then 600 ms per height, on the synthetic clock. */
  static final long FIRST_TIMESTAMP_NANOS = 1_772_645_700_000_000_000L;
  static final long BLOCK_NANOS = 600_000_000L;
  private static final long EPOCH_HEIGHTS = 43_200;

  private static final String[] TOP_CONTRACTS = {"intents.near", "wrap.near", "usdt.tether-token.near",
      "17208628f84f5d6ad33f0da3bbbeb27ffcb398eac501a31bd6ad2011e36133a1", "token.sweat", "game.hot.tg",
      "nft.nearapps.near", "x.paras.near", "v2_1.omni.hot.tg", "aurora"};
  private static final String[] TOP_STANDARDS = {"nep245", "nep141", "nep141", "nep141", "nep141", "nep141",
      "nep171", "nep171", "nep245", "nep141"};

  private final LoadProfile profile;
  private final SplittableRandom random;
  private final Zipf contracts = new Zipf(CONTRACTS, 1.1);
  private final Zipf users = new Zipf(USERS, 1.0);
  private final String[] contractNames = new String[CONTRACTS];
  private final String[] userNames = new String[USERS];
  private long height = FIRST_HEIGHT;
  private long timestampNanos = FIRST_TIMESTAMP_NANOS;
  private String previousHash;
  private long epoch = -1;
  private String epochId;
  private long tokenSerial;

  /**
   * @throws IllegalArgumentException if the profile asks for reorgs (NEAR blocks are final)
   */
  public NearLoadChain(LoadProfile profile) {
    if (profile.reorgs()) {
      throw new IllegalArgumentException("NEAR blocks are final: a NEAR load profile has no reorgs (reorg-every 0)");
    }
    this.profile = profile;
    this.random = new SplittableRandom(profile.seed());
    this.previousHash = RandomText.base58Hash(new SplittableRandom(profile.seed() ^ 0x5eed));
    for (int i = 0; i < CONTRACTS; i++) {
      contractNames[i] = contract(i);
    }
    for (int i = 0; i < USERS; i++) {
      userNames[i] = user(i);
    }
  }

  /** The contract of a rank: the well-known mainnet names first, then {@code ft-00042.near} and the like. */
  public static String contract(int rank) {
    if (rank < TOP_CONTRACTS.length) {
      return TOP_CONTRACTS[rank];
    }
    return switch (standard(rank)) {
      case "nep171" -> "nft-" + padded(rank, 5) + ".near";
      case "nep245" -> "mt-" + padded(rank, 5) + ".near";
      default -> "ft-" + padded(rank, 5) + ".near";
    };
  }

  /** The NEP standard the contract of a rank emits. */
  public static String standard(int rank) {
    if (rank < TOP_STANDARDS.length) {
      return TOP_STANDARDS[rank];
    }
    final int bucket = rank % 10;
    return bucket < 6 ? "nep141" : bucket < 9 ? "nep171" : "nep245";
  }

  /** The user account of a rank. */
  public static String user(int rank) {
    return "user-" + padded(rank, 6) + ".near";
  }

  private static String padded(int value, int digits) {
    final String text = Integer.toString(value);
    return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
  }

  @Override
  public String network() {
    return profile.network();
  }

  @Override
  public String topic() {
    return Topics.NEAR_BLOCKS_RAW;
  }

  @Override
  public AvroSerde<NearBlock> serde() {
    return Serdes.NEAR_BLOCK;
  }

  @Override
  public NearBlock next() {
    if (random.nextInt(50) == 0) {
      height++; // a height without a block, as NEAR has now and then
      timestampNanos += BLOCK_NANOS;
    }
    final String hash = RandomText.base58Hash(random);
    final List<List<NearReceiptOutcome>> shards = new ArrayList<>(SHARDS);
    for (int s = 0; s < SHARDS; s++) {
      shards.add(new ArrayList<>());
    }
    final int events = eventsThisBlock();
    int left = events;
    while (left > 0) {
      final int count = Math.min(left, random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(3));
      final int shard = random.nextInt(SHARDS);
      shards.get(shard).add(receiptWithEvents(shard, count));
      left -= count;
      if (random.nextInt(2) == 0) {
        final int other = random.nextInt(SHARDS);
        shards.get(other).add(receipt(other, contractNames[contracts.sample(random)], List.of()));
      }
    }
    final List<NearReceiptOutcome> outcomes = new ArrayList<>();
    shards.forEach(outcomes::addAll);
    final NearBlock block = NearBlock.newBuilder()
        .setNetwork(profile.network())
        .setHeight(height)
        .setHash(hash)
        .setPrevHash(previousHash)
        .setTimestampNanos(timestampNanos)
        .setEpochId(epochId(height))
        .setOutcomes(outcomes)
        .build();
    previousHash = hash;
    height++;
    timestampNanos += BLOCK_NANOS;
    return block;
  }

  private int eventsThisBlock() {
    final int mean = profile.eventsPerBlock();
    return mean == 0 ? 0 : mean / 2 + random.nextInt(mean + 1);
  }

  private String epochId(long blockHeight) {
    final long current = (blockHeight - FIRST_HEIGHT) / EPOCH_HEIGHTS;
    if (current != epoch) {
      epoch = current;
      epochId = RandomText.base58Hash(new SplittableRandom(profile.seed() * 31 + current));
    }
    return epochId;
  }

  private NearReceiptOutcome receiptWithEvents(int shard, int count) {
    final int rank = contracts.sample(random);
    final String contract = contractNames[rank];
    final String standard = standard(rank);
    final List<String> logs = new ArrayList<>(count + 1);
    for (int i = 0; i < count; i++) {
      if (random.nextDouble() < ORDINARY_LOGS_PER_EVENT) {
        logs.add(ordinaryLog(standard));
      }
      logs.add(random.nextDouble() < INVALID_SHARE ? invalidLine(standard) : eventLine(standard));
    }
    return receipt(shard, contract, logs);
  }

  private NearReceiptOutcome receipt(int shard, String receiver, List<String> logs) {
    final String signer = userNames[users.sample(random)];
    final boolean action = random.nextInt(5) != 0; // else a Data receipt: no signer
    return NearReceiptOutcome.newBuilder()
        .setReceiptId(RandomText.base58Hash(random))
        .setPredecessorId(random.nextInt(4) == 0 ? contractNames[contracts.sample(random)] : signer)
        .setReceiverId(receiver)
        .setSignerId(action ? signer : null)
        .setSignerPublicKey(action ? "ed25519:" + RandomText.base58Hash(random) : null)
        .setTxHash(RandomText.base58Hash(random))
        .setShardId(shard)
        .setStatus(random.nextInt(50) == 0 ? NearExecutionStatus.FAILURE : NearExecutionStatus.SUCCESS)
        .setLogs(logs)
        .build();
  }

  private String eventLine(String standard) {
    final StringBuilder line = new StringBuilder(256).append("EVENT_JSON:{\"standard\":\"").append(standard)
        .append("\",\"version\":\"").append(standard.equals("nep171") ? "1.2.0" : "1.0.0").append("\",\"event\":\"");
    final int pick = random.nextInt(10);
    switch (standard) {
      case "nep171" -> {
        if (pick < 4) {
          line.append("nft_mint\",\"data\":[{\"owner_id\":\"").append(randomUser())
              .append("\",\"token_ids\":[\"").append(++tokenSerial).append("\"]}]}");
        } else {
          line.append("nft_transfer\",\"data\":[{\"old_owner_id\":\"").append(randomUser())
              .append("\",\"new_owner_id\":\"").append(randomUser()).append("\",\"token_ids\":[\"")
              .append(random.nextInt(1_000_000)).append("\"]}]}");
        }
      }
      case "nep245" -> {
        if (pick < 6) {
          line.append("mt_transfer\",\"data\":[{\"old_owner_id\":\"").append(randomUser())
              .append("\",\"new_owner_id\":\"").append(randomUser()).append("\",\"token_ids\":[\"nep141:")
              .append(contractNames[random.nextInt(10) + 1]).append("\"],\"amounts\":[\"").append(amount()).append("\"]}]}");
        } else {
          line.append(pick < 8 ? "mt_mint" : "mt_burn").append("\",\"data\":[{\"owner_id\":\"").append(randomUser())
              .append("\",\"token_ids\":[\"nep141:wrap.near\"],\"amounts\":[\"").append(amount()).append("\"]}]}");
        }
      }
      default -> {
        if (pick < 7) {
          line.append("ft_transfer\",\"data\":[{\"old_owner_id\":\"").append(randomUser())
              .append("\",\"new_owner_id\":\"").append(randomUser()).append("\",\"amount\":\"").append(amount())
              .append(random.nextInt(4) == 0 ? "\",\"memo\":\"transfer\"}]}" : "\"}]}");
        } else {
          line.append(pick < 9 ? "ft_mint" : "ft_burn").append("\",\"data\":[{\"owner_id\":\"").append(randomUser())
              .append("\",\"amount\":\"").append(amount()).append("\"}]}");
        }
      }
    }
    return line.toString();
  }

  private String invalidLine(String standard) {
    return switch (random.nextInt(4)) {
      case 0 -> "EVENT_JSON:{\"standard\":\"" + standard + "\",\"event\":\"ft_transfer\",\"data\":[]}";
      case 1 -> "EVENT_JSON:{\"standard\":\"" + standard + "\",\"version\":\"1.0.0\",\"event\":\"ft_tra";
      case 2 -> "EVENT_JSON:[\"" + standard + "\"]";
      default -> "EVENT_JSON:{\"standard\":\"\",\"version\":\"1.0.0\",\"event\":\"ft_transfer\"}";
    };
  }

  private String ordinaryLog(String standard) {
    return switch (standard) {
      case "nep171" -> "Transfer " + random.nextInt(1_000_000) + " from " + randomUser() + " to " + randomUser();
      case "nep245" -> "Refund " + amount() + " of nep141:wrap.near to " + randomUser();
      default -> "Transfer " + amount() + " from " + randomUser() + " to " + randomUser();
    };
  }

  private String randomUser() {
    return userNames[users.sample(random)];
  }

  private String amount() {
    return Long.toString(random.nextLong(1, 1L << 62)) + "000000";
  }

  @Override
  public void stampTime(NearBlock block, long epochNanos) {
    block.setTimestampNanos(epochNanos);
  }

  @Override
  public long height(NearBlock block) {
    return block.getHeight();
  }

  @Override
  public String hash(NearBlock block) {
    return block.getHash();
  }

  /** Event lines: every log that starts with {@code EVENT_JSON:} (valid or not). */
  @Override
  public int eventCount(NearBlock block) {
    int count = 0;
    for (NearReceiptOutcome outcome : block.getOutcomes()) {
      for (String log : outcome.getLogs()) {
        if (log.startsWith("EVENT_JSON:")) {
          count++;
        }
      }
    }
    return count;
  }
}
