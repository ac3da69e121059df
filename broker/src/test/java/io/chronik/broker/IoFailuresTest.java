package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoFailuresTest {
  @TempDir Path dir;

  @Test
  void shouldSayWhatIsWrongWithoutTheExceptionClassWhenAFileIsMissing() {
    // given
    IOException failure = null;
    try {
      Files.readAllBytes(dir.resolve("missing.chrsnap"));
    } catch (IOException e) {
      failure = e;
    }

    // when
    String text = IoFailures.describe(failure);

    // then
    assertThat(failure).isInstanceOf(NoSuchFileException.class);
    assertThat(text).isEqualTo("no such file or directory").doesNotContain("Exception");
  }

  @Test
  void shouldNameTheReasonWhenTheFileSystemGivesOne() {
    // when
    String denied = IoFailures.describe(new AccessDeniedException("/x"));
    String reason =
        IoFailures.describe(new FileSystemException("/x", null, "Read-only file system"));
    String plain = IoFailures.describe(new IOException());

    // then
    assertThat(denied).isEqualTo("permission denied");
    assertThat(reason).isEqualTo("Read-only file system");
    assertThat(plain).isEqualTo("IOException");
  }
}
