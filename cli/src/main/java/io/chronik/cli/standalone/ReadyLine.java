package io.chronik.cli.standalone;

import java.nio.file.Path;

/**
 * The one line {@code chronik standalone} prints to stdout once the node serves Kafka requests.
 * Scripts and tests wait for it and read the real ports from it, so its shape is an interface:
 *
 * <pre>
 * chronik ready: node 1 cluster &lt;id&gt; kafka=127.0.0.1:9092 raft=127.0.0.1:9093
 *     admin=http://127.0.0.1:9644 data=/abs/path/chronik-data
 * </pre>
 *
 * (on one line).
 */
final class ReadyLine {
  private ReadyLine() {}

  static String of(
      int nodeId,
      String clusterId,
      String host,
      int kafkaPort,
      int raftPort,
      int adminPort,
      Path dataDir) {
    return "chronik ready: node "
        + nodeId
        + " cluster "
        + clusterId
        + " kafka="
        + hostPort(host, kafkaPort)
        + " raft="
        + hostPort(host, raftPort)
        + " admin=http://"
        + hostPort(host, adminPort)
        + " data="
        + dataDir;
  }

  /** {@code host:port}, with an IPv6 literal in brackets. */
  static String hostPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
