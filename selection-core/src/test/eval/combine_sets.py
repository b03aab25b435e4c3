#!/usr/bin/env python3
"""Joins evaluation folders into one (symbolic links), for one table over several truth sets.

Usage: python3 combine_sets.py OUT_DIR DIR...  (truth.csv, reference.csv, <name>.wav, beats/, ref/)
"""

import os
import sys


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "beats"), exist_ok=True)
    truth, ref, header = [], [], None
    for d in sys.argv[2:]:
        d = os.path.abspath(d)
        lines = open(os.path.join(d, "truth.csv")).read().splitlines()
        truth += lines[1:]
        if os.path.exists(os.path.join(d, "reference.csv")):
            r = open(os.path.join(d, "reference.csv")).read().splitlines()
            header = r[0]
            ref += r[1:]
        for line in lines[1:]:
            name = line.split(",")[0]
            links = [(os.path.join(d, name + ".wav"), os.path.join(out, name + ".wav"))]
            for suffix in (".txt", ".down.txt"):
                links.append((os.path.join(d, "beats", name + suffix),
                              os.path.join(out, "beats", name + suffix)))
            if os.path.isdir(os.path.join(d, "ref")):
                for tool in os.listdir(os.path.join(d, "ref")):
                    os.makedirs(os.path.join(out, "ref", tool), exist_ok=True)
                    links.append((os.path.join(d, "ref", tool, name + ".txt"),
                                  os.path.join(out, "ref", tool, name + ".txt")))
            for src, dst in links:
                if os.path.exists(src) and not os.path.lexists(dst):
                    os.symlink(src, dst)
    with open(os.path.join(out, "truth.csv"), "w") as f:
        f.write("name,bpm,kind\n" + "".join(t + "\n" for t in truth))
    if header:
        with open(os.path.join(out, "reference.csv"), "w") as f:
            f.write(header + "\n" + "".join(r + "\n" for r in ref))


if __name__ == "__main__":
    main()
