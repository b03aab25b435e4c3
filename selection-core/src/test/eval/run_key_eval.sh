#!/usr/bin/env bash
# Regenerates the key evaluation set, runs our estimator (all profiles) and Essentia's KeyExtractor
# (essentia.js from npm, installed under selection-core/target/ejs) and prints the accuracy table of docs/tonal.md.
# Usage, from the repository root: selection-core/src/test/eval/run_key_eval.sh [WORKDIR]
set -euo pipefail
WORK=${1:-selection-core/target/keyeval}
EJS=$PWD/selection-core/target/ejs
EVAL=selection-core/src/test/eval
python3 "$EVAL/tonal_eval.py" keys "$WORK"
mvn -q -B -pl selection-core -am test-compile
M=${M2_REPO:-$HOME/.m2/repository}
CP=selection-core/target/classes:selection-core/target/test-classes:selection-api/target/classes
CP=$CP:$M/com/github/wendykierp/JTransforms/3.1/JTransforms-3.1.jar:$M/pl/edu/icm/JLargeArrays/1.5/JLargeArrays-1.5.jar
CP=$CP:$M/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar
java -cp "$CP" dev.selection.core.internal.dsp.tonal.KeyEvalMain "$WORK/manifest.tsv" > "$WORK/pred_selection.tsv"
if [ ! -d "$EJS/node_modules/essentia.js" ]; then
  mkdir -p "$EJS" && (cd "$EJS" && npm init -y > /dev/null && npm install essentia.js@0.1.3 > /dev/null)
fi
NODE_PATH="$EJS/node_modules" node "$EVAL/essentia_keys.js" "$WORK/manifest.tsv" > "$WORK/pred_essentia.tsv"
python3 "$EVAL/tonal_eval.py" score "$WORK/pred_selection.tsv" "$WORK/pred_essentia.tsv"
