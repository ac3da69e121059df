package io.chronik.broker.snapshot;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a snapshot holds: the metadata group's image, or one partition's log. */
public enum SnapshotKind {
  META("meta"),
  PARTITION("partition");

  private final String id;

  SnapshotKind(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  @JsonCreator
  public static SnapshotKind fromId(String id) {
    for (SnapshotKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown snapshot kind '" + id + "': use meta|partition");
  }
}
