package io.chronik.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** How the admin API reads request bodies and finds the failure behind an answer. */
class AdminJsonTest {
  @Test
  void shouldReadAnObjectAndABlankBodyAsAnEmptyOneWhenBodiesAreJson() throws Exception {
    // when
    Map<String, Object> object = AdminJson.readObject("{\"group\": \"t-0\", \"upload\": true}");
    Map<String, Object> blank = AdminJson.readObject("  ");

    // then
    assertThat(object).containsExactlyInAnyOrderEntriesOf(Map.of("group", "t-0", "upload", true));
    assertThat(blank).isEmpty();
  }

  @Test
  void shouldRefuseABodyWhenItIsNotJson() {
    // when / then
    assertThatThrownBy(() -> AdminJson.readObject("group=t-0"))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void shouldAnswerTheCauseWhenACompletionFailedAndTheFailureItselfOtherwise() {
    // given
    AdminException refused = new AdminException(409, "busy");

    // when / then
    assertThat(AdminJson.cause(new CompletionException(refused))).isSameAs(refused);
    assertThat(AdminJson.cause(new CompletionException("no cause", null)))
        .isInstanceOf(CompletionException.class);
    assertThat(AdminJson.cause(refused)).isSameAs(refused);
  }
}
