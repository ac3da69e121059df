package io.chronik.diagnostics.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The admin API over plain HTTP/1.1 with the JDK's client (no TLS: the admin API has none yet). One
 * instance serves a whole run (and every round of {@code --watch}); its threads are daemons.
 */
public final class HttpAdminTransport implements AdminTransport {
  private final ExecutorService executor;
  private final HttpClient client;

  public HttpAdminTransport(Duration connectTimeout) {
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "chronik-doctor-http");
              t.setDaemon(true);
              return t;
            });
    client =
        HttpClient.newBuilder()
            // The admin API is plain HTTP. Without a context of its own the client initialises
            // the JVM's default TLS context, trust store included, which costs a tenth of a
            // second of every doctor run; an uninitialised one is never used for http://.
            .sslContext(plainHttpOnly())
            .sslParameters(new SSLParameters())
            // the admin API is plain HTTP/1.1: no h2c upgrade round trip
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  private static SSLContext plainHttpOnly() {
    try {
      return SSLContext.getInstance("TLS");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no TLS", e);
    }
  }

  @Override
  public CompletableFuture<AdminResponse> get(String admin, String path, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + admin + path))
            .timeout(timeout)
            .header("Accept", path.equals("/metrics") ? "text/plain" : "application/json")
            .GET()
            .build();
    long sentAt = System.currentTimeMillis();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(
            response ->
                new AdminResponse(
                    response.statusCode(), response.body(), sentAt, System.currentTimeMillis()));
  }

  @Override
  public CompletableFuture<Double> tcpConnect(String host, int port, Duration timeout) {
    return CompletableFuture.supplyAsync(
        () -> {
          long started = System.nanoTime();
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return (System.nanoTime() - started) / 1e6;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        executor);
  }

  /** {@code POST http://admin/path} with a JSON body (an admin action). */
  @Override
  public CompletableFuture<AdminResponse> post(
      String admin, String path, String json, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + admin + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(response -> new AdminResponse(response.statusCode(), response.body()));
  }

  /**
   * Stops the client's threads. Besides the executor, the JDK 17 client has a selector thread that
   * it stops only when the client is garbage collected; while it waits in epoll it is "in native",
   * and {@code System.exit} then waits 300 ms for it (HotSpot's VM_Exit waits for threads in
   * native), a third of a doctor run. Interrupting it ends its loop. It is found by the name the
   * JDK gives it, {@code HttpClient-<id>-SelectorManager}, with the id from the client's {@code
   * toString}; on a JDK that names it otherwise, nothing is interrupted and exit is just slower.
   */
  @Override
  public void close() {
    executor.shutdownNow();
    String text = client.toString();
    int open = text.lastIndexOf('(');
    int end = text.lastIndexOf(')');
    if (open < 0 || end < open) {
      return;
    }
    String name = "HttpClient-" + text.substring(open + 1, end) + "-SelectorManager";
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(name)) {
        thread.interrupt();
        try {
          thread.join(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
