package io.chronik.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Sends java.util.logging (used by gRPC inside Ratis) through SLF4J, so a node has one log. */
public final class ServerLogging {
  private ServerLogging() {}

  public static void install() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
