package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void shouldAlignColumnsAndShowDashForNullWhenPrinted() {
    // given
    Table table = new Table("NAME", "N", "NOTE").row("orders", 12, null).row("a", 3, "x");
    StringWriter text = new StringWriter();

    // when
    table.print(new PrintWriter(text, true));

    // then
    assertThat(text.toString().lines())
        .containsExactly("NAME    N   NOTE", "orders  12  -", "a       3   x");
  }
}
