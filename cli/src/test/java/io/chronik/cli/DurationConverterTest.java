package io.chronik.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "15s, 15000",
    "15, 15000",
    "2m, 120000",
    "1h, 3600000",
    "7d, 604800000",
    "PT3S, 3000"
  })
  void shouldReadDurationWhenWrittenWithUnit(String text, long millis) {
    // when
    Duration duration = new DurationConverter().convert(text);

    // then
    assertThat(duration).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void shouldRejectTextWhenItIsNotADuration() {
    // then
    assertThatThrownBy(() -> new DurationConverter().convert("soon"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("'soon' is not a duration");
  }

  @Test
  void shouldRejectDurationWhenItIsNegative() {
    // then
    assertThatThrownBy(() -> new DurationConverter().convert("PT-5S"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("the duration must not be negative");
  }

  @Test
  void shouldAcceptZeroUnlessTheDurationMustBePositive() {
    // then
    assertThat(new DurationConverter().convert("0")).isZero();
    assertThatThrownBy(() -> new DurationConverter.Positive().convert("0"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("the duration must be positive");
    assertThatThrownBy(() -> new DurationConverter.Positive().convert("PT-5S"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("the duration must be positive");
    assertThat(new DurationConverter.Positive().convert("PT0.5S"))
        .isEqualTo(Duration.ofMillis(500));
  }
}
