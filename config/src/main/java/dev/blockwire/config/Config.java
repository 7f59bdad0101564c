package dev.blockwire.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Layered settings: defaults, then a properties file, then environment variables
 * ({@code BLOCKWIRE_*}), then explicit overrides (command-line options). Immutable.
 */
public final class Config {

  private final Map<String, String> values;
  private final Map<String, String> env;

  private Config(Map<String, String> values, Map<String, String> env) {
    this.values = Map.copyOf(values);
    this.env = Map.copyOf(env);
  }

  /** Only defaults and the process environment. */
  public static Config fromEnvironment() {
    return new Config(Map.of(), System.getenv());
  }

  /** Defaults only: for tests, which must not depend on the machine's environment. */
  public static Config defaults() {
    return new Config(Map.of(), Map.of());
  }

  /** A properties file (if given) under the process environment. */
  public static Config load(Path propertiesFile) throws IOException {
    return fromEnvironment().withFile(propertiesFile);
  }

  public Config withFile(Path propertiesFile) throws IOException {
    final Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    final Map<String, String> merged = new HashMap<>(values);
    for (String name : properties.stringPropertyNames()) {
      merged.put(name, properties.getProperty(name));
    }
    return new Config(merged, env);
  }

  /** Explicit values (e.g. command-line options); they win over the environment. */
  public Config with(String name, String value) {
    final Map<String, String> merged = new HashMap<>(values);
    merged.put(name, value);
    final Map<String, String> envWithout = new HashMap<>(env);
    envWithout.remove(new Setting<>(name, "", "", s -> s).envName());
    return new Config(merged, envWithout);
  }

  /** The raw text of a setting after layering. */
  public String raw(Setting<?> setting) {
    final String fromEnv = env.get(setting.envName());
    if (fromEnv != null) {
      return fromEnv;
    }
    return values.getOrDefault(setting.name(), setting.defaultValue());
  }

  /**
   * The value of a setting.
   *
   * @throws IllegalArgumentException naming the setting, its source and the problem
   */
  public <T> T get(Setting<T> setting) {
    final String raw = raw(setting);
    try {
      return setting.parser().apply(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          setting.name() + " (" + setting.envName() + "): " + e.getMessage(), e);
    }
  }

  /**
   * Reads every setting and reports every problem at once.
   *
   * @throws IllegalArgumentException listing all invalid settings, one per line
   */
  public void validate(List<Setting<?>> settings) {
    final List<String> problems = new ArrayList<>();
    for (Setting<?> setting : settings) {
      try {
        get(setting);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid configuration:\n  " + String.join("\n  ", problems));
    }
  }
}
