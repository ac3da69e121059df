package io.chronik.cli.docgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationDocTest {
  private static final Path COMMITTED = Path.of("..").resolve(ConfigurationDoc.PATH);

  @Test
  void shouldMatchGeneratedReferenceWhenCommittedCopyIsCurrent() throws Exception {
    // when
    String generated = ManPages.configuration();

    // then
    String committed =
        Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
    assertThat(committed)
        .as("%s is out of date; regenerate it with: %s", ConfigurationDoc.PATH, ManPages.REGENERATE)
        .isEqualTo(generated);
  }

  @Test
  void shouldListEverySettingWithItsKeyAndVariableWhenGenerated() {
    // when
    String doc = ManPages.configuration();

    // then
    assertThat(doc)
        .contains("| `kafka.port` | `--kafka-port` | `CHRONIK_KAFKA_PORT` | `9092` |")
        .contains("| `raft` | `--raft` | `CHRONIK_RAFT` |")
        .contains("| `CHRONIK_BOOTSTRAP` | `--bootstrap` | `127.0.0.1:9092` |")
        .contains("| `S3_SECRET_KEY` |  | the snapshot store | **secret**.");
  }
}
