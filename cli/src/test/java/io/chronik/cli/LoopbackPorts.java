package io.chronik.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for the nodes a test starts, where a node must know its port (or a peer's) in advance. */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /** A port that was free on loopback a moment ago. */
  public static int free() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
