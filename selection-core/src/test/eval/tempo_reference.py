#!/usr/bin/env python3
"""Runs the established tempo and beat analysers on a tempo evaluation folder.

Usage: python3 tempo_reference.py DIR [NODE_MODULES_DIR]

DIR holds truth.csv (name,bpm,kind) and <name>.wav (make_tempo_set.py, make_real_tempo_set.py).
Writes DIR/reference.csv (name, then one BPM column per analyser) and DIR/ref/<analyser>/<name>.txt
(beat times, one a line, where the analyser gives beats). Analysers, each in its default setting:

  essentia     essentia.js (npm) RhythmExtractor2013, method multifeature, 40-208 BPM: BPM + beats;
               needs node and NODE_MODULES_DIR holding essentia.js (npm install essentia.js)
  aubio_tempo  `aubio tempo` (aubio-tools 0.4.9): its BPM line
  aubio_beat   `aubio beat`: beats; BPM = 60 / median inter-beat interval
  bpmtools     `bpm` (bpm-tools) with our default range (-m 60 -x 200)

Tools that are absent are left out (empty column). Standard library only.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, **kw)


def median_bpm(beats):
    gaps = sorted(b - a for a, b in zip(beats, beats[1:]))
    return "%.3f" % (60 / gaps[len(gaps) // 2]) if gaps else ""


def write_beats(d, tool, name, beats):
    os.makedirs(os.path.join(d, "ref", tool), exist_ok=True)
    with open(os.path.join(d, "ref", tool, name + ".txt"), "w") as f:
        f.write("".join("%.4f\n" % b for b in beats))


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    d = sys.argv[1]
    modules = sys.argv[2] if len(sys.argv) == 3 else None
    have = {t: shutil.which(t) is not None for t in ("aubio", "bpm", "sox", "node")}
    if not have["sox"]:
        sys.exit("sox not on PATH")
    tools = ["essentia", "aubio_tempo", "aubio_beat", "bpmtools"]
    with open(os.path.join(d, "truth.csv")) as f:
        names = [line.split(",")[0] for line in f.read().splitlines()[1:]]
    rows = []
    tmp = tempfile.mkdtemp()
    for name in names:
        wav = os.path.join(d, name + ".wav")
        f32 = os.path.join(tmp, "x.f32")
        run(["sox", wav, "-t", "raw", "-r", "44100", "-e", "float", "-b", "32", "-c", "1", f32])
        row = {t: "" for t in tools}
        if have["node"] and modules:
            out = run(["node", os.path.join(HERE, "essentia_rhythm.js"), modules, f32],
                      text=True).stdout.split()
            row["essentia"] = out[0]
            write_beats(d, "essentia", name, [float(v) for v in out[1:]])
        if have["aubio"]:
            out = run(["aubio", "tempo", "-i", wav], text=True).stdout
            for line in out.splitlines():
                if line.strip().endswith("bpm"):
                    row["aubio_tempo"] = line.split()[0]
            beats = [float(v) for v in run(["aubio", "beat", wav], text=True).stdout.split()]
            row["aubio_beat"] = median_bpm(beats)
            write_beats(d, "aubio_beat", name, beats)
        if have["bpm"]:
            with open(f32, "rb") as raw:
                row["bpmtools"] = subprocess.run(["bpm", "-m", "60", "-x", "200"], stdin=raw,
                                                 check=True, capture_output=True,
                                                 text=True).stdout.strip()
        rows.append((name, row))
        print(name, row, flush=True)
    shutil.rmtree(tmp)
    with open(os.path.join(d, "reference.csv"), "w") as f:
        f.write("name," + ",".join(tools) + "\n")
        for name, row in rows:
            f.write(name + "," + ",".join(row[t] for t in tools) + "\n")


if __name__ == "__main__":
    main()
