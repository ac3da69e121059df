package io.chronik.broker.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.apache.ratis.util.PureJavaCrc32C;
import org.junit.jupiter.api.Test;

class RaftChecksumTest {

  @Test
  void shouldLoadChroniksChecksumWhenRatisAsksForItsOwn() throws Exception {
    // when
    Class<?> loaded = Class.forName("org.apache.ratis.util.PureJavaCrc32C");

    // then: the class comes from this module, not from the ratis-common jar
    String source = loaded.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(source).doesNotContain("ratis-common");
    assertThat(loaded.getDeclaredFields()).extracting("type").contains(CRC32C.class);
  }

  @Test
  void shouldComputeCrc32cWhenFedBytesArraysAndBuffers() {
    // given: the standard check value of CRC-32C
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    Checksum crc = new PureJavaCrc32C();

    // when
    crc.update(check, 0, check.length);

    // then
    assertThat(crc.getValue()).isEqualTo(0xE3069283L);

    // and: byte-at-a-time, direct and heap buffers agree with the JDK after a reset
    byte[] data = new byte[100_003];
    new Random(7).nextBytes(data);
    CRC32C expected = new CRC32C();
    expected.update(data, 0, data.length);
    crc.reset();
    crc.update(data[0]);
    crc.update(data, 1, 50_000);
    ByteBuffer direct = ByteBuffer.allocateDirect(data.length - 50_001);
    direct.put(data, 50_001, data.length - 50_001).flip();
    crc.update(direct);
    assertThat(crc.getValue()).isEqualTo(expected.getValue());
  }
}
