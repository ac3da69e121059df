package io.chronik.cli.snapshot;

import io.chronik.broker.ChronikException;
import io.chronik.cli.ExitCodes;
import io.chronik.cli.Json;
import io.chronik.cli.OutputOptions;
import io.chronik.cli.Table;
import io.chronik.cli.cluster.AdminActions;
import io.chronik.cli.cluster.AdminOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code chronik snapshot create}: a running node takes a snapshot now, and may upload it. */
@Command(
    name = "create",
    description = {
      "Ask a running node (its admin API, --admin) to take a Raft snapshot of one group"
          + " (--group orders-0, or meta) or of every group it hosts, now, and to write its"
          + " archive under DATA_DIR/snapshots/. With --upload the node also uploads the archives"
          + " to its snapshot store (--snapshot-store / CHRONIK_SNAPSHOT_STORE of the node); on a"
          + " terminal, with text output, a line on stderr shows the node's upload progress.",
      "Snapshots are per node: run it on each node whose copy you want, or on any one node to"
          + " have a recent archive of each group it hosts in the store.",
      "The JSON form is {\"snapshots\": [{\"group\", \"groupId\", \"index\", \"term\","
          + " \"file\", \"sizeBytes\", \"uploaded\", \"storeKey\", \"error\"}]}, as the node"
          + " answered.",
      "Exit 0 when every snapshot (and upload) worked, 1 when one failed (CHR-7105) or the"
          + " node refused (CHR-7013: --upload without a store on the node), 64 for an unknown"
          + " group, 69 when the node does not answer or is not ready."
    },
    footer = {
      "  chronik snapshot create --admin 10.0.0.1:9644",
      "  chronik snapshot create --group orders-0 --upload -o json"
    })
public final class SnapshotCreateCommand implements Callable<Integer> {
  /** A snapshot or its upload failed. */
  static final String FAILED = "CHR-7105";

  @Spec private CommandSpec spec;

  @Mixin private AdminOptions admin;

  @Mixin private OutputOptions output;

  @Option(
      names = "--group",
      paramLabel = "GROUP",
      description =
          "Only this group: meta, TOPIC-PARTITION, or TOPIC-FIRST..LAST for a group carrying"
              + " several partitions; TOPIC-PARTITION of a partition in such a group snapshots its"
              + " group (default: every group on the node).")
  private String group;

  @Option(names = "--upload", description = "Also upload the archives to the node's store.")
  private boolean upload;

  /** One snapshot of the node's answer. */
  record Created(
      String group,
      String groupId,
      Long index,
      Long term,
      String file,
      Long sizeBytes,
      boolean uploaded,
      String storeKey,
      String error) {}

  /** The JSON document. */
  record Creation(List<Created> snapshots) {}

  @Override
  public Integer call() {
    Map<String, Object> request = new LinkedHashMap<>();
    if (group != null) {
      request.put("group", group);
    }
    if (upload) {
      request.put("upload", true);
    }
    Supplier<Map<String, Object>> action =
        () ->
            AdminActions.post(
                admin.admin(),
                "/v1/actions/snapshot",
                request,
                admin.timeout(),
                "check the group (chronik cluster status), and for --upload that the node has a"
                    + " snapshot store (--snapshot-store)");
    Progress progress = Progress.onTerminal(spec.commandLine().getErr(), output);
    Map<String, Object> answer =
        upload && progress.enabled()
            ? UploadWatch.await(
                CompletableFuture.supplyAsync(action), admin.admin(), admin.timeout(), progress)
            : action.get();
    List<Created> created = parse(answer);
    PrintWriter out = spec.commandLine().getOut();
    if (output.isJson()) {
      out.println(Json.write(new Creation(created)));
    } else {
      Table table = new Table("GROUP", "INDEX", "TERM", "SIZE", "UPLOADED", "FILE");
      for (Created c : created) {
        table.row(
            c.group(),
            c.index(),
            c.term(),
            c.sizeBytes() == null ? null : Formats.bytes(c.sizeBytes()),
            c.error() != null ? "error" : c.uploaded() ? "yes" : "no",
            c.error() != null ? c.error() : c.uploaded() ? c.storeKey() : c.file());
      }
      table.print(out);
    }
    out.flush();
    List<Created> failed = created.stream().filter(c -> c.error() != null).toList();
    if (!failed.isEmpty()) {
      List<String> reasons = failed.stream().map(c -> c.group() + ": " + c.error()).toList();
      throw new ChronikException(
          FAILED,
          ChronikException.Kind.RUNTIME,
          failed.size()
              + " of "
              + created.size()
              + (created.size() == 1 ? " snapshot" : " snapshots")
              + " failed: "
              + String.join("; ", reasons),
          "fix what the node reports and run 'chronik snapshot create' again; for upload errors"
              + " 'chronik doctor snapshots' probes the store");
    }
    return ExitCodes.OK;
  }

  /** The snapshots of the node's answer; a field the node left out is null. */
  static List<Created> parse(Map<String, Object> answer) {
    Object list = answer.get("snapshots");
    if (!(list instanceof List<?> items)) {
      throw new ChronikException(
          AdminActions.REFUSED,
          ChronikException.Kind.RUNTIME,
          "the node's answer has no snapshots list: " + answer,
          "is --admin a chronik node of this version?");
    }
    List<Created> created = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof Map<?, ?> m) {
        created.add(
            new Created(
                string(m.get("group")),
                string(m.get("groupId")),
                number(m.get("index")),
                number(m.get("term")),
                string(m.get("file")),
                number(m.get("sizeBytes")),
                Boolean.TRUE.equals(m.get("uploaded")),
                string(m.get("storeKey")),
                string(m.get("error"))));
      }
    }
    return created;
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }

  private static Long number(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }
}
