package dev.blockwire.processor.near;

import java.util.Locale;
import java.util.Objects;

/**
 * What {@link Nep297Parser#parse(String)} made of one log line. Errors are values here, not
 * exceptions: invalid lines are common on mainnet and cost nothing to report.
 */
public sealed interface Nep297Result
    permits Nep297Result.NotAnEvent, Nep297Result.Valid, Nep297Result.Invalid {

  /** An ordinary log line (it does not start with {@code EVENT_JSON:} once stripped): skip it. */
  record NotAnEvent() implements Nep297Result {
    /** The only instance needed; the record has no state. */
    public static final NotAnEvent INSTANCE = new NotAnEvent();
  }

  /**
   * A valid NEP-297 event.
   *
   * @param standard never null or empty
   * @param version never null or empty
   * @param event the event name; never null or empty
   * @param eventJson the whole object, compact, with the contract's key order and number literals
   *     exactly as written; never null
   */
  record Valid(String standard, String version, String event, String eventJson) implements Nep297Result {
    public Valid {
      Objects.requireNonNull(standard);
      Objects.requireNonNull(version);
      Objects.requireNonNull(event);
      Objects.requireNonNull(eventJson);
    }
  }

  /**
   * A line that starts with {@code EVENT_JSON:} but breaks a rule of NEP-297 (or of our limits).
   *
   * @param code which rule; never null
   * @param reason one readable English sentence, e.g. {@code "version" is missing}; never null
   */
  record Invalid(Code code, String reason) implements Nep297Result {
    public Invalid {
      Objects.requireNonNull(code);
      Objects.requireNonNull(reason);
    }
  }

  /** The rules an event line can break; {@link #code()} is what dead letters carry. */
  enum Code {
    /** The line is longer than {@link Nep297Parser#MAX_LOG_BYTES} bytes of UTF-8. */
    LOG_TOO_LARGE,
    /** The text after the prefix is not JSON (or is JSON we cannot carry, see the reason). */
    INVALID_JSON,
    /** More than one JSON value (e.g. two events in one line). */
    MULTIPLE_VALUES,
    /** One JSON value, but an array, string, number, boolean or null. */
    NOT_AN_OBJECT,
    /** {@code standard}, {@code version} or {@code event} is absent. */
    MISSING_FIELD,
    /** {@code standard}, {@code version} or {@code event} is not a string. */
    WRONG_TYPE,
    /** {@code standard}, {@code version} or {@code event} is the empty string. */
    EMPTY_FIELD,
    /** An object (at any depth) repeats a key. */
    DUPLICATE_KEY;

    /** The machine-readable code, e.g. {@code missing_field}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
