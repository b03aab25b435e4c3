#!/usr/bin/env python3
"""Real music without truth: Debian game soundtracks, to count how often each analyser gives a BPM
and how often ours agrees with essentia.js.

Usage: python3 make_soundtrack_set.py OUT_DIR [PER_FOLDER]

Converts up to PER_FOLDER (default 15) files of each folder below (those installed) to 44.1 kHz mono
WAV and writes truth.csv with an unknown (NaN) tempo; run tempo_reference.py, RhythmEvaluation, then
soundtrack_agreement.py on OUT_DIR. Needs ffmpeg.
"""

import glob
import os
import re
import subprocess
import sys

FOLDERS = {
    "wesnoth": "/usr/share/games/wesnoth/1.16/data/core/music",
    "supertux": "/usr/share/games/supertux2/music",
    "hedgewars": "/usr/share/games/hedgewars/Data/Music",
    "hyperrogue": "/usr/share/hyperrogue/music",
    "warzone2100": "/usr/share/games/warzone2100/music",
}


def main():
    out = sys.argv[1]
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    os.makedirs(out, exist_ok=True)
    rows = []
    for kind, folder in FOLDERS.items():
        files = sorted(f for f in glob.glob(os.path.join(folder, "**", "*"), recursive=True)
                       if f.lower().endswith((".ogg", ".mp3", ".flac", ".wav", ".opus")))[:per]
        for f in files:
            name = kind + "_" + re.sub(r"[^A-Za-z0-9]+", "_",
                                       os.path.splitext(os.path.basename(f))[0]).lower()
            wav = os.path.join(out, name + ".wav")
            r = subprocess.run(["ffmpeg", "-y", "-loglevel", "error", "-i", f, "-ac", "1", "-ar",
                                "44100", "-sample_fmt", "s16", wav])
            if r.returncode == 0:
                rows.append((name, kind))
    with open(os.path.join(out, "truth.csv"), "w") as f:
        f.write("name,bpm,kind\n")
        for name, kind in rows:
            f.write("%s,NaN,%s\n" % (name, kind))
    print("wrote %d tracks" % len(rows))


if __name__ == "__main__":
    main()
