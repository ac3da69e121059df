package io.chronik.diagnostics.errors;

import java.util.List;
import java.util.stream.Stream;

/**
 * The entries of the {@link ErrorCatalogue}, one list per range of codes: {@link NodeErrors} (1xxx,
 * 2xxx), {@link ArchiveAndStoreErrors} (3xxx), {@link CommandErrors} (6xxx, 7xxx) and {@link
 * DoctorErrors} (8xxx). Add a code to its range's list with its cause, how to confirm it and the
 * fix; {@code chronik explain}, docs/troubleshooting.md and the table of docs/exit-codes.md follow.
 */
final class CatalogueEntries {
  static final String START = "broker start (chronik standalone)";
  static final String LOG = "broker log";
  static final String DOCTOR = "chronik doctor";

  static final List<ErrorCode> ALL =
      Stream.of(NodeErrors.ALL, ArchiveAndStoreErrors.ALL, CommandErrors.ALL, DoctorErrors.ALL)
          .flatMap(List::stream)
          .toList();

  private CatalogueEntries() {}
}
