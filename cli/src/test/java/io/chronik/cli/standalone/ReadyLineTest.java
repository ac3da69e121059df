package io.chronik.cli.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadyLineTest {

  @Test
  void shouldNameEveryEndpointWhenNodeIsReady() {
    // when
    String line = ReadyLine.of(1, "c-42", "127.0.0.1", 9092, 9093, 9644, Path.of("/data/chronik"));

    // then
    assertThat(line)
        .isEqualTo(
            "chronik ready: node 1 cluster c-42 kafka=127.0.0.1:9092 raft=127.0.0.1:9093"
                + " admin=http://127.0.0.1:9644 data=/data/chronik");
  }

  @Test
  void shouldBracketHostWhenItIsAnIpv6Literal() {
    // then
    assertThat(ReadyLine.hostPort("::1", 9092)).isEqualTo("[::1]:9092");
  }
}
