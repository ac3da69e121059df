package io.chronik.diagnostics.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusMetricsTest {

  @Test
  void shouldParseLabelsValuesAndSpecialNumbersWhenTextIsValid() {
    // given
    String text =
        """
        # HELP x_seconds help text
        # TYPE x_seconds summary
        x_seconds{api="Produce",quantile="0.99"} 0.25
        x_total 3 1700000000000
        y{path="C:\\\\data",msg="say \\"hi\\""} NaN
        z{le="+Inf"} +Inf

        """;

    // when
    PrometheusMetrics metrics = PrometheusMetrics.parse(text);

    // then
    assertThat(metrics.samples()).hasSize(4);
    assertThat(metrics.value("x_seconds", Map.of("api", "Produce"))).hasValue(0.25);
    assertThat(metrics.value("x_total", Map.of())).hasValue(3);
    assertThat(metrics.samples("y").get(0).labels())
        .containsEntry("path", "C:\\data")
        .containsEntry("msg", "say \"hi\"");
    assertThat(metrics.samples("y").get(0).value()).isNaN();
    assertThat(metrics.value("z", Map.of())).hasValue(Double.POSITIVE_INFINITY);
    assertThat(metrics.has("nope")).isFalse();
  }

  @Test
  void shouldNameLineWhenSampleIsMalformed() {
    // when / then
    assertThatThrownBy(() -> PrometheusMetrics.parse("ok 1\nbroken{a=1} 2\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 2 is not a Prometheus sample");
  }
}
