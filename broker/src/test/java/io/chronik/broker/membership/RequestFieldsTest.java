package io.chronik.broker.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chronik.broker.admin.AdminException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestFieldsTest {
  @Test
  void shouldRefuseAFlagGivenAsAStringWhenItWouldDecideADestructiveAction() {
    // given: "dryRun": "true" must not run a removal for real
    RequestFields fields = new RequestFields(Map.of("dryRun", "true", "force", "yes"));

    // then
    assertThatThrownBy(() -> fields.flag("dryRun"))
        .isInstanceOf(AdminException.class)
        .hasMessageContaining("\"dryRun\" must be true or false")
        .hasMessageContaining("the string \"true\"");
    assertThatThrownBy(() -> fields.flag("force")).isInstanceOf(AdminException.class);
  }

  @Test
  void shouldReadFlagsAsGivenAndFalseWhenMissing() {
    // given
    RequestFields fields = new RequestFields(Map.of("dryRun", true, "force", false));

    // then
    assertThat(fields.flag("dryRun")).isTrue();
    assertThat(fields.flag("force")).isFalse();
    assertThat(fields.flag("absent")).isFalse();
  }

  @Test
  void shouldRefuseATimeoutThatIsNotAPositiveNumberAndDefaultWhenMissing() {
    // given
    RequestFields bad = new RequestFields(Map.of("timeoutMs", -1, "other", "abc"));
    RequestFields good = new RequestFields(Map.of("timeoutMs", 5000));

    // then
    assertThatThrownBy(() -> bad.number("timeoutMs", 1)).hasMessageContaining("\"timeoutMs\"");
    assertThatThrownBy(() -> bad.number("other", 1)).hasMessageContaining("not abc");
    assertThat(good.number("timeoutMs", 1)).isEqualTo(5000);
    assertThat(good.number("missing", 7)).isEqualTo(7);
  }
}
