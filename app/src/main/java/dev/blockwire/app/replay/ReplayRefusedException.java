package dev.blockwire.app.replay;

import java.util.List;

/** The replay would write into topics that already hold records, and {@code --force} was not given. */
public final class ReplayRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ReplayRefusedException(List<String> topics) {
    super("refusing to write into topics that already hold records: " + String.join(", ", topics)
        + " (choose another --output-suffix/--output-prefix, or --force to empty them first)");
  }
}
