package io.chronik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node.json: the identity and incarnation of a data dir, and the removal mark beside it. */
class NodeIdentityTest {
  @TempDir Path dir;

  @Test
  void shouldKeepTheIncarnationAcrossLoadsAndGiveAWipedDataDirANewOneWhenCreated()
      throws Exception {
    // given
    NodeIdentity first = NodeIdentity.loadOrCreate(dir.resolve("a"), 3);

    // when
    NodeIdentity again = NodeIdentity.loadOrCreate(dir.resolve("a"), 3);
    NodeIdentity other = NodeIdentity.loadOrCreate(dir.resolve("b"), 3);

    // then
    assertThat(first.incarnation()).isNotBlank().isEqualTo(again.incarnation());
    assertThat(other.incarnation()).isNotEqualTo(first.incarnation());
    assertThat(first.withClusterId("x").incarnation()).isEqualTo(first.incarnation());
  }

  @Test
  void shouldRefuseAndWriteNothingWhenNodeJsonIsMissingFromADataDirThatHoldsData()
      throws Exception {
    // given: a used data dir whose node.json was lost
    Path used = dir.resolve("used");
    Files.createDirectories(used.resolve("partitions").resolve("t-0"));
    Files.createDirectories(used.resolve("raft").resolve("5e0c2b1a-0000-4000-8000-000000000001"));

    // when
    Throwable failure = catchThrowable(() -> NodeIdentity.loadOrCreate(used, 1));

    // then
    assertThat(failure)
        .isInstanceOfSatisfying(
            ChronikException.class,
            e -> {
              assertThat(e.code()).isEqualTo("CHR-1001");
              assertThat(e.kind()).isEqualTo(ChronikException.Kind.DATA);
            })
        .hasMessageContaining("has no node.json but holds raft/ and partitions/");
    assertThat(used.resolve("node.json")).doesNotExist();
    // and: empty raft/ and partitions/ dirs (a start that stopped early) are still a new data dir
    Path fresh = dir.resolve("fresh");
    Files.createDirectories(fresh.resolve("raft"));
    assertThat(NodeIdentity.loadOrCreate(fresh, 1).nodeId()).isEqualTo(1);
  }

  @Test
  void shouldUseTheCreationTimeAsIncarnationWhenNodeJsonPredatesIt() throws Exception {
    // given: a node.json written before incarnations existed
    Files.writeString(
        dir.resolve("node.json"),
        "{\"formatVersion\":1,\"clusterId\":\"c\",\"nodeId\":2,"
            + "\"createdAt\":\"2026-01-01T00:00:00Z\"}");

    // when
    NodeIdentity id = NodeIdentity.loadOrCreate(dir, 2);

    // then
    assertThat(id.incarnation()).isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void shouldKeepTheFixedMetadataGroupIdWhenNodeJsonPredatesPerClusterIds() throws Exception {
    // given: a node.json written before the metadata group id was recorded
    Files.writeString(
        dir.resolve("node.json"),
        "{\"formatVersion\":1,\"clusterId\":\"c\",\"nodeId\":2,"
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"incarnation\":\"i\"}");

    // when
    NodeIdentity id = NodeIdentity.loadOrCreate(dir, 2);
    id.withClusterId("d").write(dir);
    NodeIdentity rewritten = NodeIdentity.loadOrCreate(dir, 2);

    // then: the old fixed id, and node.json stays without the field an older release cannot read
    assertThat(id.metaGroup()).contains(MetaGroupIds.LEGACY);
    assertThat(rewritten.metaGroup()).contains(MetaGroupIds.LEGACY);
    assertThat(Files.readString(dir.resolve("node.json"))).doesNotContain("metaGroupId");
  }

  @Test
  void shouldRecordTheMetadataGroupIdWhenTheDataDirIsCreated() throws Exception {
    // given
    java.util.UUID founders =
        MetaGroupIds.forFounders(
            java.util.List.of(
                BrokerConfig.PeerAddress.parse("1@127.0.0.1:24001"),
                BrokerConfig.PeerAddress.parse("2@127.0.0.1:24002")),
            "ignored");

    // when
    NodeIdentity founder = NodeIdentity.loadOrCreate(dir.resolve("a"), 1, c -> founders);
    NodeIdentity joiner = NodeIdentity.loadOrCreate(dir.resolve("b"), 4, c -> null);
    NodeIdentity single = NodeIdentity.loadOrCreate(dir.resolve("c"), 1);

    // then
    assertThat(NodeIdentity.loadOrCreate(dir.resolve("a"), 1).metaGroup()).contains(founders);
    assertThat(joiner.metaGroup()).isEmpty();
    assertThat(NodeIdentity.loadOrCreate(dir.resolve("b"), 4).metaGroup()).isEmpty();
    java.util.UUID learned = java.util.UUID.randomUUID();
    joiner.withMetaGroupId(learned).write(dir.resolve("b"));
    assertThat(NodeIdentity.loadOrCreate(dir.resolve("b"), 4).metaGroup()).contains(learned);
    assertThat(single.metaGroup())
        .contains(MetaGroupIds.forFounders(java.util.List.of(), single.clusterId()));
  }

  @Test
  void shouldReadTheRemovalMarkBackAsTheSameErrorWhenTheNodeWasRemoved() throws Exception {
    // given
    new NodeRemoval(3, "c", "node 3 was removed from the cluster by node 1").write(dir);

    // when
    ChronikException e = NodeRemoval.read(dir).orElseThrow().error(dir);

    // then
    assertThat(e.code()).isEqualTo("CHR-1009");
    assertThat(e.kind()).isEqualTo(ChronikException.Kind.DATA);
    assertThat(e.getMessage()).isEqualTo("node 3 was removed from the cluster by node 1");
    assertThat(e.hint()).contains("wipe the data dir " + dir).contains("--join");
    assertThat(NodeRemoval.read(dir.resolve("missing"))).isEmpty();
  }
}
