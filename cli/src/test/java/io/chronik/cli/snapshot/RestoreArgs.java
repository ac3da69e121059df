package io.chronik.cli.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The arguments of {@code chronik snapshot restore}, written out once for the tests. */
final class RestoreArgs {
  private RestoreArgs() {}

  /**
   * {@code snapshot restore --from <from> --data-dir <dataDir> --node-id <nodeId>}, then {@code
   * extra} in the order given.
   */
  static String[] restoreArgs(String from, Path dataDir, int nodeId, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "snapshot",
                "restore",
                "--from",
                from,
                "--data-dir",
                dataDir.toString(),
                "--node-id",
                Integer.toString(nodeId)));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }
}
