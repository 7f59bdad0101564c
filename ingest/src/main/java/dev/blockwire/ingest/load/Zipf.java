package dev.blockwire.ingest.load;

import java.util.SplittableRandom;

/**
 * Ranks {@code 0 .. n-1} drawn with probability proportional to {@code 1 / (rank + 1)^exponent}: a
 * few hot accounts and contracts, a long tail. Immutable and thread-safe; the randomness comes
 * from the caller's generator, so draws are as deterministic as its seed.
 */
public final class Zipf {

  private final double[] cumulative;

  /**
   * @param n number of ranks, at least 1
   * @param exponent skew, {@code >= 0} (0 is uniform; 1 to 1.2 is typical of chain activity)
   */
  public Zipf(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1: " + n);
    }
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("exponent must be a finite number >= 0: " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, exponent);
      cumulative[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
    cumulative[n - 1] = 1.0;
  }

  public int size() {
    return cumulative.length;
  }

  /** The probability of one rank. */
  public double probability(int rank) {
    return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
  }

  /** One draw. */
  public int sample(SplittableRandom random) {
    final double u = random.nextDouble();
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      final int mid = (low + high) >>> 1;
      if (cumulative[mid] < u) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
