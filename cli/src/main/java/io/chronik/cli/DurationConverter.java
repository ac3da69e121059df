package io.chronik.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration the way operators write one: {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h},
 * a bare number of seconds, or ISO-8601 ({@code PT15S}). A negative duration ({@code PT-5S}) is
 * refused; zero is allowed where it means something (for example "wait forever"). Timeouts and
 * intervals use {@link Positive}, which refuses zero too.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  @Override
  public Duration convert(String value) {
    Duration duration = parse(value);
    if (duration.isNegative()) {
      throw new TypeConversionException("the duration must not be negative");
    }
    return duration;
  }

  /** A duration that must be more than zero: every timeout, wait and interval. */
  public static final class Positive implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration duration = parse(value);
      if (duration.isNegative() || duration.isZero()) {
        throw new TypeConversionException("the duration must be positive");
      }
      return duration;
    }
  }

  private static Duration parse(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    Matcher matcher = SIMPLE.matcher(text);
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> Duration.ofSeconds(amount);
        };
      }
      return Duration.parse(value.strip());
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration: use for example 500ms, 15s, 2m, 1h or 7d");
    }
  }
}
