package dev.blockwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockwire.gateway.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Node.js programs in {@code clients/node} that the real-client tests run (ethers, viem,
 * ganache): checks that node and npm are there (without them a test fails, it does not skip),
 * installs the pinned packages under {@code clients/node} ({@code npm ci}, never globally), runs a
 * program with a time limit and reads its {@code RESULT {json}} line.
 */
final class NodeScripts {

  static final Path CLIENTS = Path.of("..", "clients", "node").toAbsolutePath().normalize();
  private static final Logger LOG = LoggerFactory.getLogger(NodeScripts.class);
  private static final Duration NPM_CI = Duration.ofMinutes(5);

  /** A finished program: its exit code and its output and errors, merged. */
  record Result(int exit, String output) {}

  /**
   * Fails {@code test} unless node and npm run; then runs {@code npm ci} unless every one of
   * {@code packages} is installed.
   */
  static void requireClients(String test, String... packages) throws IOException, InterruptedException {
    requireOnPath(test, "node", "--version");
    requireOnPath(test, "npm", "--version");
    assertThat(CLIENTS.resolve("package-lock.json")).as("the pinned JS packages").exists();
    boolean installed = true;
    for (String name : packages) {
      installed &= Files.exists(CLIENTS.resolve("node_modules").resolve(name).resolve("package.json"));
    }
    if (!installed) {
      final Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), NPM_CI);
      assertThat(npm.exit()).as("npm ci in %s:%n%s", CLIENTS, npm.output()).isZero();
    }
  }

  private static void requireOnPath(String test, String command, String versionFlag) {
    try {
      final Result version = run(List.of(command, versionFlag), Duration.ofSeconds(30));
      if (version.exit() != 0) {
        fail(command + " " + versionFlag + " failed (exit " + version.exit() + "): " + version.output());
      }
      LOG.info("{} {}", command, version.output().strip());
    } catch (IOException e) {
      fail(test + " needs Node.js 20+ and npm on the PATH (CI has them; `" + command
          + "` could not be started: " + e.getMessage() + "). Install Node.js, then run `npm ci --prefix clients/node`.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while checking " + command);
    }
  }

  /** Runs a command in clients/node, no input, output and errors merged, killed after {@code timeout}. */
  static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
    final Process process = new ProcessBuilder(command).directory(CLIENTS.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final Thread reader = new Thread(() -> {
      try (InputStream in = process.getInputStream()) {
        in.transferTo(output);
      } catch (IOException e) {
        // the process was killed; what was read so far is kept
      }
    }, "output-of-" + command.get(0));
    reader.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      reader.join(5_000);
      fail(String.join(" ", command) + " did not finish within " + timeout + "; output so far:\n"
          + output.toString(StandardCharsets.UTF_8));
    }
    reader.join(5_000);
    return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
  }

  /** The program's last {@code RESULT {json}} line. */
  static JsonNode result(String output) throws IOException {
    final List<String> results = new ArrayList<>();
    output.lines().filter(line -> line.startsWith("RESULT ")).forEach(results::add);
    assertThat(results).as("a RESULT line in:%n%s", output).isNotEmpty();
    return Json.MAPPER.readTree(results.get(results.size() - 1).substring("RESULT ".length()));
  }

  private NodeScripts() {}
}
