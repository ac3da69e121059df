package io.chronik.cli.snapshot;

import io.chronik.cli.OutputOptions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * A one-line progress display on stderr while an archive is read or sent, only when a person
 * watches: the process has a console and the output is text. Silent in pipes, cron, tests and with
 * {@code -o json}. The line is redrawn at most every 200 ms and erased at the end.
 */
final class Progress {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private long lastDraw;
  private boolean drawn;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Progress on stderr when the process runs on a terminal and prints text. */
  static Progress onTerminal(PrintWriter err, OutputOptions output) {
    return new Progress(err, System.console() != null && !output.isJson());
  }

  boolean enabled() {
    return enabled;
  }

  /**
   * The line for {@code done} of {@code total} bytes: {@code label: 45% (12.0 MiB of 26.5 MiB)}.
   */
  static String line(String label, long done, long total) {
    long percent = total <= 0 ? 100 : Math.max(0, Math.min(100, done * 100 / total));
    return label
        + ": "
        + percent
        + "% ("
        + Formats.bytes(Math.max(0, done))
        + " of "
        + Formats.bytes(Math.max(0, total))
        + ")";
  }

  /** Redraws the line, at most every 200 ms unless {@code force}. */
  synchronized void show(String label, long done, long total, boolean force) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (force || !drawn || now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      drawn = true;
      err.print("\r" + line(label, done, total) + "\u001b[K");
      err.flush();
    }
  }

  /** Erases the line, if one was drawn. */
  synchronized void clear() {
    if (enabled && drawn) {
      err.print("\r\u001b[K");
      err.flush();
      drawn = false;
    }
  }

  /** {@code in}, counting what is read into the progress line. */
  InputStream track(InputStream in, String label, long total) {
    if (!enabled) {
      return in;
    }
    return new FilterInputStream(in) {
      private long done;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          advance(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          advance(n);
        }
        return n;
      }

      private void advance(long n) {
        done += n;
        show(label, done, total, false);
      }

      @Override
      public void close() throws IOException {
        super.close();
        clear();
      }
    };
  }
}
