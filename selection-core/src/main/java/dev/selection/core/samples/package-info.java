/**
 * Sample material for demos, examples and tests: a library of stylistically distinct synthetic
 * tracks ({@link dev.selection.core.samples.DemoLibrary}), generated in process with no downloads.
 * The {@code selection demo} command runs the whole pipeline on it.
 */
package dev.selection.core.samples;
