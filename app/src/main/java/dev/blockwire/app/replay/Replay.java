package dev.blockwire.app.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.blockwire.broker.TopicAdmin;
import dev.blockwire.processor.BlockwireProcessor;
import dev.blockwire.processor.ProcessorConfig;
import dev.blockwire.processor.TopicNames;
import dev.blockwire.schemas.Serdes;
import dev.blockwire.schemas.Topics;
import dev.blockwire.schemas.eth.EthChainUpdate;

/**
 * Re-runs a height range of the raw topics through the processor's own topologies into fresh
 * output topics, leaving the live processor, its consumer group and its topics untouched.
 *
 * <ol>
 *   <li>Refuses output topics that hold records (unless forced: then they are emptied), and creates
 *       the missing ones with the live topics' partition counts and configs, so keyed records land
 *       in the same partitions, in the same order per key, as the live ones.
 *   <li>Copies the needed raw records (see {@link RawPartitionReader}) to copies of the raw topics
 *       ({@code <raw><suffix>}), which a Kafka Streams application of its own (application id
 *       {@code <processor.application.id>-replay-...}, fresh state) reads with the live topology on
 *       renamed topics ({@link TopicNames}). The copy makes the input exactly the range, so the
 *       processor stops at its end, and keeps what the dead letters point at.
 *   <li>The seed runs first: when its offsets are committed (exactly-once: its outputs are then
 *       committed too), the outputs' ends are marked; the range follows; at the end everything
 *       before the marks is deleted, so the outputs hold exactly what the range produced.
 *   <li>Counts the outputs, deletes the application's consumer group, internal topics and state.
 * </ol>
 */
public final class Replay {

  private static final Logger log = LoggerFactory.getLogger(Replay.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Set<KafkaStreams.State> FAILED = EnumSet.of(KafkaStreams.State.PENDING_ERROR,
      KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.NOT_RUNNING);

  private final ProcessorConfig base;
  private final ReplayRequest request;
  private final Progress progress;
  private final Duration timeout;

  /**
   * @param base the live processor's settings: cluster, application id (the replay's id derives from
   *     it), commit interval, replication factor, Ethereum window depth
   */
  public Replay(ProcessorConfig base, ReplayRequest request, Progress progress) {
    this.base = base;
    this.request = request;
    this.progress = progress;
    this.timeout = Duration.ofSeconds(30);
  }

  /**
   * Runs the replay to its end.
   *
   * @throws ReplayRefusedException if an output topic holds records and the request does not force
   * @throws IllegalStateException if a raw topic is missing, the processor fails or nothing advances
   *     for the stall timeout
   */
  public ReplaySummary run() throws InterruptedException {
    final long started = System.nanoTime();
    final String servers = base.bootstrapServers();
    final TopicNames names = request.replayNames();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
      final ReplayTopics topics = new ReplayTopics(admin, servers, timeout);
      final List<Input> inputs = inputs(topics);
      final List<String> outputs = outputs(names);
      prepareTopics(topics, inputs, outputs);
      final String applicationId = base.applicationId() + "-replay-" + tag() + "-" + System.currentTimeMillis();
      final Path stateDir = createStateDir();
      final ProcessorConfig config = base.withApplicationId(applicationId).withStateDir(stateDir);
      final Map<TopicPartition, Long> marks;
      try {
        marks = process(topics, config, names, inputs, outputs);
      } finally {
        cleanUp(topics, applicationId, stateDir);
      }
      topics.deleteBefore(marks);
      return summarize(topics, names, inputs, outputs, started);
    }
  }

  /** One raw partition with the reader of its range and where its copy stands. */
  private record Input(ReplayChain.RawTopic raw, String copy, List<RawPartitionReader> readers) {}

  private List<Input> inputs(ReplayTopics topics) {
    final List<Input> inputs = new ArrayList<>();
    for (ReplayChain chain : request.orderedChains()) {
      for (ReplayChain.RawTopic raw : chain.rawTopics(TopicNames.DEFAULT)) {
        if (topics.partitions(raw.name()).isEmpty()) {
          throw new IllegalStateException("the raw topic " + raw.name() + " does not exist on " + base.bootstrapServers());
        }
        inputs.add(new Input(raw, request.rename(raw.name()), new ArrayList<>()));
      }
    }
    return inputs;
  }

  private List<String> outputs(TopicNames names) {
    final List<String> outputs = new ArrayList<>();
    for (ReplayChain chain : request.orderedChains()) {
      outputs.addAll(chain.outputs(names));
    }
    outputs.add(names.deadLetters());
    return outputs;
  }

  private void prepareTopics(ReplayTopics topics, List<Input> inputs, List<String> outputs) {
    final Map<String, String> liveNameOf = new LinkedHashMap<>();
    inputs.forEach(input -> liveNameOf.put(input.copy(), input.raw().name()));
    final Map<String, String> defaults = request.replayNames().byDefaultName();
    defaults.forEach((live, replay) -> {
      if (outputs.contains(replay)) {
        liveNameOf.put(replay, live);
      }
    });
    final List<String> full = liveNameOf.keySet().stream().filter(topics::holdsRecords).toList();
    if (!full.isEmpty() && !request.force()) {
      throw new ReplayRefusedException(full);
    }
    final List<Topics.Spec> specs = new ArrayList<>();
    liveNameOf.forEach((name, live) -> {
      final Topics.Spec liveSpec = Topics.all().stream().filter(s -> s.name().equals(live)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no topic spec for " + live));
      specs.add(new Topics.Spec(name, topics.partitions(live).orElse(liveSpec.partitions()), liveSpec.configs()));
    });
    TopicAdmin.ensureTopics(base.bootstrapServers(), specs, (short) base.replicationFactor(), Map.of(), timeout);
    for (String topic : full) {
      log.info("emptying {} (--force)", topic);
      topics.empty(topic);
    }
  }

  /** Copies and processes the seed and the range; returns the outputs' ends after the seed. */
  private Map<TopicPartition, Long> process(ReplayTopics topics, ProcessorConfig config, TopicNames names,
      List<Input> inputs, List<String> outputs) throws InterruptedException {
    final Topology topology = new Topology();
    request.orderedChains().forEach(chain -> chain.addTo(topology, config, names));
    final List<TopicPartition> copies = new ArrayList<>();
    final List<TopicPartition> blockCopies = new ArrayList<>();
    final List<TopicPartition> outputPartitions = new ArrayList<>();
    outputs.forEach(topic -> outputPartitions.addAll(topics.partitionsOf(topic)));
    final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    try (BlockwireProcessor processor = new BlockwireProcessor(config, topology);
        KafkaProducer<byte[], byte[]> producer = producer(config.bootstrapServers())) {
      for (Input input : inputs) {
        for (TopicPartition raw : topics.partitionsOf(input.raw().name())) {
          input.readers().add(new RawPartitionReader(config.bootstrapServers(), raw, input.raw().heights(),
              request.fromHeight(), request.toHeight(), request.seedBlocks(), timeout));
          final TopicPartition copy = new TopicPartition(input.copy(), raw.partition());
          copies.add(copy);
          if (input.raw().blocks()) {
            blockCopies.add(copy);
          }
        }
      }
      final Map<TopicPartition, Long> begins = topics.ends(copies);
      processor.start();

      progress.phase("seeding");
      copyAll(inputs, producer, sendFailure, true);
      final Map<TopicPartition, Long> seedEnds = topics.ends(copies);
      await(topics, processor, config.applicationId(), begins, seedEnds, blockCopies, begins);
      // The group's offsets show the seed committed as soon as its transaction commits, but the commit
      // markers reach the output partitions a moment later, so their stable ends may still be before the
      // seed's outputs. Every seed output is below the high watermark by now (sent before the commit) and
      // nothing else is being processed: that is where the range's outputs begin.
      final Map<TopicPartition, Long> marks = topics.ends(outputPartitions);

      progress.phase("reading");
      copyAll(inputs, producer, sendFailure, false);
      final Map<TopicPartition, Long> ends = topics.ends(copies);

      progress.phase("processing");
      await(topics, processor, config.applicationId(), begins, ends, blockCopies, seedEnds);
      progress.finishLine();
      return marks;
    } finally {
      inputs.forEach(input -> input.readers().forEach(RawPartitionReader::close));
    }
  }

  private void copyAll(List<Input> inputs, KafkaProducer<byte[], byte[]> producer,
      AtomicReference<Exception> sendFailure, boolean seed) {
    final long total = inputs.stream().flatMap(i -> i.readers().stream()).mapToLong(r -> r.end() - r.start()).sum();
    final AtomicLong copied = new AtomicLong();
    for (Input input : inputs) {
      for (RawPartitionReader reader : input.readers()) {
        final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> send = record -> {
          producer.send(new ProducerRecord<>(input.copy(), record.partition(), record.timestamp(), record.key(),
              record.value(), record.headers()), (metadata, error) -> {
                if (error != null) {
                  sendFailure.compareAndSet(null, error);
                }
              });
          if (copied.incrementAndGet() % 512 == 0 && !seed) {
            progress.update(readSoFar(inputs), total, "offsets");
          }
        };
        if (seed) {
          reader.copySeed(send);
        } else {
          reader.copyRange(send);
        }
      }
    }
    producer.flush();
    if (sendFailure.get() != null) {
      throw new IllegalStateException("copying the raw range failed: " + sendFailure.get().getMessage(),
          sendFailure.get());
    }
    if (!seed) {
      progress.update(total, total, "offsets");
    }
  }

  private static long readSoFar(List<Input> inputs) {
    return inputs.stream().flatMap(i -> i.readers().stream()).mapToLong(r -> r.position() - r.start()).sum();
  }

  /**
   * Waits until the replay application has committed {@code targets} on every copy partition,
   * reporting the block partitions' progress from {@code progressFrom}.
   */
  private void await(ReplayTopics topics, BlockwireProcessor processor, String applicationId,
      Map<TopicPartition, Long> begins, Map<TopicPartition, Long> targets, List<TopicPartition> blockCopies,
      Map<TopicPartition, Long> progressFrom) throws InterruptedException {
    final long total = blockCopies.stream().mapToLong(p -> targets.get(p) - progressFrom.get(p)).sum();
    long lastAdvance = System.nanoTime();
    long lastSum = -1;
    while (true) {
      final Map<TopicPartition, Long> committed = topics.committed(applicationId);
      long sum = 0;
      boolean reached = true;
      for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
        final long at = committed.getOrDefault(target.getKey(), begins.get(target.getKey()));
        reached &= at >= target.getValue();
        sum += at;
      }
      final long done = blockCopies.stream()
          .mapToLong(p -> Math.min(targets.get(p), Math.max(progressFrom.get(p),
              committed.getOrDefault(p, begins.get(p)))) - progressFrom.get(p))
          .sum();
      progress.update(done, total, "blocks");
      if (reached) {
        return;
      }
      if (FAILED.contains(processor.state())) {
        throw new IllegalStateException("the replay processor stopped (" + processor.state() + "); see the log");
      }
      if (sum != lastSum) {
        lastSum = sum;
        lastAdvance = System.nanoTime();
      } else if (System.nanoTime() - lastAdvance > request.stallTimeout().toNanos()) {
        throw new IllegalStateException("the replay processor made no progress for " + request.stallTimeout().toSeconds()
            + " s (state " + processor.state() + ")");
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private ReplaySummary summarize(ReplayTopics topics, TopicNames names, List<Input> inputs, List<String> outputs,
      long started) {
    final Map<String, Long> counts = new LinkedHashMap<>();
    final AtomicLong reorgs = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong removed = new AtomicLong();
    for (String output : outputs) {
      final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> inspect;
      if (output.equals(names.ethChain())) {
        inspect = record -> {
          final EthChainUpdate update = Serdes.ETH_CHAIN_UPDATE.decode(record.value());
          if (!update.getDropped().isEmpty()) {
            reorgs.incrementAndGet();
            dropped.addAndGet(update.getDropped().size());
          }
        };
      } else if (output.equals(names.ethLogs())) {
        inspect = record -> {
          if (Serdes.ETH_LOG.decode(record.value()).getRemoved()) {
            removed.incrementAndGet();
          }
        };
      } else {
        inspect = record -> { };
      }
      counts.put(output, topics.forEach(output, inspect));
    }
    final List<ReplaySummary.Input> read = inputs.stream().map(input -> new ReplaySummary.Input(input.raw().name(),
        input.copy(), input.raw().blocks(), sum(input, RawPartitionReader::rangeRecords),
        sum(input, RawPartitionReader::seedRecords), sum(input, RawPartitionReader::contextRecords),
        sum(input, RawPartitionReader::undecodable),
        input.readers().stream().mapToLong(RawPartitionReader::lastHeight).max().orElse(-1))).toList();
    if (request.deleteInput()) {
      topics.delete(inputs.stream().map(Input::copy).toList());
    }
    return new ReplaySummary(request.orderedChains(), request.fromHeight(), request.toHeight(), request.seedBlocks(),
        read, counts, names.deadLetters(), reorgs.get(), dropped.get(), removed.get(),
        (System.nanoTime() - started) / 1_000_000L, request.deleteInput());
  }

  private static long sum(Input input, java.util.function.ToLongFunction<RawPartitionReader> counter) {
    return input.readers().stream().mapToLong(counter).sum();
  }

  /** Deletes what only this run's processor used: consumer group, internal topics, local state. */
  private void cleanUp(ReplayTopics topics, String applicationId, Path stateDir) {
    try {
      topics.delete(topics.topicsStartingWith(applicationId + "-"));
    } catch (RuntimeException e) {
      log.warn("could not delete the internal topics of {}: {}", applicationId, e.toString());
    }
    try {
      topics.deleteGroup(applicationId);
    } catch (RuntimeException e) {
      log.warn("could not delete the consumer group {}: {}", applicationId, e.toString());
    }
    try (Stream<Path> files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", stateDir, e.toString());
    }
  }

  private String tag() {
    final String tag = (request.outputPrefix() + request.outputSuffix()).replaceAll("[^a-zA-Z0-9_-]+", "-")
        .replaceAll("^-+|-+$", "");
    return tag.isEmpty() ? "run" : tag;
  }

  private static Path createStateDir() {
    try {
      return Files.createTempDirectory("blockwire-replay-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the replay's state directory", e);
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String servers) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_RECORD_BYTES,
        ProducerConfig.CLIENT_ID_CONFIG, "blockwire-replay-copy"),
        new ByteArraySerializer(), new ByteArraySerializer());
  }
}
