package host;

import dev.selection.api.CancellationToken;
import dev.selection.api.ExtractOptions;
import dev.selection.api.ExtractionReport;
import dev.selection.api.Label;
import dev.selection.api.PredictResult;
import dev.selection.api.SelectionEngine;
import dev.selection.api.TrainResult;
import dev.selection.core.samples.DemoLibrary;
import dev.selection.core.samples.DemoStyle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Scans a generated library, labels it, trains and predicts; prints one line per step. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    List<DemoLibrary.Track> tracks = DemoLibrary.write(root.resolve("music"), 6, 5, 22_050, 7);
    try (SelectionEngine engine =
        SelectionEngine.builder(root.resolve("library"))
            .createLibraryRoot()
            .autoTrain(false, 20, Duration.ofSeconds(8))
            .minPositives(5)
            .build()) {
      List<Path> files = new ArrayList<>();
      List<Path> liked = new ArrayList<>();
      List<Path> disliked = new ArrayList<>();
      List<Path> held = new ArrayList<>();
      for (DemoLibrary.Track t : tracks) {
        files.add(t.path());
        if (t.index() > 5) {
          held.add(t.path());
        } else {
          (t.style() == DemoStyle.TECHNO ? liked : disliked).add(t.path());
        }
      }
      ExtractionReport r =
          engine.extractFeatures(
              files, new ExtractOptions(false, false, 32, false), p -> {}, new CancellationToken());
      System.out.println("scanned " + r.extracted() + " failed " + r.failed());
      engine.setLabelsForFilePaths(liked, Label.LIKED);
      engine.setLabelsForFilePaths(disliked, Label.DISLIKED);
      TrainResult t = engine.train(p -> {}, new CancellationToken());
      System.out.println("train " + t.status().wireName() + " " + t.message());
      PredictResult p = engine.predictForFilePaths(held, 3);
      System.out.println("predict " + p.status().wireName() + " " + p.items().size());
    }
  }
}
