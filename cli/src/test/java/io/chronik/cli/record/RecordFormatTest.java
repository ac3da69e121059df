package io.chronik.cli.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFormatTest {
  private static final ConsumedRecord RECORD =
      new ConsumedRecord(
          "orders",
          2,
          41,
          1_700_000_000_000L,
          "k1",
          "v1",
          List.of(new Header("a", "1"), new Header("b", null)));

  @Test
  void shouldReplaceEveryPlaceholderWhenTemplateUsesThemAll() {
    // given
    RecordFormat format = RecordFormat.parse("%T/%p@%o %t %k=%v [%h] 100%%");

    // when
    String line = format.format(RECORD);

    // then
    assertThat(line).isEqualTo("orders/2@41 1700000000000 k1=v1 [a=1,b=] 100%");
  }

  @Test
  void shouldTurnEscapesIntoCharactersWhenTemplateHasThem() {
    // when
    String line = RecordFormat.parse("%k\\t%v\\n\\\\").format(RECORD);

    // then
    assertThat(line).isEqualTo("k1\tv1\n\\");
  }

  @Test
  void shouldPrintNothingForMissingKeyAndValueWhenRecordHasNone() {
    // given
    ConsumedRecord tombstone = new ConsumedRecord("t", 0, 0, 0, null, null, List.of());

    // when
    String line = RecordFormat.parse("<%k><%v><%h>").format(tombstone);

    // then
    assertThat(line).isEqualTo("<><><>");
  }

  @Test
  void shouldNamePlaceholdersWhenOneIsUnknown() {
    assertThatThrownBy(() -> RecordFormat.parse("%v %x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'%x' is not a placeholder: use " + RecordFormat.PLACEHOLDERS);
  }

  @Test
  void shouldRejectTemplateWhenItEndsInPercent() {
    assertThatThrownBy(() -> RecordFormat.parse("%v %"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone '%'");
  }
}
