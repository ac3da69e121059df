package io.chronik.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentLogLinesTest {
  @Test
  void shouldKeepOnlyTheLatestLinesAndCutLongOnesWhenFull() {
    // given
    RecentLogLines tail = new RecentLogLines(3);

    // when
    for (int i = 1; i <= 5; i++) {
      tail.add("line " + i);
    }
    tail.add("x".repeat(RecentLogLines.MAX_LINE_CHARS + 10));

    // then
    assertThat(tail.last(10)).hasSize(3).startsWith("line 4", "line 5");
    assertThat(tail.last(1).get(0))
        .hasSize(RecentLogLines.MAX_LINE_CHARS + " [cut at 4096 chars]".length())
        .endsWith(" [cut at 4096 chars]");
    assertThat(tail.last(2)).containsExactly("line 5", tail.last(1).get(0));
  }
}
