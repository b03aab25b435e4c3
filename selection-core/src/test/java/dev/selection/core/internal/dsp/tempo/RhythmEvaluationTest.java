package dev.selection.core.internal.dsp.tempo;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints the tempo and beat evaluation ({@link RhythmEvaluation}) of the folders named by {@code
 * tempo.eval.dirs} (comma-separated). Skipped unless the property is set; see docs/tempo.md for the
 * commands that make the folders:
 *
 * <pre>
 * mvn -q -B -pl selection-core -am verify -Dtest=RhythmEvaluationTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtempo.eval.dirs=$PWD/selection-core/target/tempo-eval,$PWD/selection-core/target/tempo-real/fof
 * </pre>
 */
@EnabledIfSystemProperty(named = "tempo.eval.dirs", matches = ".+")
class RhythmEvaluationTest {
  @Test
  void printEvaluation() throws Exception {
    for (String dir : System.getProperty("tempo.eval.dirs").split(",")) {
      System.out.println("## " + dir);
      System.out.println(RhythmEvaluation.run(Path.of(dir.trim()), new TempoEstimator()));
    }
  }
}
