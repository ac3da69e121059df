package io.chronik.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.chronik.cli.CliRun;
import io.chronik.cli.ExitCodes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client side of {@code chronik snapshot create}: the request it sends and how it reads the
 * answers of the admin API contract. The node here is a tiny HTTP server that answers as the
 * contract says; the run against a real node is an integration test.
 */
class SnapshotCreateCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private String answering(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/actions/snapshot",
        exchange -> {
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void shouldPrintEverySnapshotWhenNodeTookThem() throws IOException {
    // given
    String admin =
        answering(
            200,
            """
            {"snapshots":[
              {"group":"meta","groupId":"u1","index":120,"term":3,
               "file":"snapshots/meta/00000000000000000120-3-n1.chrsnap","sizeBytes":2048,
               "uploaded":true,"storeKey":"c1/meta/00000000000000000120-3-n1.chrsnap","error":null},
              {"group":"orders-0","groupId":"u2","index":4242,"term":7,
               "file":"snapshots/orders-0/00000000000000004242-7-n1.chrsnap","sizeBytes":3145728,
               "uploaded":true,"storeKey":"c1/orders-0/00000000000000004242-7-n1.chrsnap","error":null}]}
            """);

    // when
    CliRun text = CliRun.run("snapshot", "create", "--upload", "--admin", admin);
    CliRun json =
        CliRun.run("snapshot", "create", "--group", "orders-0", "--admin", admin, "-o", "json");

    // then
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.outLines())
        .containsExactly(
            "GROUP     INDEX  TERM  SIZE     UPLOADED  FILE",
            "meta      120    3     2.0 KiB  yes       c1/meta/00000000000000000120-3-n1.chrsnap",
            "orders-0  4242   7     3.0 MiB  yes       c1/orders-0/00000000000000004242-7-n1.chrsnap");
    assertThat(requests.get(0)).isEqualTo("POST {\"upload\":true}");
    assertThat(requests.get(1)).isEqualTo("POST {\"group\":\"orders-0\"}");
    assertThat(json.exitCode()).isZero();
    JsonNode first = JSON.readTree(json.out()).get("snapshots").get(0);
    assertThat(first.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly(
            "group",
            "groupId",
            "index",
            "term",
            "file",
            "sizeBytes",
            "uploaded",
            "storeKey",
            "error");
  }

  @Test
  void shouldExitRuntimeNamingGroupWhenUploadFailed() throws IOException {
    // given
    String admin =
        answering(
            200,
            """
            {"snapshots":[{"group":"orders-0","groupId":"u2","index":4242,"term":7,
               "file":"snapshots/orders-0/00000000000000004242-7-n1.chrsnap","sizeBytes":10,
               "uploaded":false,"storeKey":null,"error":"upload failed: access denied"}]}
            """);

    // when
    CliRun run = CliRun.run("snapshot", "create", "--upload", "--admin", admin);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.outLines().get(1)).contains("error").endsWith("upload failed: access denied");
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: 1 of 1 snapshot failed: orders-0: upload failed: access denied"
                + " [CHR-7105]");
  }

  @Test
  void shouldExitUsageWhenGroupIsUnknown() throws IOException {
    // given
    String admin = answering(404, "{\"error\":\"no group nope-0 on node 1\",\"code\":null}");

    // when
    CliRun run = CliRun.run("snapshot", "create", "--group", "nope-0", "--admin", admin);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: node " + admin + " refused: no group nope-0 on node 1 [CHR-7014]");
  }

  @Test
  void shouldGiveTheNodesCodeAndItsExitCodeWhenTheNodeNamesTheError() throws IOException {
    // given: the upload failed on the node with the store's own error
    String admin =
        answering(
            500, "{\"error\":\"access denied to s3://backups/chronik\",\"code\":\"CHR-3202\"}");

    // when
    CliRun run = CliRun.run("snapshot", "create", "--upload", "--admin", admin);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: node "
                + admin
                + " refused: access denied to s3://backups/chronik [CHR-3202]");
  }

  @Test
  void shouldExitUnavailableWithCHR7015WhenTheNodeIsNotReady() throws IOException {
    // given
    String admin = answering(503, "{\"error\":\"node is starting\",\"code\":null}");

    // when
    CliRun run = CliRun.run("snapshot", "create", "--admin", admin);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.errLines().get(0)).endsWith("refused: node is starting [CHR-7015]");
  }

  @Test
  void shouldExitRuntimeWhenUploadIsAskedWithoutStore() throws IOException {
    // given
    String admin = answering(409, "{\"error\":\"no snapshot store is configured\",\"code\":null}");

    // when
    CliRun run = CliRun.run("snapshot", "create", "--upload", "--admin", admin);

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.RUNTIME);
    assertThat(run.errLines().get(0)).contains("no snapshot store is configured");
    assertThat(run.errLines().get(1)).contains("--snapshot-store");
  }

  @Test
  void shouldExitUnavailableWhenNodeIsUnreachable() throws IOException {
    // given
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    // when
    CliRun run =
        CliRun.run("snapshot", "create", "--admin", "127.0.0.1:" + port, "--timeout", "2s");

    // then
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(run.errLines().get(0))
        .isEqualTo(
            "chronik: error: the admin API at 127.0.0.1:"
                + port
                + " did not answer: connection refused [CHR-8001]");
  }
}
