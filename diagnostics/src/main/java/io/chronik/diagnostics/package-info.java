/** Health checks, playbooks and the error catalogue. */
package io.chronik.diagnostics;
