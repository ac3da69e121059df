package io.chronik.cli;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.chronik.broker.admin.RecentLogLines;

/**
 * Keeps the latest log lines in memory ({@link RecentLogLines}), so that a node serves them on
 * {@code GET /v1/logs} and {@code chronik debug bundle} collects them. Configured in logback.xml
 * next to the stderr appender, with the same pattern.
 */
public final class RecentLogAppender extends AppenderBase<ILoggingEvent> {
  private String pattern = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg";
  private PatternLayout layout;

  /** The logback pattern of a line, without the line break. */
  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    layout = new PatternLayout();
    layout.setContext(getContext());
    layout.setPattern(pattern);
    layout.start();
    super.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    RecentLogLines.process().add(layout.doLayout(event).stripTrailing());
  }
}
