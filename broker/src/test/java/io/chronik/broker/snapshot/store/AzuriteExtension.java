package io.chronik.broker.snapshot.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs Azurite's blob service for a test class: on 127.0.0.1, an ephemeral port, in memory. It uses
 * {@code azurite-blob} from the PATH (CI installs {@code azurite@3.35.0} globally), else {@code npx
 * --yes -p azurite@3.35.0}; with neither, the test fails and says how to install it. {@code
 * AZURITE_BLOB} may name the executable.
 */
final class AzuriteExtension implements BeforeAllCallback, AfterAllCallback {
  static final String VERSION = "3.35.0";
  static final String ACCOUNT = "devstoreaccount1";

  /** Azurite's well-known development key (public, documented by Microsoft). */
  static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final Pattern LISTENING =
      Pattern.compile("listens on (http://127\\.0\\.0\\.1:(\\d+))");
  private static final long START_TIMEOUT_SECONDS = 120;

  private Process process;
  private URI endpoint;
  private final StringBuffer output = new StringBuffer();

  /** {@code http://127.0.0.1:<port>/devstoreaccount1}. */
  URI endpoint() {
    return endpoint;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path workdir = Files.createTempDirectory("azurite");
    List<String> command = new ArrayList<>(launcher());
    command.addAll(
        List.of(
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            "0",
            "--skipApiVersionCheck",
            "--disableTelemetry",
            "--inMemoryPersistence",
            "--extentMemoryLimit",
            "512",
            "--silent"));
    process =
        new ProcessBuilder(command).directory(workdir.toFile()).redirectErrorStream(true).start();
    CompletableFuture<String> address = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  output.append(line).append('\n');
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    address.complete(m.group(1));
                  }
                }
                address.completeExceptionally(new IOException("Azurite exited"));
              } catch (IOException e) {
                address.completeExceptionally(e);
              }
            },
            "azurite-output");
    reader.setDaemon(true);
    reader.start();
    try {
      endpoint = URI.create(address.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) + "/" + ACCOUNT);
    } catch (ExecutionException | TimeoutException e) {
      stop();
      fail("Azurite did not start with " + command + ": " + e.getMessage() + "\n" + output);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  private void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    // npx runs Azurite as a child: stop the whole tree
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static List<String> launcher() {
    String override = System.getenv("AZURITE_BLOB");
    if (override != null && !override.isBlank()) {
      return List.of(override);
    }
    if (onPath("azurite-blob")) {
      return List.of("azurite-blob");
    }
    if (onPath("npx")) {
      return List.of("npx", "--yes", "-p", "azurite@" + VERSION, "azurite-blob");
    }
    return fail(
        "Azurite "
            + VERSION
            + " is needed for the Azure store tests and neither azurite-blob nor npx is on the"
            + " PATH: run `npm install -g azurite@"
            + VERSION
            + "` (.ci/run does) or set AZURITE_BLOB to its azurite-blob executable");
  }

  private static boolean onPath(String executable) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, executable))) {
        return true;
      }
    }
    return false;
  }
}
