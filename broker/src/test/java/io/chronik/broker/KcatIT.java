package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** librdkafka through kcat: metadata, produce, consume from the beginning, and a consumer group. */
class KcatIT {
  @RegisterExtension final SingleBroker chronik = new SingleBroker();

  @Test
  void shouldRoundTripRecordsWhenProducingAndConsumingWithKcat() throws Exception {
    // given
    List<String> lines = TestBrokers.values(50, "line-");
    String bs = chronik.bootstrap();

    // when
    Result produced =
        kcat(String.join("\n", lines) + "\n", "-b", bs, "-P", "-t", "kcat-topic", "-X", "acks=all");
    Result consumed =
        kcat(
            "",
            "-b",
            bs,
            "-C",
            "-t",
            "kcat-topic",
            "-o",
            "beginning",
            "-e",
            "-q",
            "-f",
            "%o %s\\n");
    Result metadata = kcat("", "-b", bs, "-L", "-t", "kcat-topic");

    // then
    assertThat(produced.exit).as(produced.err).isZero();
    assertThat(consumed.exit).as(consumed.err).isZero();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      expected.add(i + " " + lines.get(i));
    }
    assertThat(consumed.out.lines().toList()).containsExactlyElementsOf(expected);
    assertThat(metadata.out)
        .contains("1 brokers:")
        .contains("topic \"kcat-topic\" with 1 partitions")
        .contains("leader 1");
  }

  @Test
  void shouldConsumeEveryRecordWhenKcatJoinsAConsumerGroup() throws Exception {
    // given
    String bs = chronik.bootstrap();
    kcat(String.join("\n", TestBrokers.values(20, "g-")) + "\n", "-b", bs, "-P", "-t", "grouped");

    // when: a balanced consumer reads to the end of its partitions and exits
    Result consumed =
        kcat(
            "",
            "-b",
            bs,
            "-G",
            "kcat-group",
            "-X",
            "auto.offset.reset=earliest",
            "-e",
            "-q",
            "-f",
            "%s\\n",
            "grouped");

    // then
    assertThat(consumed.exit).as(consumed.err).isZero();
    assertThat(consumed.out.lines().toList())
        .containsExactlyElementsOf(TestBrokers.values(20, "g-"));
  }

  record Result(int exit, String out, String err) {}

  /** Runs kcat with {@code args}, {@code stdin} as its input; at most 60 s. */
  static Result kcat(String stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("kcat");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kcat " + String.join(" ", args) + " did not finish within 60 s");
    }
    return new Result(
        p.exitValue(),
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
