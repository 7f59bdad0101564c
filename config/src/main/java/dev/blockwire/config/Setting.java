package dev.blockwire.config;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting: its property name, default, description and parser. Its environment variable is
 * derived from the name ({@code gateway.port} is {@code BLOCKWIRE_GATEWAY_PORT}).
 *
 * @param name property name, dotted, e.g. {@code gateway.port}
 * @param defaultValue the default as text; never null (use "" for "unset")
 * @param description one line for --help and docs
 * @param parser text to value; throws IllegalArgumentException with a readable message on bad input
 */
public record Setting<T>(String name, String defaultValue, String description, Function<String, T> parser) {

  public Setting {
    Objects.requireNonNull(name);
    Objects.requireNonNull(defaultValue);
    Objects.requireNonNull(description);
    Objects.requireNonNull(parser);
  }

  public static Setting<String> string(String name, String defaultValue, String description) {
    return new Setting<>(name, defaultValue, description, s -> s);
  }

  public static Setting<Integer> integer(String name, int defaultValue, int min, int max, String description) {
    return new Setting<>(name, Integer.toString(defaultValue), description, s -> {
      final int value;
      try {
        value = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer: \"" + s + "\"");
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(value + " is outside [" + min + ", " + max + "]");
      }
      return value;
    });
  }

  public static Setting<Long> longInteger(String name, long defaultValue, long min, long max, String description) {
    return new Setting<>(name, Long.toString(defaultValue), description, s -> {
      final long value;
      try {
        value = Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an integer: \"" + s + "\"");
      }
      if (value < min || value > max) {
        throw new IllegalArgumentException(value + " is outside [" + min + ", " + max + "]");
      }
      return value;
    });
  }

  public static Setting<Boolean> bool(String name, boolean defaultValue, String description) {
    return new Setting<>(name, Boolean.toString(defaultValue), description, s -> {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "true": return true;
        case "false": return false;
        default: throw new IllegalArgumentException("not true or false: \"" + s + "\"");
      }
    });
  }

  /** The environment variable that overrides this setting. */
  public String envName() {
    return "BLOCKWIRE_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
