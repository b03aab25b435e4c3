package dev.selection.cli;

import dev.selection.api.Label;
import dev.selection.api.LabelUpdate;
import dev.selection.api.SelectionEngine;
import dev.selection.api.SelectionException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code selection label like|dislike|clear <songId|path>...}. */
@Command(
    name = "label",
    mixinStandardHelpOptions = true,
    description =
        "Marks songs liked, disliked or neutral (clear). Targets are song ids (64 hex "
            + "characters) or audio files, identified through the path index.")
final class LabelCommand implements Callable<Integer> {
  private static final Pattern SONG_ID = Pattern.compile("[0-9a-f]{64}");

  @ParentCommand Main parent;
  @Mixin LibraryOption library;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "like|dislike|clear", description = "The label to set.")
  String word;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "TARGET",
      description = "Song ids or audio file paths.")
  List<String> targets;

  @Option(names = "--json", description = "Print one JSON object per line.")
  boolean json;

  @Override
  public Integer call() {
    Label label = Label.parse(word);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failures = 0;
    try (SelectionEngine engine = library.open(parent)) {
      List<String> ids = new ArrayList<>();
      List<String> notInLibrary = new ArrayList<>();
      for (String t : targets) {
        if (SONG_ID.matcher(t).matches()) {
          ids.add(t);
          continue;
        }
        try {
          String id = engine.songIdFor(Path.of(t));
          ids.add(id);
          if (engine.getSongFeatures(id).isEmpty()) {
            // Labelled by id all the same: the label counts once the file is scanned.
            notInLibrary.add(t);
            if (!json) {
              err.println(
                  "warning: "
                      + t
                      + " is not in the library (not scanned): its label counts once it is"
                      + " scanned");
            }
          }
        } catch (SelectionException e) {
          failures++;
          if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", t);
            m.put("error", e.code().wireName());
            m.put("message", e.getMessage());
            out.println(Json.line(m));
          } else {
            err.println("error: " + t + ": " + e.code().wireName() + ": " + e.getMessage());
          }
        }
      }
      if (!ids.isEmpty()) {
        LabelUpdate u = engine.setSelectionLabels(ids, label);
        if (json) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("label", label.wireName());
          m.put("total", u.total());
          m.put("changed", u.changed());
          m.put("sampleChangeCount", u.sampleChangeCount());
          m.put("sampleChangeDelta", u.sampleChangeDelta());
          m.put("notInLibrary", notInLibrary);
          out.println(Json.line(m));
        } else {
          out.printf(
              Locale.ROOT,
              "%s: %d song(s), %d changed; sampleChangeCount %d%n",
              label.wireName(),
              u.total(),
              u.changed(),
              u.sampleChangeCount());
        }
      }
    }
    out.flush();
    return failures == 0 ? 0 : 1;
  }
}
