package io.chronik.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for the nodes a test starts, where a node must know its port (or a peer's) in advance. */
public final class LoopbackPorts {
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  /**
   * A port that was free on loopback a moment ago, for a node that must know its port (or a peer's)
   * before it binds. It is taken from below the kernel's ephemeral range (32768–60999 by default),
   * so that no outgoing connection (the test's own clients, the nodes' peer links) can be given it
   * between this probe and the node's bind; a port of the ephemeral range could be, and the node
   * would then fail to start with "address already in use". Ports are not handed out twice by one
   * JVM.
   */
  public static int free() throws IOException {
    int low = 20_000;
    int high = ephemeralLow();
    if (high - low < 1_000) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      }
    }
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(low, high);
      if (!GIVEN.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(false);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IOException("no free loopback port between " + low + " and " + high);
  }

  /** The first port of the kernel's ephemeral range (Linux; 32768 where it cannot be read). */
  private static int ephemeralLow() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
