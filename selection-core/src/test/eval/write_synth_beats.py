#!/usr/bin/env python3
"""Writes the beat and downbeat truth of the set made by make_tempo_set.py.

Usage: python3 write_synth_beats.py DIR

Clicks and drum loops are sequenced from t = 0 with the bar on step 0 (make_tempo_set.py
render_steps; swing delays only odd 16ths), so beat k is at k * 60 / bpm and every 4th beat is a
downbeat; the MIDI renders read their tempo map from mid/<name>.mid. Writes beats/<name>.txt and
beats/<name>.down.txt (one time in seconds a line) for beats before the 40 s end.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import midi_tempo_map  # noqa: E402

SECONDS = 40.0


def main():
    d = sys.argv[1]
    os.makedirs(os.path.join(d, "beats"), exist_ok=True)
    with open(os.path.join(d, "truth.csv")) as f:
        rows = [line.split(",") for line in f.read().splitlines()[1:]]
    for name, bpm, kind in rows:
        mid = os.path.join(d, "mid", name + ".mid")
        if kind == "midi" and os.path.exists(mid):
            beats, downs, _ = midi_tempo_map.beats(mid, SECONDS - 0.05)
        else:
            period = 60.0 / float(bpm)
            beats = [k * period for k in range(int(SECONDS / period) + 1) if k * period < SECONDS - 0.05]
            downs = beats[::4]
        for suffix, times in (("", beats), (".down", downs)):
            with open(os.path.join(d, "beats", name + suffix + ".txt"), "w") as f:
                f.write("".join("%.4f\n" % t for t in times))


if __name__ == "__main__":
    main()
