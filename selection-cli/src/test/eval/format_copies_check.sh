#!/usr/bin/env bash
# Format copies of real recordings (docs/efficientat.md): for N recordings of every source of a corpus
# (build_eval_corpus.sh), ffmpeg makes an MP3 128 kbit/s, an Ogg Vorbis q4 48 kHz, a FLAC 48 kHz mono and a
# WAV 22.05 kHz mono copy next to the source; `selection embed --json` embeds all of them with the
# built-in model; then every copy's nearest neighbour (cosine after the ranker's standardisation with a
# variance floor, statistics of all files) must be a copy of its own recording.
# Usage: format_copies_check.sh CORPUS_DIR WORK_DIR [PER_SOURCE=3]   (needs ffmpeg and Debian's python3 + numpy)
set -euo pipefail
corpus="${1:?usage: format_copies_check.sh CORPUS_DIR WORK_DIR [PER_SOURCE]}"
work="${2:?}"
per="${3:-3}"
cd "$(dirname "$0")/../../../.."
jar=selection-cli/target/selection.jar
[ -f "$jar" ] || mvn -q -B -o package -DskipTests -pl selection-cli -am
mkdir -p "$work/copies"
for src in "$corpus"/*/; do
  g=$(basename "$src")
  find "$src" -type f -name '*.flac' | sort | head -n "$per" | while IFS= read -r f; do
    b="$work/copies/${g}__$(basename "${f%.*}" | tr ' ' '_')"
    cp "$f" "$b.flac"
    ffmpeg -nostdin -v error -y -i "$f" -b:a 128k -c:a libmp3lame "$b.mp3"
    ffmpeg -nostdin -v error -y -i "$f" -ar 48000 -q:a 4 -c:a libvorbis "$b.ogg"
    ffmpeg -nostdin -v error -y -i "$f" -ar 48000 -ac 1 -c:a flac "$b.48k-mono.flac"
    ffmpeg -nostdin -v error -y -i "$f" -ar 22050 -ac 1 -c:a pcm_s16le "$b.22k-mono.wav"
  done
done
java -jar "$jar" embed "$work"/copies/* --json > "$work/embeddings.jsonl" || true
/usr/bin/python3 - "$work/embeddings.jsonl" <<'PY'
import json, sys
import numpy as np
rows = [json.loads(l) for l in open(sys.argv[1]) if '"vector"' in l]
names = [r["path"].rsplit("/", 1)[1] for r in rows]
rec = [n.split(".")[0] for n in names]
X = np.array([r["vector"] for r in rows], dtype=np.float64)
var = X.var(0)
for label, Y in [("raw cosine", X), ("centred", X - X.mean(0)),
                 ("standardised, variance floor (the ranker's)", (X - X.mean(0)) / np.sqrt(var + 0.1 * var.mean()))]:
    Y = Y / np.linalg.norm(Y, axis=1, keepdims=True)
    S = Y @ Y.T
    np.fill_diagonal(S, -9)
    nn = S.argmax(1)
    wrong = [(names[i], names[nn[i]]) for i in range(len(names)) if rec[nn[i]] != rec[i]]
    print(f"{label}: {len(names)} files of {len(set(rec))} recordings, {len(wrong)} whose nearest"
          f" neighbour is another recording")
    for w in wrong[:10]:
        print("   ", w[0], "->", w[1])
PY
