package io.chronik.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The executable's entry point. A command line that is exactly {@code version}, {@code --version}
 * or {@code -V}, what scripts call in loops, is printed here without loading picocli: its set-up
 * and the reflection over the commands' annotations cost more than the JVM's own start. Everything
 * else goes to {@link Chronik}. This class must reach picocli only through {@link Chronik}, so that
 * the JVM does not load it for the version lines ({@code ExecutableIT} checks).
 */
public final class Main {
  private static final String LOG_LEVEL_PROPERTY = "chronik.log.level";

  private Main() {}

  public static void main(String[] args) {
    chooseLogLevel(args);
    PrintWriter out = writer(FileDescriptor.out);
    PrintWriter err = writer(FileDescriptor.err);
    int exitCode = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(exitCode);
  }

  /**
   * The level of chronik's own loggers, read by logback.xml as {@code chronik.log.level}: {@code
   * CHRONIK_LOG_LEVEL} when set; otherwise INFO for the commands that run nodes ({@code
   * standalone}, {@code dev-cluster}), whose log is their record of what happened, and WARN for
   * every other command, whose output is its answer (a restore prints its own progress, not the
   * library's INFO lines). Runs before the first logger is created.
   */
  static void chooseLogLevel(String... args) {
    if (System.getProperty(LOG_LEVEL_PROPERTY) != null) {
      return;
    }
    String configured = System.getenv("CHRONIK_LOG_LEVEL");
    System.setProperty(
        LOG_LEVEL_PROPERTY,
        configured != null && !configured.isBlank() ? configured : defaultLogLevel(args));
  }

  static String defaultLogLevel(String... args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg.equals("standalone") || arg.equals("dev-cluster") ? "INFO" : "WARN";
      }
    }
    return "WARN";
  }

  /** Runs {@code chronik args}; the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    return versionOnly(args) ? printVersion(out) : Chronik.execute(out, err, args);
  }

  /**
   * True when the command line is exactly {@code version}, {@code --version} or {@code -V}, which
   * print the same lines and read neither options, nor the environment, nor standard input.
   */
  static boolean versionOnly(String... args) {
    return args.length == 1
        && (args[0].equals("version") || args[0].equals("--version") || args[0].equals("-V"));
  }

  /**
   * Prints what {@code chronik version} and {@code chronik --version} print through picocli ({@code
   * ChronikTest} checks that the lines are the same).
   */
  private static int printVersion(PrintWriter out) {
    for (String line : BuildInfo.current().textLines()) {
      out.println(line);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * UTF-8 on the raw file descriptor rather than {@code System.out}: a {@code PrintStream} swallows
   * the EPIPE of a closed pipe, which {@code consume} must see ({@link PrintWriter#checkError()})
   * to stop when its reader goes away.
   */
  private static PrintWriter writer(FileDescriptor fd) {
    return new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
  }
}
