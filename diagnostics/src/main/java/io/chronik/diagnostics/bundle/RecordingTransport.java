package io.chronik.diagnostics.bundle;

import io.chronik.diagnostics.probe.AdminResponse;
import io.chronik.diagnostics.probe.AdminTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

/**
 * Passes every request to a real transport and keeps what came back, bodies included, so that a
 * debug bundle can answer the same requests later ({@link BundleTransport}).
 */
public final class RecordingTransport implements AdminTransport {
  /** A recorded answer, with its body (null when the request failed). */
  record Recorded(Exchange exchange, String body) {}

  private final AdminTransport delegate;
  private final ConcurrentLinkedQueue<Recorded> recorded = new ConcurrentLinkedQueue<>();

  public RecordingTransport(AdminTransport delegate) {
    this.delegate = delegate;
  }

  /** The prefix of a recorded POST's path; a GET is recorded under its path alone. */
  static final String POST = "POST ";

  @Override
  public CompletableFuture<AdminResponse> get(String admin, String path, Duration timeout) {
    return record(admin, path, delegate.get(admin, path, timeout));
  }

  @Override
  public CompletableFuture<AdminResponse> post(
      String admin, String path, String json, Duration timeout) {
    return record(admin, POST + path, delegate.post(admin, path, json, timeout));
  }

  private CompletableFuture<AdminResponse> record(
      String admin, String recordedPath, CompletableFuture<AdminResponse> answer) {
    long sentAt = System.currentTimeMillis();
    // the probe gets the timing that is recorded, so that a replay computes the same figures
    return answer
        .thenApply(
            r ->
                r.timed()
                    ? r
                    : new AdminResponse(r.status(), r.body(), sentAt, System.currentTimeMillis()))
        .whenComplete(
            (r, e) -> {
              if (e != null) {
                recorded.add(
                    new Recorded(
                        new Exchange(
                            admin,
                            recordedPath,
                            "",
                            -1,
                            sentAt,
                            System.currentTimeMillis(),
                            -1,
                            failure(e)),
                        null));
              } else {
                recorded.add(
                    new Recorded(
                        new Exchange(
                            admin,
                            recordedPath,
                            "",
                            r.status(),
                            r.sentAtMs(),
                            r.receivedAtMs(),
                            -1,
                            ""),
                        r.body()));
              }
            });
  }

  @Override
  public CompletableFuture<Double> tcpConnect(String host, int port, Duration timeout) {
    String address = host + ":" + port;
    long sentAt = System.currentTimeMillis();
    return delegate
        .tcpConnect(host, port, timeout)
        .whenComplete(
            (ms, e) ->
                recorded.add(
                    new Recorded(
                        new Exchange(
                            address,
                            Exchange.TCP,
                            "",
                            -1,
                            sentAt,
                            System.currentTimeMillis(),
                            e == null ? ms : -1,
                            e == null ? "" : failure(e)),
                        null)));
  }

  /** Everything recorded so far, in completion order. */
  List<Recorded> recorded() {
    return new ArrayList<>(recorded);
  }

  /** How a request failed, in a word {@link BundleTransport} turns back into the exception. */
  static String failure(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (e instanceof UnsupportedOperationException) {
      return "unsupported";
    }
    if (e instanceof ConnectException || root instanceof ConnectException) {
      return "refused";
    }
    if (e instanceof HttpTimeoutException || root instanceof SocketTimeoutException) {
      return "timeout";
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof IOException
        && (message.contains("header parser received no bytes")
            || message.contains("EOF reached"))) {
      return "eof";
    }
    return message.isEmpty() ? e.getClass().getSimpleName() : message;
  }
}
