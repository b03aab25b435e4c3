package dev.selection.cli;

import dev.selection.api.SelectionEngine;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The {@code --library DIR} option of commands that work on a library; it may also stand before the
 * command name ({@code selection --library DIR status}).
 */
final class LibraryOption {
  @Option(
      names = "--library",
      paramLabel = "DIR",
      description = "The library root: everything Selection stores goes under it.")
  Path library;

  /** Returns the library root given here or before the command name. */
  Path resolve(Main parent) {
    Path p = library != null ? library : parent == null ? null : parent.library;
    if (p == null) {
      throw new IllegalArgumentException("--library DIR is required");
    }
    return p;
  }

  /**
   * Opens an engine on the library, creating a missing library folder. The CLI turns automatic
   * retraining off: a command ends before a debounce would fire; use {@code selection train}.
   */
  SelectionEngine open(Main parent) {
    return SelectionEngine.builder(resolve(parent))
        .createLibraryRoot()
        .autoTrain(false, 20, Duration.ofSeconds(8))
        .build();
  }
}
