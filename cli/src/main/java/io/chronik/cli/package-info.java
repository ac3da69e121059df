/** The chronik command line. */
package io.chronik.cli;
