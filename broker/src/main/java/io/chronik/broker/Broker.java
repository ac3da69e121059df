package io.chronik.broker;

/**
 * A running chronik node: the Raft server with its groups, the Kafka listener and the admin HTTP
 * server. {@link #start} returns once the node serves Kafka requests; {@link #close} shuts it down
 * in the reverse order.
 */
public final class Broker implements AutoCloseable {

  private Broker() {}

  /**
   * Starts a node and waits until it serves Kafka requests.
   *
   * @throws ChronikException when the node cannot start (a taken port, a foreign data dir, ...)
   */
  public static Broker start(BrokerConfig config) {
    throw new ChronikException(
        "CHR-0000", ChronikException.Kind.RUNTIME, "the broker is being built", "wait");
  }

  public int nodeId() {
    return 0;
  }

  public String clusterId() {
    return "";
  }

  /** The bound Kafka port (the real one when 0 was asked for). */
  public int kafkaPort() {
    return 0;
  }

  public int raftPort() {
    return 0;
  }

  public int adminPort() {
    return 0;
  }

  /** The host clients are told to use. */
  public String advertisedHost() {
    return "";
  }

  @Override
  public void close() {}
}
