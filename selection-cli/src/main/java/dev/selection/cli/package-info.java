/**
 * The {@code selection} command line. No {@code module-info}: the CLI ships as one shaded jar that
 * runs on the class path ({@code java -jar selection.jar}), where the automatic modules of its
 * dependencies (picocli, progressbar, JOrbis) need no declarations.
 */
package dev.selection.cli;
