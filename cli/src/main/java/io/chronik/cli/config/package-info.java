/**
 * The settings of chronik: one definition derived from the picocli model ({@link
 * io.chronik.cli.config.Settings}), the config file ({@code --config FILE}), and the {@code chronik
 * config} commands. Start-up matters: nothing here loads broker classes.
 */
package io.chronik.cli.config;
