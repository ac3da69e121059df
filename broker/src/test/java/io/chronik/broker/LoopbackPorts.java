package io.chronik.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the nodes a test starts, where a node must know its port (or a peer's) in advance. The
 * cli module's tests use it too, from this module's test jar.
 */
public final class LoopbackPorts {
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  /**
   * A port that was free on loopback a moment ago, for a node that must know its port (or a peer's)
   * before it binds. It is taken from outside the kernel's ephemeral range (32768–60999 by default;
   * ports 20000 and up below it, else above it), so that no outgoing connection (the test's own
   * clients, the nodes' peer links) can be given it between this probe and the node's bind; a port
   * of the ephemeral range could be, and the node would then fail to start with CHR-1005 "address
   * already in use". Ports are not handed out twice by one JVM.
   */
  public static int free() throws IOException {
    return block(0);
  }

  /**
   * A base port {@code b} such that {@code b + offset} was free for every offset, for a script that
   * lays its nodes' ports out from one base (scripts/local-cluster.sh); chosen like {@link
   * #free()}.
   */
  public static int block(int... offsets) throws IOException {
    int[] range = quietRange();
    int span = Arrays.stream(offsets).max().orElse(0);
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(range[0], range[1] - span);
      if (Arrays.stream(offsets).allMatch(o -> take(base + o))) {
        return base;
      }
    }
    throw new IOException(
        "no free loopback ports between " + range[0] + " and " + range[1] + " for this test");
  }

  private static boolean take(int port) {
    if (!GIVEN.add(port)) {
      return false;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /**
   * The ports outside the kernel's ephemeral range to choose from, [low, high): 20000 up to the
   * range when there are at least 1000, else above the range; the Linux default where the range
   * cannot be read.
   */
  private static int[] quietRange() {
    int ephemeralLow = 32_768;
    int ephemeralHigh = 60_999;
    try {
      String[] range =
          Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      ephemeralLow = Integer.parseInt(range[0]);
      ephemeralHigh = Integer.parseInt(range[1]);
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: keep the default
    }
    if (ephemeralLow - 20_000 >= 1_000) {
      return new int[] {20_000, ephemeralLow};
    }
    if (65_535 - ephemeralHigh >= 1_000) {
      return new int[] {ephemeralHigh + 1, 65_536};
    }
    if (ephemeralLow - 10_000 >= 1_000) {
      return new int[] {10_000, ephemeralLow};
    }
    throw new IllegalStateException(
        "the ephemeral port range "
            + ephemeralLow
            + "-"
            + ephemeralHigh
            + " leaves no room for test ports; narrow /proc/sys/net/ipv4/ip_local_port_range");
  }
}
