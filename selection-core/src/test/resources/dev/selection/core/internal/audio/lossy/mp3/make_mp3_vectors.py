#!/usr/bin/env python3
"""Writes the MP3 songId test vectors (v2): tiny MPEG audio files and their frozen songIds.

An MP3's songId is the SHA-256 of the canonical 16-bit PCM of OUR decoder's output (decoder "mp3/2"),
exactly as `selection decode FILE --format s16le` writes it. This script
  1. makes a deterministic test signal (stdlib only: tones, a chirp, seeded noise, clicks),
  2. encodes it with lame and ffmpeg (the committed files are those bytes; re-running with other
     encoder versions gives other files and other ids),
  3. decodes each file with the CLI (`--cli`, default selection-cli/target/selection.jar) and
     records sha256 of its s16le output as the songId,
  4. cross-checks against independent decoders when present: our s16 PCM must differ from
     `ffmpeg -f s16le` (layer III except 24 kHz) or `mpg123 -e s16` (layer II) by at most 1 LSB,
     and have the same length; the largest difference is recorded.

Usage (from the repository root, after `mvn -q -B -DskipTests package`):
  python3 selection-core/src/test/resources/dev/selection/core/internal/audio/lossy/mp3/make_mp3_vectors.py
"""
import argparse
import hashlib
import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import wave

HERE = os.path.dirname(os.path.abspath(__file__))

# name, rate, channels, seconds, encoder command (after the input), reference decoder
VECTORS = [
    ("v2-l3-joint-44100.mp3", 44100, 2, 0.5, ["lame", "--quiet", "--noreplaygain", "-b", "96"], "ffmpeg"),
    ("v2-l3-tagged-mono-22050.mp3", 22050, 1, 0.5,
     ["lame", "--quiet", "--noreplaygain", "-b", "32", "--add-id3v2", "--tt", "Vector", "--ta", "Selection"],
     "ffmpeg"),
    ("v2-l3-mpeg25-8000.mp3", 8000, 1, 0.5, ["lame", "--quiet", "--noreplaygain", "-b", "16"], "ffmpeg"),
    ("v2-l3-crc-stereo-48000.mp3", 48000, 2, 0.4,
     ["lame", "--quiet", "--noreplaygain", "-b", "112", "-p", "-m", "s"], "ffmpeg"),
    ("v2-l2-32000.mp2", 32000, 2, 0.5, ["ffmpeg", "-c:a", "mp2", "-b:a", "96k"], "mpg123"),
]


def signal(rate, channels, seconds, seed):
    rnd = random.Random(seed)
    n = int(round(rate * seconds))
    frames = []
    for i in range(n):
        t = i / rate
        row = []
        for c in range(channels):
            v = 0.25 * math.sin(2 * math.pi * (330 + 110 * c) * t)
            v += 0.15 * math.sin(2 * math.pi * (200 + 1800 * t) * t)  # chirp
            v += 0.03 * rnd.gauss(0, 1)
            if (i % (rate // 8)) < rate // 400:  # clicks: short blocks
                v += 0.5 * rnd.gauss(0, 1)
            row.append(max(-1.0, min(1.0, v)))
        frames.append(row)
    return frames


def write_wav(path, frames, rate, channels):
    with wave.open(path, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<%dh" % channels,
                                           *[int(round(v * 32767)) for v in f]) for f in frames))


def run(cmd):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="selection-cli/target/selection.jar")
    args = ap.parse_args()
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed, (name, rate, channels, seconds, enc, ref) in enumerate(VECTORS):
            wav = os.path.join(tmp, name + ".wav")
            write_wav(wav, signal(rate, channels, seconds, 100 + seed), rate, channels)
            target = os.path.join(HERE, name)
            if enc[0] == "lame":
                run(enc + [wav, target])
            else:
                run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", wav] + enc[1:] + [target])
            s16 = os.path.join(tmp, name + ".s16")
            info = json.loads(run(["java", "-jar", args.cli, "decode", target, "--format", "s16le",
                                   "--out", s16, "--json"]))
            pcm = open(s16, "rb").read()
            row = {
                "file": name,
                "sampleRateHz": info["sampleRate"],
                "channels": info["channels"],
                "frames": info["frames"],
                "decoder": info["decoder"],
                "songId": hashlib.sha256(pcm).hexdigest(),
                "reference": ref,
            }
            if shutil.which(ref):
                if ref == "ffmpeg":
                    other = run(["ffmpeg", "-nostdin", "-v", "error", "-i", target, "-f", "s16le", "-"])
                else:
                    other = run(["mpg123", "-q", "-e", "s16", "-s", target])
                a = struct.unpack("<%dh" % (len(pcm) // 2), pcm)
                b = struct.unpack("<%dh" % (len(other) // 2), other)
                if len(a) != len(b):
                    sys.exit("%s: %d samples, %s gives %d" % (name, len(a), ref, len(b)))
                worst = max(abs(x - y) for x, y in zip(a, b))
                if worst > 1:
                    sys.exit("%s: differs from %s by %d LSB" % (name, ref, worst))
                row["maxDiffLsbVsReference"] = worst
            out.append(row)
            print(name, row["songId"], row.get("maxDiffLsbVsReference"))
    with open(os.path.join(HERE, "mp3-songid-vectors-v2.json"), "w") as f:
        json.dump({"version": 2, "decoder": "mp3/2", "rule": "see make_mp3_vectors.py",
                   "vectors": out}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
