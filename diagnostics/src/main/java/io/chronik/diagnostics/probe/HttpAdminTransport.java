package io.chronik.diagnostics.probe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin API over HTTP/1.1 with the JDK's client. One instance serves a whole run (and every
 * round of {@code --watch}); its threads are daemons.
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
            // the admin API is plain HTTP/1.1: no h2c upgrade round trip
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  @Override
  public CompletableFuture<AdminResponse> get(String admin, String path, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + admin + path))
            .timeout(timeout)
            .header("Accept", path.equals("/metrics") ? "text/plain" : "application/json")
            .GET()
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(response -> new AdminResponse(response.statusCode(), response.body()));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
