package io.phoenix.testnet;

import io.phoenix.protocol.p2p.PeerId;
import java.nio.file.Path;

/** One node of a local testnet: its home, identity, listen address and (once started) process and control URL. */
public record TestnetNode(String name, Path home, PeerId peerId, String multiaddr, boolean writer) {}
