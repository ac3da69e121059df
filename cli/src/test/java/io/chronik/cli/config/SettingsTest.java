package io.chronik.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.cli.Chronik;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

class SettingsTest {
  private static CommandSpec root() {
    return Chronik.create(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of())
        .getCommandSpec();
  }

  @Test
  void shouldDeriveKeyFromLongOptionNameWhenDefiningNodeSettings() {
    // when
    List<Setting> settings = Settings.all(root());

    // then
    assertThat(settings)
        .filteredOn(s -> s.scope() == Setting.Scope.NODE)
        .extracting(Setting::key, Setting::flag, Setting::env)
        .contains(
            org.assertj.core.groups.Tuple.tuple("data.dir", "--data-dir", "CHRONIK_DATA_DIR"),
            org.assertj.core.groups.Tuple.tuple(
                "max.request.bytes", "--max-request-bytes", "CHRONIK_SOCKET_REQUEST_MAX_BYTES"),
            org.assertj.core.groups.Tuple.tuple("raft", "--raft", "CHRONIK_RAFT"));
    assertThat(settings)
        .extracting(Setting::name)
        .doesNotContain("help", "version", "verbose", "config")
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldGiveEveryNodeOptionAnEnvironmentVariableWhenDefined() {
    // then: every node setting can be set in a systemd EnvironmentFile
    assertThat(Settings.all(root()))
        .filteredOn(s -> s.scope() == Setting.Scope.NODE)
        .allSatisfy(s -> assertThat(s.env()).as(s.key()).startsWith("CHRONIK_"));
  }

  @Test
  void shouldMarkSecretsByNameWhenDefiningEnvironmentSettings() {
    // when
    List<Setting> settings = Settings.all(root());

    // then
    assertThat(settings)
        .filteredOn(Setting::secret)
        .extracting(Setting::env)
        .contains(
            "S3_SECRET_KEY",
            "S3_ACCESS_KEY",
            "AZURE_ACCOUNT_KEY",
            "AZURE_STORAGE_CONNECTION_STRING")
        .doesNotContain("S3_BUCKET", "CHRONIK_DATA_DIR");
    assertThat(Settings.secret("CHRONIK_ADMIN_TOKEN")).isTrue();
  }

  @Test
  void shouldListClientVariablesWithTheirCommandsWhenDefined() {
    // when
    List<Setting> settings = Settings.all(root());

    // then
    assertThat(settings)
        .filteredOn(s -> "CHRONIK_BOOTSTRAP".equals(s.env()))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.scope()).isEqualTo(Setting.Scope.CLIENT);
              assertThat(s.key()).isNull();
              assertThat(s.commands()).contains("produce", "topic list");
            });
  }

  @Test
  void shouldRecordTheClientSettingsOfTheWholeTreeWhenTheBuildGeneratesThem() {
    // when: what config show reads instead of building every command's model
    List<Setting> recorded = ClientSettings.read();

    // then
    assertThat(recorded).isEqualTo(Settings.clients(root())).isNotEmpty();
    assertThat(recorded).extracting(Setting::env).contains("CHRONIK_BOOTSTRAP", "CHRONIK_ADMIN");
  }

  @Test
  void shouldReadBackEverySettingWhenClientSettingsAreRendered() {
    // given
    List<Setting> settings = Settings.clients(root());

    // when
    List<Setting> read = ClientSettings.parse(ClientSettings.render(settings));

    // then
    assertThat(read).isEqualTo(settings);
  }
}
