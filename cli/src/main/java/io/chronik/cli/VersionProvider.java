package io.chronik.cli;

import picocli.CommandLine.IVersionProvider;

/** Backs {@code chronik --version}: the same lines as {@code chronik version}. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    // no lambda or method reference here: spinning one costs start-up time on every run
    return BuildInfo.current().textLines().toArray(new String[0]);
  }
}
