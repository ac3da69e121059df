package io.chronik.diagnostics.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminAddressTest {

  @Test
  void shouldAcceptHostPortUrlAndBracketedV6WhenParsing() {
    // when / then
    assertThat(AdminAddress.parse("127.0.0.1:9644")).hasToString("127.0.0.1:9644");
    assertThat(AdminAddress.parse("http://node1:9644/")).isEqualTo(new AdminAddress("node1", 9644));
    assertThat(AdminAddress.parse("[::1]:9644")).isEqualTo(new AdminAddress("::1", 9644));
    assertThat(AdminAddress.format("::1", 9644)).isEqualTo("[::1]:9644");
  }

  @Test
  void shouldExplainWhenAddressIsMalformed() {
    // when / then
    assertThatThrownBy(() -> AdminAddress.parse("node1"))
        .hasMessage("'node1' is not HOST:PORT, for example 127.0.0.1:9644");
    assertThatThrownBy(() -> AdminAddress.parse("node1:http"))
        .hasMessage("'node1:http' is not HOST:PORT: 'http' is not a port");
    assertThatThrownBy(() -> AdminAddress.parse("node1:70000"))
        .hasMessage("70000 is not a port: use 1..65535");
    assertThatThrownBy(() -> AdminAddress.parse("::1:9644")).hasMessageContaining("in brackets");
  }
}
