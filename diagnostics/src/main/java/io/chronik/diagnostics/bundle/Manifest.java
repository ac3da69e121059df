package io.chronik.diagnostics.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code manifest.json} of a debug bundle: what was asked, of which node, when, and where in the
 * zip the answer is.
 *
 * @param format the bundle format version ({@link #FORMAT})
 * @param createdAtMs when the collection started (epoch ms, the collecting host's clock)
 * @param createdAt the same, ISO-8601
 * @param seed the admin address the collection started from
 * @param timeoutMs the per-node timeout it used
 * @param collectedBy the chronik version that collected it
 * @param exchanges every request made and how it went
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
    int format,
    long createdAtMs,
    String createdAt,
    String seed,
    long timeoutMs,
    String collectedBy,
    List<Exchange> exchanges) {
  /** The format this chronik writes and reads. */
  public static final int FORMAT = 1;

  public Manifest {
    exchanges = exchanges == null ? List.of() : List.copyOf(exchanges);
  }
}
