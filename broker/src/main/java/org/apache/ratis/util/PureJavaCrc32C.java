package org.apache.ratis.util;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * chronik's replacement for Ratis' table-driven CRC-32C, which Ratis hard-codes to checksum every
 * Raft log entry it writes and reads. This one delegates to the JDK's {@link CRC32C}, which the JIT
 * compiles to the CPU's CRC32 instructions: the same polynomial and the same values (the log files
 * stay compatible both ways), at a fraction of the CPU. Before it, about a fifth of a broker's CPU
 * under a produce load went into checksumming record bytes in the Raft log (docs/performance.md).
 *
 * <p>The shaded executable leaves Ratis' own class out (cli/pom.xml), and on a test class path this
 * module's classes come before the Ratis jars; {@code RaftChecksumTest} checks that this class is
 * the one loaded and that it computes CRC-32C.
 */
public class PureJavaCrc32C implements Checksum {
  private final CRC32C crc = new CRC32C();

  public PureJavaCrc32C() {}

  @Override
  public long getValue() {
    return crc.getValue();
  }

  @Override
  public void reset() {
    crc.reset();
  }

  @Override
  public void update(byte[] b, int off, int len) {
    crc.update(b, off, len);
  }

  @Override
  public void update(ByteBuffer buffer) {
    crc.update(buffer);
  }

  @Override
  public final void update(int b) {
    crc.update(b);
  }
}
