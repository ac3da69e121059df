package io.chronik.diagnostics.errors;

import static io.chronik.diagnostics.errors.CatalogueEntries.DOCTOR;
import static io.chronik.diagnostics.errors.CatalogueEntries.LOG;

import java.util.List;

/**
 * Errors of Raft snapshots, snapshot archives and snapshot stores (CHR-3xxx). Part of {@link
 * CatalogueEntries}.
 */
final class ArchiveAndStoreErrors {
  static final List<ErrorCode> ALL =
      List.of(
          new ErrorCode(
              "CHR-3001",
              "A Raft snapshot does not match its checksum",
              LOG,
              "A snapshot file of a Raft group does not match its MD5 sidecar: it was damaged on"
                  + " disk or written incompletely.",
              "The log line names the snapshot file; `md5sum FILE` differs from FILE.md5.",
              "Nothing for the node: it ignores the corrupt snapshot and uses an older one or"
                  + " the log. Remove the corrupt file, and check the disk if it recurs.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              ErrorCatalogue.SNAPSHOT_INSTALL_NEEDED,
              "A follower must install a snapshot (log truncated)",
              "broker log (a follower behind the leader's log start); "
                  + DOCTOR
                  + " (partition.under-replicated)",
              "A follower is so far behind that the entries it needs were already compacted"
                  + " into a snapshot and purged from the leader's log. It cannot catch up by"
                  + " replaying the log and must install the leader's snapshot first.",
              "`chronik doctor --admin HOST:PORT` shows the follower out of sync; on the"
                  + " leader, `curl ADMIN/v1/raft/groups` shows logStartIndex above the"
                  + " follower's matchIndex.",
              "Nothing when it completes: Raft sends the snapshot. If it keeps failing, check"
                  + " free space and the network between the nodes.",
              ErrorCode.NO_EXIT),
          new ErrorCode(
              "CHR-3101",
              "Not a snapshot archive",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The file does not start with the bytes CHRNKSNP: it is not a chronik snapshot archive.",
              "`head -c 8 FILE` prints CHRNKSNP for an archive.",
              "Check the path or the store key.",
              65),
          new ErrorCode(
              "CHR-3102",
              "A snapshot archive's header is corrupt",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The fixed header's CRC-32C does not match: the archive was damaged on disk, in the store or in transit.",
              "Verifying the archive (SnapshotArchive.verify) names the region, byte range or file.",
              "Use another copy of the archive (local or in the store) or an older verified one; never restore from an archive that fails verification.",
              65),
          new ErrorCode(
              "CHR-3103",
              "A snapshot archive's format is newer",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The archive's format version is newer than this chronik reads.",
              "The message names both versions.",
              "Use a chronik release that reads that format version.",
              65),
          new ErrorCode(
              "CHR-3104",
              "A snapshot archive's manifest is corrupt",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The JSON manifest does not match its CRC-32C or does not parse.",
              "Verifying the archive (SnapshotArchive.verify) names the region, byte range or file.",
              "Use another copy of the archive (local or in the store) or an older verified one; never restore from an archive that fails verification.",
              65),
          new ErrorCode(
              "CHR-3105",
              "Snapshot payload bytes are corrupt",
              "snapshot archives (io.chronik.broker.snapshot)",
              "A chunk of the compressed payload does not match its CRC-32C; the message names the byte range.",
              "Verifying the archive (SnapshotArchive.verify) names the region, byte range or file.",
              "Use another copy of the archive (local or in the store) or an older verified one; never restore from an archive that fails verification.",
              65),
          new ErrorCode(
              "CHR-3106",
              "A snapshot archive is truncated or too long",
              "snapshot archives (io.chronik.broker.snapshot)",
              "The archive is shorter or longer than its manifest says: an interrupted copy or upload.",
              "Compare the file size with the manifest's payload length.",
              "Copy or download the archive again, or use another copy.",
              65),
          new ErrorCode(
              "CHR-3107",
              "A file inside a snapshot is corrupt",
              "snapshot archives (io.chronik.broker.snapshot)",
              "A file's size or CRC-32C after decompression differs from the manifest; the message names the file.",
              "Verifying the archive (SnapshotArchive.verify) names the region, byte range or file.",
              "Use another copy of the archive (local or in the store) or an older verified one; never restore from an archive that fails verification.",
              65),
          new ErrorCode(
              "CHR-3108",
              "A snapshot file name is unsafe",
              "snapshot archives (io.chronik.broker.snapshot)",
              "A file name in the manifest or the input is absolute, contains '.' or '..' segments, or repeats.",
              "The message names the entry.",
              "Fix the input; an archive with such a name is refused.",
              65),
          new ErrorCode(
              "CHR-3109",
              "A file changed while it was archived",
              "snapshot archives (io.chronik.broker.snapshot)",
              "A file shrank or changed while the archive was written.",
              "The message names the file.",
              "Take the snapshot again.",
              65),
          new ErrorCode(
              "CHR-3201",
              "Snapshot not found in the store",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "The object, bucket or container does not exist.",
              "List the store (`aws s3 ls s3://BUCKET/PREFIX/`, `az storage blob list`).",
              "Check the store URI (bucket or container, prefix) and the snapshot's name.",
              1),
          new ErrorCode(
              "CHR-3202",
              "Snapshot store access denied",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "The object store refused a read or write: the credentials are missing, expired or lack permission on the bucket or container, or the prefix is wrong.",
              "List the bucket with the store's own tool and the same credentials.",
              "Fix the credentials or the bucket policy: chronik needs list, read and write on the prefix, and delete for retention. An s3:// or gs:// store takes S3_ACCESS_KEY and S3_SECRET_KEY, else the AWS SDK's standard chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, an instance role); an azure:// store takes AZURE_ACCOUNT_NAME and AZURE_ACCOUNT_KEY or AZURE_STORAGE_CONNECTION_STRING.",
              69),
          new ErrorCode(
              "CHR-3203",
              "Snapshot store unavailable",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "The store could not be reached, or answered that it is busy or failing; uploads are retried with backoff and the local copy is kept.",
              "Reach the endpoint from the node (`curl -sI https://ENDPOINT`).",
              "Check the endpoint and the network; the operation can be retried.",
              69),
          new ErrorCode(
              "CHR-3204",
              "Snapshot store error",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "Another error answered by the store.",
              "The message carries the store's answer.",
              "Act on the store's message.",
              1),
          new ErrorCode(
              "CHR-3205",
              "Bad snapshot store URI or variable",
              "snapshot stores (io.chronik.broker.snapshot.store)",
              "A store URI or one of the store variables (OBJECT_STORE_BACKEND, S3_*, GCS_BUCKET, AZURE_*) is malformed or incomplete.",
              "The message names the URI or variable.",
              "Fix it; docs/snapshots.md lists the URIs and variables.",
              64),
          new ErrorCode(
              "CHR-3301",
              "A snapshot archive could not be written",
              LOG,
              "After a Raft snapshot the node could not stage its files or write the group's archive under <data-dir>/snapshots/<group>/ (disk full, permissions, or the snapshot was deleted before it was archived). The Raft snapshot itself is intact; only the archive is missing.",
              "Check free space and permissions of the data dir; `chronik snapshot list --data-dir DIR` shows which archives exist.",
              "Free space or fix the permissions, then take a snapshot again: `chronik snapshot create`.",
              1));

  private ArchiveAndStoreErrors() {}
}
