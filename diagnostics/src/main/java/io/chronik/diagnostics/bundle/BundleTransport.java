package io.chronik.diagnostics.bundle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chronik.diagnostics.probe.AdminResponse;
import io.chronik.diagnostics.probe.AdminTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Answers admin API requests from a debug bundle instead of the network: every request the
 * collection made is answered as it was then, body, status, timing and failure alike, so the checks
 * see what they would have seen at that moment. A request the collection did not make fails with
 * "not in the bundle".
 */
public final class BundleTransport implements AdminTransport {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final Manifest manifest;
  private final Map<String, Exchange> exchanges = new HashMap<>();
  private final Map<String, String> bodies = new HashMap<>();

  private BundleTransport(Manifest manifest) {
    this.manifest = manifest;
  }

  /**
   * Reads a bundle.
   *
   * @throws IOException when the file cannot be read, or is not a chronik debug bundle
   */
  public static BundleTransport open(Path zip) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      ZipEntry manifestEntry = file.getEntry(DebugBundle.MANIFEST);
      if (manifestEntry == null) {
        throw new IOException(
            zip + " is not a chronik debug bundle: it has no " + DebugBundle.MANIFEST);
      }
      Manifest manifest;
      try (InputStream in = file.getInputStream(manifestEntry)) {
        manifest = JSON.readValue(in, Manifest.class);
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        throw new IOException(
            zip + " is not a chronik debug bundle: " + DebugBundle.MANIFEST + " does not parse");
      }
      if (manifest.format() > Manifest.FORMAT) {
        throw new IOException(
            zip
                + " has bundle format "
                + manifest.format()
                + "; this chronik reads format "
                + Manifest.FORMAT
                + " and older");
      }
      BundleTransport transport = new BundleTransport(manifest);
      for (Exchange e : manifest.exchanges()) {
        transport.exchanges.put(key(e.admin(), e.path()), e);
        transport.exchanges.putIfAbsent(key(e.admin(), withoutQuery(e.path())), e);
        if (!e.file().isEmpty()) {
          ZipEntry entry = file.getEntry(e.file());
          if (entry == null) {
            throw new IOException(zip + " is damaged: " + e.file() + " is missing");
          }
          try (InputStream in = file.getInputStream(entry)) {
            transport.bodies.put(e.file(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
      return transport;
    }
  }

  /** The admin address the collection started from. */
  public String seed() {
    return manifest.seed();
  }

  /** When the collection started. */
  public Instant createdAt() {
    return Instant.ofEpochMilli(manifest.createdAtMs());
  }

  /** The per-node timeout the collection used. */
  public Duration timeout() {
    return Duration.ofMillis(manifest.timeoutMs());
  }

  @Override
  public CompletableFuture<AdminResponse> get(String admin, String path, Duration timeout) {
    return replay(admin, path, "GET " + path);
  }

  /** A recorded admin action (such as the store probe): recorded under "POST path". */
  @Override
  public CompletableFuture<AdminResponse> post(
      String admin, String path, String json, Duration timeout) {
    return replay(admin, RecordingTransport.POST + path, "POST " + path);
  }

  private CompletableFuture<AdminResponse> replay(String admin, String path, String request) {
    Exchange e = exchanges.get(key(admin, path));
    if (e == null) {
      e = exchanges.get(key(admin, withoutQuery(path)));
    }
    if (e == null) {
      return CompletableFuture.failedFuture(
          new IOException("not in the bundle: " + request + " of " + admin));
    }
    if (e.failed()) {
      return CompletableFuture.failedFuture(exception(e.failure()));
    }
    return CompletableFuture.completedFuture(
        new AdminResponse(
            e.status(), bodies.getOrDefault(e.file(), ""), e.sentAtMs(), e.receivedAtMs()));
  }

  @Override
  public CompletableFuture<Double> tcpConnect(String host, int port, Duration timeout) {
    Exchange e = exchanges.get(key(host + ":" + port, Exchange.TCP));
    if (e == null) {
      return CompletableFuture.failedFuture(
          new UnsupportedOperationException(
              "not in the bundle: a connection to " + host + ":" + port));
    }
    return e.failed()
        ? CompletableFuture.failedFuture(exception(e.failure()))
        : CompletableFuture.completedFuture(e.rttMs());
  }

  private static Exception exception(String failure) {
    return switch (failure) {
      case "refused" -> new ConnectException("Connection refused");
      case "timeout" -> new HttpTimeoutException("request timed out");
      case "eof" -> new IOException("HTTP/1.1 header parser received no bytes");
      case "unsupported" ->
          new UnsupportedOperationException("the collecting transport opened no connections");
      default -> new IOException(failure);
    };
  }

  private static String key(String admin, String path) {
    return admin + " " + path;
  }

  private static String withoutQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
