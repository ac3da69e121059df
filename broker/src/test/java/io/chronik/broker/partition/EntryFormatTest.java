package io.chronik.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.chronik.broker.meta.BrokerInfo;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetadataImage;
import org.junit.jupiter.api.Test;

/** The entry-format level a partition leader may propose: the lowest any registered node has. */
class EntryFormatTest {
  private static MetadataImage register(MetadataImage image, BrokerInfo broker) {
    return image.apply(new MetaCommand.RegisterBroker(broker)).image();
  }

  private static BrokerInfo node(int id, int entryFormat) {
    return new BrokerInfo(id, "h", 9000 + id, 9100 + id, 9200 + id, "", "i" + id, entryFormat);
  }

  @Test
  void shouldAllowEveryEntryTypeWhenEveryRegisteredNodeAppliesIt() {
    // given
    MetadataImage image = MetadataImage.empty();
    for (int id = 1; id <= 3; id++) {
      image = register(image, node(id, EntryFormat.SUPPORTED));
    }

    // when
    int level = EntryFormat.clusterLevel(image);

    // then
    assertThat(level).isEqualTo(EntryFormat.GROUP_MEMBERSHIP);
  }

  @Test
  void shouldKeepGroupMembershipOutWhileANodeAppliesOnlyDeleteRecords() {
    // given: node 2 runs the release before group membership and fencing were gated
    MetadataImage image = register(MetadataImage.empty(), node(1, EntryFormat.SUPPORTED));
    image = register(image, node(2, EntryFormat.DELETE_RECORDS));

    // when
    int level = EntryFormat.clusterLevel(image);

    // then
    assertThat(level).isEqualTo(EntryFormat.DELETE_RECORDS);
  }

  @Test
  void shouldKeepDeleteRecordsOutWhileANodeAppliesOnlyGroupAppends() {
    // given: node 2 runs the release before delete-records entries
    MetadataImage image = register(MetadataImage.empty(), node(1, EntryFormat.SUPPORTED));
    image = register(image, node(2, EntryFormat.GROUP_APPEND));

    // when
    int level = EntryFormat.clusterLevel(image);

    // then
    assertThat(level).isEqualTo(EntryFormat.GROUP_APPEND);
  }

  @Test
  void shouldKeepGroupsOfSeveralPartitionsOutWhileANodeAppliesOnlyMultiAppends() {
    // given: node 2 runs the release before group-append entries
    MetadataImage image = register(MetadataImage.empty(), node(1, EntryFormat.SUPPORTED));
    image = register(image, node(2, EntryFormat.MULTI_APPEND));

    // when
    int level = EntryFormat.clusterLevel(image);

    // then
    assertThat(level).isEqualTo(EntryFormat.MULTI_APPEND);
  }

  @Test
  void shouldFallBackToPlainAppendsWhenANodeOfAnOlderReleaseIsRegistered() {
    // given: node 3 registered without a level (a release before levels existed)
    MetadataImage image = MetadataImage.empty();
    image = register(image, node(1, EntryFormat.SUPPORTED));
    image = register(image, node(2, EntryFormat.SUPPORTED));
    MetadataImage upgrading = register(image, new BrokerInfo(3, "h", 9003, 9103, 9203, "", "i3"));

    // when
    int during = EntryFormat.clusterLevel(upgrading);
    int after = EntryFormat.clusterLevel(register(upgrading, node(3, EntryFormat.SUPPORTED)));

    // then: plain appends until node 3 comes back upgraded
    assertThat(during).isEqualTo(EntryFormat.APPEND);
    assertThat(after).isEqualTo(EntryFormat.SUPPORTED);
    assertThat(EntryFormat.clusterLevel(MetadataImage.empty())).isEqualTo(EntryFormat.APPEND);
  }

  @Test
  void shouldNotProposeALevelThisNodeLacksWhenOthersReportAHigherOne() {
    // given: a node of a newer release reports a level this release does not know
    MetadataImage image = register(MetadataImage.empty(), node(1, EntryFormat.SUPPORTED + 1));

    // when
    int level = EntryFormat.clusterLevel(image);

    // then
    assertThat(level).isEqualTo(EntryFormat.SUPPORTED);
  }
}
