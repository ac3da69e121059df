package io.chronik.cli.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.OutputOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProgressTest {
  @Test
  void shouldShowThePercentAndBothSizesWhenPartIsDone() {
    // when
    String line = Progress.line("uploading c/orders-0/x.chrsnap", 12L << 20, 48L << 20);
    // then
    assertThat(line).isEqualTo("uploading c/orders-0/x.chrsnap: 25% (12.0 MiB of 48.0 MiB)");
  }

  @Test
  void shouldStayWithinZeroAndAHundredWhenTheTotalIsUnknownOrExceeded() {
    assertThat(Progress.line("x", 10, 0)).isEqualTo("x: 100% (10 B of 0 B)");
    assertThat(Progress.line("x", 300, 200)).isEqualTo("x: 100% (300 B of 200 B)");
    assertThat(Progress.line("x", -1, 200)).isEqualTo("x: 0% (0 B of 200 B)");
  }

  @Test
  void shouldWriteNothingWhenStderrIsNotATerminal() throws Exception {
    // given: tests, like pipes and cron, have no console
    StringWriter err = new StringWriter();
    Progress progress = Progress.onTerminal(new PrintWriter(err), new OutputOptions());
    InputStream source = new ByteArrayInputStream(new byte[100_000]);

    // when
    try (InputStream in = progress.track(source, "restoring orders-0", 100_000)) {
      in.readAllBytes();
    }
    progress.show("uploading k", 5, 10, true);
    progress.clear();

    // then
    assertThat(progress.enabled()).isFalse();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void shouldStaySilentWhenTheOutputIsJsonEvenOnATerminal() {
    // given
    OutputOptions json = new OutputOptions();
    new CommandLine(new Holder(json))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("-o", "json");
    // when
    Progress progress = Progress.onTerminal(new PrintWriter(new StringWriter()), json);
    // then
    assertThat(progress.enabled()).isFalse();
  }

  @Test
  void shouldDrawTheLineAndEraseItWhenEnabled() throws Exception {
    // given
    StringWriter err = new StringWriter();
    Progress progress = new Progress(new PrintWriter(err), true);

    // when
    try (InputStream in =
        progress.track(new ByteArrayInputStream(new byte[2048]), "verifying meta@5", 2048)) {
      in.readAllBytes();
    }

    // then: drawn over itself with a carriage return, erased at the end
    assertThat(err.toString())
        .startsWith("\rverifying meta@5: ")
        .contains("% (")
        .endsWith("\r\u001b[K");
  }

  @Test
  void shouldReadTheUploadInProgressWhenTheNodeReportsOne() {
    // given
    String status =
        "{\"store\":{\"uri\":\"file:///s/\",\"uploading\":{\"key\":\"c/meta/1.chrsnap\","
            + "\"bytesDone\":300,\"totalBytes\":1200}}}";
    String idle = "{\"store\":{\"uri\":\"file:///s/\",\"uploading\":null}}";
    // then
    assertThat(UploadWatch.Uploading.of(status))
        .contains(new UploadWatch.Uploading("c/meta/1.chrsnap", 300, 1200));
    assertThat(UploadWatch.Uploading.of(idle)).isEmpty();
    assertThat(UploadWatch.Uploading.of("not json")).isEmpty();
  }

  @CommandLine.Command(name = "holder")
  static final class Holder {
    @CommandLine.Mixin final OutputOptions output;

    Holder(OutputOptions output) {
      this.output = output;
    }
  }
}
