#!/usr/bin/env bash
# Throughput per core of the Spark job in local[2] against `selection scan` on the same files, in
# the same run (alternating order), and the output size per track. Prints one JSON line per run and
# a summary. Usage (from the repository root, after `mvn -q -B -DskipTests package`):
#
#   selection-spark/scripts/measure.sh [TRACKS] [SECONDS] [ROUNDS] [--no-embeddings]
#
# Defaults: 48 tracks of 120 s (44.1 kHz stereo WAV, the demo generator), 2 rounds, embeddings on.
# The job runs from the shaded jar on Spark's class path (as spark-submit runs it); both sides use
# 2 cores: `scan` its default thread budget (min(2, cores)), the job `local[2]`.
set -euo pipefail
TRACKS=${1:-48}
SECONDS_PER_TRACK=${2:-120}
ROUNDS=${3:-2}
EMB=${4:-}
REPO=${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$(mktemp -d -t selection-spark-measure.XXXXXX)}
CLI=$ROOT/selection-cli/target/selection.jar
JOB=$ROOT/selection-spark/target/selection-spark.jar
[ -f "$CLI" ] && [ -f "$JOB" ] || { echo "build first: mvn -q -B -DskipTests package" >&2; exit 2; }

# Spark and what it ships (jackson, slf4j, ...): the module's compile class path without the
# libraries the shaded jar holds.
CPFILE=$WORK/classpath.txt
(cd "$ROOT" && mvn -q -B $REPO -pl selection-spark dependency:build-classpath \
  -Dmdep.includeScope=compile -Dmdep.outputFile="$CPFILE" >/dev/null)
SPARK_CP=$(tr ':' '\n' < "$CPFILE" \
  | grep -v -E '/dev/selection/|JTransforms|JLargeArrays|xgboost4j|onnxruntime|sqlite-jdbc|/jhdf/' \
  | paste -sd: -)
FLAGS="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
export OMP_WAIT_POLICY=PASSIVE

MUSIC=$WORK/music
if [ ! -d "$MUSIC" ]; then
  echo "generating $TRACKS tracks of $SECONDS_PER_TRACK s in $MUSIC" >&2
  PER_STYLE=$(( (TRACKS + 4) / 5 ))
  printf 'dev.selection.core.samples.DemoLibrary.write(java.nio.file.Path.of("%s"), %d, %d, 44100, 1);\n/exit\n' \
    "$MUSIC" "$PER_STYLE" "$SECONDS_PER_TRACK" | jshell --class-path "$CLI" -q >/dev/null
fi
N=$(find "$MUSIC" -name '*.wav' | wc -l)
SCAN_EMB=""; JOB_EMB=""
if [ "$EMB" = "--no-embeddings" ]; then SCAN_EMB="--no-embeddings"; JOB_EMB="--no-embeddings"; fi

run_scan() {
  rm -rf "$WORK/lib"; mkdir -p "$WORK/lib"
  local t0=$(date +%s.%N)
  env time -f '%M %U %S' -o "$WORK/scan.rss" java -jar "$CLI" --library "$WORK/lib" scan "$MUSIC" \
    --json --no-progress $SCAN_EMB | tail -1 > "$WORK/scan.json"
  local t1=$(date +%s.%N)
  echo "{\"side\":\"scan\",\"wallSeconds\":$(echo "$t1 - $t0" | bc),\"peakRssKb\":$(cut -d' ' -f1 "$WORK/scan.rss"),\"cpuSeconds\":$(awk '{print $2 + $3}' "$WORK/scan.rss"),\"report\":$(cat "$WORK/scan.json")}"
}
run_job() {
  rm -rf "$WORK/out"
  local t0=$(date +%s.%N)
  env time -f '%M %U %S' -o "$WORK/job.rss" java -Xmx2g $FLAGS -cp "$SPARK_CP:$JOB" \
    dev.selection.spark.Analyze --master 'local[2]' --input "$MUSIC" --output "$WORK/out" $JOB_EMB \
    2>"$WORK/job.err" | tail -1 > "$WORK/job.json"
  local t1=$(date +%s.%N)
  local bytes=$(du -sb --exclude='_*' "$WORK/out" | cut -f1)
  echo "{\"side\":\"spark\",\"wallSeconds\":$(echo "$t1 - $t0" | bc),\"peakRssKb\":$(cut -d' ' -f1 "$WORK/job.rss"),\"cpuSeconds\":$(awk '{print $2 + $3}' "$WORK/job.rss"),\"outputBytes\":$bytes,\"report\":$(cat "$WORK/job.json")}"
}

echo "{\"tracks\":$N,\"secondsPerTrack\":$SECONDS_PER_TRACK,\"embeddings\":\"${EMB:-on}\",\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
: > "$WORK/results.jsonl"
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then run_scan; run_job; else run_job; run_scan; fi | tee -a "$WORK/results.jsonl"
done
python3 - "$WORK/results.jsonl" "$N" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
n = int(sys.argv[2])
def mean(xs): return sum(xs) / len(xs)
scan = [r for r in rows if r["side"] == "scan"]
job = [r for r in rows if r["side"] == "spark"]
scan_wall = mean([r["wallSeconds"] for r in scan]); job_wall = mean([r["wallSeconds"] for r in job])
scan_el = mean([r["report"]["elapsedSeconds"] for r in scan]); job_el = mean([r["report"]["elapsedSeconds"] for r in job])
job_an = mean([r["report"]["analysisSeconds"] for r in job])
print(json.dumps({
  "tracks": n,
  "scanTracksPerCoreSecond": round(n / scan_el / 2, 4),
  "sparkTracksPerCoreSecond": round(n / job_el / 2, 4),
  "sparkAnalysisStageTracksPerCoreSecond": round(n / job_an / 2, 4),
  "ratioJobOverScan": round(scan_el / job_el, 3),
  "ratioAnalysisStageOverScan": round(scan_el / job_an, 3),
  "sparkFixedSeconds": round(job_el - job_an, 2),
  "ratioEndToEnd": round(scan_wall / job_wall, 3),
  "scanCpuSecondsPerTrack": round(mean([r["cpuSeconds"] for r in scan]) / n, 3),
  "sparkCpuSecondsPerTrack": round(mean([r["cpuSeconds"] for r in job]) / n, 3),
  "ratioCpu": round(mean([r["cpuSeconds"] for r in scan]) / mean([r["cpuSeconds"] for r in job]), 3),
  "scanWallSeconds": round(scan_wall, 2), "sparkWallSeconds": round(job_wall, 2),
  "scanPeakRssMb": round(mean([r["peakRssKb"] for r in scan]) / 1024),
  "sparkPeakRssMb": round(mean([r["peakRssKb"] for r in job]) / 1024),
  "outputBytesPerTrack": round(mean([r["outputBytes"] for r in job]) / n),
}))
PY
