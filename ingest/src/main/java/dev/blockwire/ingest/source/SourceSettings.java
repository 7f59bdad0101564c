package dev.blockwire.ingest.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import dev.blockwire.config.Setting;

/**
 * Setting parsers and validation checks shared by the node-following sources' configs. The checks add
 * what is wrong to a list, so a config reports every problem at once ({@link #throwIfAny}).
 */
public final class SourceSettings {

  private SourceSettings() {
  }

  /** An optional block height: empty when blank, else a decimal {@code >= 0}. */
  public static Setting<OptionalLong> optionalHeight(String name, String description) {
    return new Setting<>(name, "", description, text -> {
      if (text.isBlank()) {
        return OptionalLong.empty();
      }
      final long value;
      try {
        value = Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a block height: \"" + text + "\"");
      }
      if (value < 0) {
        throw new IllegalArgumentException("a block height is >= 0: " + value);
      }
      return OptionalLong.of(value);
    });
  }

  /**
   * A URL with a host and one of {@code schemes}.
   *
   * @param expected how a refusal describes a good URL, e.g. {@code "http:// or https://HOST[:PORT]"}
   */
  public static URI url(String text, List<String> schemes, String expected) {
    final URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: \"" + text + "\"");
    }
    final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme) || uri.getHost() == null) {
      throw new IllegalArgumentException("expected " + expected + " but found \"" + text + "\"");
    }
    return uri;
  }

  public static void requireText(String value, String name, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add(name + " must not be blank");
    }
  }

  public static void requirePositive(Duration value, String name, List<String> problems) {
    if (value == null || value.isNegative() || value.isZero()) {
      problems.add(name + " must be positive: " + value);
    }
  }

  /** An {@code end} below {@code start} (both given) is a problem, named after their settings. */
  public static void requireOrdered(OptionalLong start, OptionalLong end, Setting<?> startSetting,
      Setting<?> endSetting, List<String> problems) {
    if (end.isPresent() && start.isPresent() && end.getAsLong() < start.getAsLong()) {
      problems.add(endSetting.name() + " " + end.getAsLong() + " is below " + startSetting.name() + " "
          + start.getAsLong());
    }
  }

  /** A {@code retryMax} below {@code retryInitial} is a problem, named after their settings. */
  public static void requireRetryRange(Duration retryInitial, Duration retryMax, Setting<?> initialSetting,
      Setting<?> maxSetting, List<String> problems) {
    if (retryInitial != null && retryMax != null && retryMax.compareTo(retryInitial) < 0) {
      problems.add(maxSetting.name() + " " + retryMax.toMillis() + " is below " + initialSetting.name() + " "
          + retryInitial.toMillis());
    }
  }

  /**
   * @param what the config, e.g. {@code "NEAR source configuration"}
   * @throws IllegalArgumentException listing every problem, if there is any
   */
  public static void throwIfAny(List<String> problems, String what) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid " + what + ":\n  " + String.join("\n  ", problems));
    }
  }
}
