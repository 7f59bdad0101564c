package dev.blockwire.ingest.load;

import java.util.Locale;

/** The chains the load generator can write; a new chain adds a constant and its {@link SyntheticChain}. */
public enum LoadChains {
  NEAR("near-mainnet") {
    @Override
    public SyntheticChain<?> create(LoadProfile profile) {
      return new NearLoadChain(profile);
    }
  },
  ETH("eth-mainnet") {
    @Override
    public SyntheticChain<?> create(LoadProfile profile) {
      return new EthLoadChain(profile);
    }
  },
  FLOW("flow-mainnet") {
    @Override
    public SyntheticChain<?> create(LoadProfile profile) {
      return new FlowLoadChain(profile);
    }
  };

  private final String defaultNetwork;

  LoadChains(String defaultNetwork) {
    this.defaultNetwork = defaultNetwork;
  }

  /** The network name used when none is given (e.g. {@code near-mainnet}). */
  public String defaultNetwork() {
    return defaultNetwork;
  }

  /**
   * The synthetic chain of this kind for a profile.
   *
   * @throws IllegalArgumentException if the profile does not fit the chain (reorgs on NEAR or Flow)
   */
  public abstract SyntheticChain<?> create(LoadProfile profile);

  /** By name, case-insensitively: {@code near}, {@code eth}, {@code flow}. */
  public static LoadChains of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
