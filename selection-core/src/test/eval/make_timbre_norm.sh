#!/usr/bin/env bash
# Regenerates the timbre reference corpus and rewrites the constants of TimbreNormalization.java.
# Usage, from the repository root: selection-core/src/test/eval/make_timbre_norm.sh [WORKDIR]
set -euo pipefail
WORK=${1:-selection-core/target/timbre-corpus}
EVAL=selection-core/src/test/eval
rm -rf "$WORK"
python3 "$EVAL/tonal_eval.py" timbre-corpus "$WORK"
mvn -q -B -pl selection-core -am test-compile
M=${M2_REPO:-$HOME/.m2/repository}
CP=selection-core/target/classes:selection-core/target/test-classes:selection-api/target/classes
CP=$CP:$M/com/github/wendykierp/JTransforms/3.1/JTransforms-3.1.jar:$M/pl/edu/icm/JLargeArrays/1.5/JLargeArrays-1.5.jar
CP=$CP:$M/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar
java -cp "$CP" dev.selection.core.internal.dsp.timbre.TimbreNormalizationGenerator "$WORK" \
  selection-core/src/main/java/dev/selection/core/internal/dsp/timbre/TimbreNormalization.java
