package io.chronik.diagnostics.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A node's {@code GET /v1/probe/peers}: the TCP connections it opened, from its own side, to every
 * peer's Raft, Kafka and admin ports.
 *
 * @param from the node that probed
 * @param timeoutMs the connect timeout it used
 * @param peers every other node, with its ports
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeerProbe(int from, int timeoutMs, List<Peer> peers) {
  public PeerProbe {
    peers = peers == null ? List.of() : List.copyOf(peers);
  }

  /**
   * One peer.
   *
   * @param nodeId the peer
   * @param targets its ports
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Peer(int nodeId, List<Target> targets) {
    public Peer {
      targets = targets == null ? List.of() : List.copyOf(targets);
    }
  }

  /**
   * One connection attempt.
   *
   * @param port {@code raft}, {@code kafka} or {@code admin}
   * @param address {@code host:port} as the probing node dialled it
   * @param source where the address came from: {@code peers} (the node's --peers) or {@code
   *     registered} (what the peer registered in the metadata)
   * @param ok whether the connection opened
   * @param rttMs how long opening it took, -1 when it failed
   * @param error why it failed, empty when it worked
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Target(
      String port, String address, String source, boolean ok, double rttMs, String error) {
    public Target {
      error = error == null ? "" : error;
      source = source == null ? "" : source;
    }
  }
}
