package io.chronik.diagnostics.probe;

/**
 * An admin API address, {@code host:port} ({@code [v6]:port} for an IPv6 literal).
 *
 * @param host the host name or address, without brackets
 * @param port the TCP port
 */
public record AdminAddress(String host, int port) {
  public AdminAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(port + " is not a port: use 1..65535");
    }
  }

  /**
   * Parses {@code host:port}, {@code [v6]:port} or {@code http://host:port}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static AdminAddress parse(String text) {
    String value = text == null ? "" : text.strip();
    if (value.startsWith("http://")) {
      value = value.substring("http://".length());
    }
    if (value.endsWith("/")) {
      value = value.substring(0, value.length() - 1);
    }
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(
          "'" + text + "' is not HOST:PORT, for example 127.0.0.1:9644");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not HOST:PORT: write an IPv6 address in brackets, [::1]:9644");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not HOST:PORT: '" + value.substring(colon + 1) + "' is not a port");
    }
    return new AdminAddress(host, port);
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  public static String format(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return format(host, port);
  }
}
