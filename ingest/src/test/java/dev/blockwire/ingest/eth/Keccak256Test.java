package dev.blockwire.ingest.eth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.blockwire.ingest.fixture.FixtureHashes;

class Keccak256Test {

  @Test
  void shouldMatchEthereumsKeccakVectors() {
    assertThat(FixtureHashes.hex(Keccak256.hash("")))
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(FixtureHashes.hex(Keccak256.hash("Transfer(address,address,uint256)")))
        .isEqualTo(EthFixtureChain.TRANSFER_TOPIC);
    assertThat(FixtureHashes.hex(Keccak256.hash("Approval(address,address,uint256)")))
        .isEqualTo("0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925");
    // around the 136-byte rate (values from ethers' keccak256)
    assertThat(FixtureHashes.hex(Keccak256.hash("a".repeat(135))))
        .isEqualTo("0x34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446");
    assertThat(FixtureHashes.hex(Keccak256.hash("a".repeat(136))))
        .isEqualTo("0xa6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e");
    assertThat(FixtureHashes.hex(Keccak256.hash("a".repeat(300))))
        .isEqualTo("0x5b7e0e47a96f32a88b4f14ca177982790807c40e1a105742ba0fc1babe1ef826");
  }
}
