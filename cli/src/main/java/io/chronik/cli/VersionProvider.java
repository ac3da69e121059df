package io.chronik.cli;

import picocli.CommandLine.IVersionProvider;

/** Backs {@code chronik --version}: the same lines as {@code chronik version}. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return BuildInfo.current().textLines().toArray(String[]::new);
  }
}
