package io.chronik.diagnostics.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One recorded request of a debug bundle: an admin API {@code GET}, or a TCP connection the
 * collecting host opened (path {@code tcp:HOST:PORT}).
 *
 * @param admin the admin address asked ({@code host:port}); for a connection, the address dialled
 * @param path the path asked, with its query; {@code tcp} for a connection
 * @param file the zip entry holding the body, empty when there is none
 * @param status the HTTP status, -1 when the request failed
 * @param sentAtMs when it left, by the collecting host's clock (epoch ms), -1 when unknown
 * @param receivedAtMs when the answer arrived, -1 when unknown
 * @param rttMs for a connection: how long it took to open, -1 when it failed
 * @param failure how it failed ({@code refused}, {@code timeout}, {@code eof}, or a message); empty
 *     when it worked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Exchange(
    String admin,
    String path,
    String file,
    int status,
    long sentAtMs,
    long receivedAtMs,
    double rttMs,
    String failure) {
  /** The path of a recorded TCP connection. */
  public static final String TCP = "tcp";

  public Exchange {
    file = file == null ? "" : file;
    failure = failure == null ? "" : failure;
  }

  public boolean failed() {
    return !failure.isEmpty();
  }
}
