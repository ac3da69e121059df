package io.chronik.cli.snapshot;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * A one-line progress display on stderr while an archive is read, only when a person watches (the
 * process has a console); silent in pipes, cron and tests. The line is redrawn at most every 200 ms
 * and erased at the end.
 */
final class Progress {
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final boolean enabled;

  Progress(PrintWriter err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Progress on stderr when the process runs on a terminal. */
  static Progress onTerminal(PrintWriter err) {
    return new Progress(err, System.console() != null);
  }

  /** {@code in}, counting what is read into a line {@code label: 45% (12.0 MiB of 26.5 MiB)}. */
  InputStream track(InputStream in, String label, long total) {
    if (!enabled) {
      return in;
    }
    return new FilterInputStream(in) {
      private long done;
      private long lastDraw;

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
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
          lastDraw = now;
          long percent = total <= 0 ? 100 : Math.min(100, done * 100 / total);
          err.print(
              "\r"
                  + label
                  + ": "
                  + percent
                  + "% ("
                  + Formats.bytes(done)
                  + " of "
                  + Formats.bytes(total)
                  + ")\u001b[K");
          err.flush();
        }
      }

      @Override
      public void close() throws IOException {
        super.close();
        err.print("\r\u001b[K");
        err.flush();
      }
    };
  }
}
