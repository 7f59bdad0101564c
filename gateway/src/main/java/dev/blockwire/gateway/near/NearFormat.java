package dev.blockwire.gateway.near;

import java.util.Optional;

/** The two event object forms a NEAR connection can ask for with {@code ?format=}. */
public enum NearFormat {
  /** events.near.stream's documented form (its 2022 rows): snake_case, heights as strings. Default. */
  SNAKE,
  /** events.near.stream's current form (2024): camelCase, numbers, tx hash and signer. */
  CAMEL;

  /** The format named by a {@code format} query parameter; absent means {@link #SNAKE}. */
  public static Optional<NearFormat> fromQuery(String value) {
    if (value == null || value.equals("snake")) {
      return Optional.of(SNAKE);
    }
    return value.equals("camel") ? Optional.of(CAMEL) : Optional.empty();
  }
}
