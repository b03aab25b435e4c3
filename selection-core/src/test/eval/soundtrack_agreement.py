#!/usr/bin/env python3
"""Summarises a make_soundtrack_set.py folder after tempo_reference.py and RhythmEvaluation: per
analyser, the share of tracks with a BPM, and how often ours agrees with essentia.js (within 4 %;
and within 4 % of ×1, ×2, ×½, ×3, ×⅓). Usage: python3 soundtrack_agreement.py DIR
"""

import csv
import math
import os
import sys


def num(s):
    try:
        v = float(s)
        return v if math.isfinite(v) and v > 0 else None
    except (TypeError, ValueError):
        return None


def main():
    d = sys.argv[1]
    ours = {r["name"]: num(r["bpm"]) for r in csv.DictReader(open(os.path.join(d, "ours.csv")))}
    ref = {r["name"]: r for r in csv.DictReader(open(os.path.join(d, "reference.csv")))}
    names = list(ours)
    print("| analyser | tracks | with a BPM |")
    print("|---|---:|---:|")
    print("| ours | %d | %.0f %% |" % (len(names), 100.0 * sum(ours[n] is not None for n in names)
                                      / len(names)))
    for tool in ("essentia", "aubio_tempo", "aubio_beat", "bpmtools"):
        have = sum(num(ref[n].get(tool)) is not None for n in names if n in ref)
        print("| %s | %d | %.0f %% |" % (tool, len(names), 100.0 * have / len(names)))
    both = [(ours[n], num(ref[n]["essentia"])) for n in names
            if n in ref and ours[n] is not None and num(ref[n]["essentia"]) is not None]
    a1 = sum(abs(o - e) <= 0.04 * e for o, e in both)
    a2 = sum(any(abs(o - e * f) <= 0.04 * e * f for f in (1, 2, 0.5, 3, 1 / 3)) for o, e in both)
    print()
    print("ours vs essentia where both give a BPM: n=%d, same within 4 %%: %.0f %%, up to octave: %.0f %%"
          % (len(both), 100.0 * a1 / max(1, len(both)), 100.0 * a2 / max(1, len(both))))


if __name__ == "__main__":
    main()
