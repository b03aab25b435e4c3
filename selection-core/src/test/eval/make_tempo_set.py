#!/usr/bin/env python3
"""Regenerates the tempo evaluation set and runs the reference analysers on it.

Usage: python3 make_tempo_set.py OUT_DIR [--reference-only]

Needs sox, fluidsynth with /usr/share/sounds/sf2/FluidR3_GM.sf2 (fluid-soundfont-gm), aubio
(aubio-tools) and bpm (bpm-tools) on the PATH. Standard library only. Writes into OUT_DIR:

  <name>.wav       44.1 kHz mono, 40 s: the material (never committed)
  <name>.11k.wav   the same resampled to 11025 Hz with `sox rate -v` (the rate our estimator gets)
  mid/<name>.mid   the MIDI files rendered with fluidsynth
  truth.csv        name,bpm,kind
  reference.csv    name,aubio_bpm,bpmtools_bpm,aubio_beat_bpm: `aubio tempo`; `bpm -m 78 -x 180`
                   (bpm-tools given our default range); 60 / median inter-beat interval of
                   `aubio beat` (aubio's beat tracker, which `aubio tempo` summarises oddly on
                   sparse clicks)

--reference-only reruns only the analysers on an existing set.

Material: sox-synthesised metronome clicks and drum loops (kick, snare, hats made by sox `synth`,
sequenced by concatenating 16th-note steps, with swing, accents and pink noise), and General MIDI
drum + bass patterns written here with tempo meta events and rendered with fluidsynth.
"""

import os
import random
import shutil
import struct
import subprocess
import sys

RATE = 44100
SECONDS = 40.0
SF2 = "/usr/share/sounds/sf2/FluidR3_GM.sf2"


def sox(*args):
    subprocess.run(["sox", *map(str, args)], check=True, capture_output=True)


def make_sounds(d):
    """One-shot sounds, each padded to 2 s so that any step can be cut from it."""
    s = {}

    def snd(name, *effects):
        path = os.path.join(d, name + ".wav")
        sox("-n", "-r", RATE, "-c", 1, "-b", 16, path, "synth", *effects)
        s[name] = path

    snd("click", 0.012, "sine", 1000, "fade", 0, 0.012, 0.01, "pad", 0, 2)
    snd("accent", 0.012, "sine", 1600, "fade", 0, 0.012, 0.01, "pad", 0, 2)
    snd("kick", 0.3, "sine", "160:45", "fade", "q", 0.002, 0.3, 0.28, "pad", 0, 2)
    snd("snare", 0.18, "whitenoise", "bandpass", 1800, "1.2q", "fade", "q", 0.001, 0.18, 0.17,
        "pad", 0, 2)
    snd("hat", 0.05, "whitenoise", "highpass", 7000, "fade", "q", 0.001, 0.05, 0.048, "pad", 0, 2)
    snd("ohat", 0.2, "whitenoise", "highpass", 6000, "fade", "q", 0.001, 0.2, 0.19, "pad", 0, 2)
    return s


# 16-step patterns: step -> list of (sound, gain).
def pattern(kind):
    p = {i: [] for i in range(16)}
    if kind == "clicks":
        p[0].append(("accent", 0.8))
        for i in (4, 8, 12):
            p[i].append(("click", 0.5))
    elif kind == "house":  # four on the floor, off-beat open hats, clap on 2 and 4
        for i in (0, 4, 8, 12):
            p[i].append(("kick", 0.9))
        for i in (2, 6, 10, 14):
            p[i].append(("ohat", 0.35))
        for i in (4, 12):
            p[i].append(("snare", 0.45))
    elif kind == "rock":  # backbeat with 8th hats
        for i in (0, 8, 10):
            p[i].append(("kick", 0.9))
        for i in (4, 12):
            p[i].append(("snare", 0.7))
        for i in range(0, 16, 2):
            p[i].append(("hat", 0.45 if i % 4 == 0 else 0.3))
    elif kind == "breaks":  # syncopated break with 16th hats
        for i in (0, 10):
            p[i].append(("kick", 0.9))
        for i in (4, 12):
            p[i].append(("snare", 0.75))
        p[7].append(("snare", 0.3))
        for i in range(16):
            p[i].append(("hat", 0.3 if i % 2 == 0 else 0.15))
    elif kind == "hiphop":  # kick/snare with swung 8th hats
        for i in (0, 7, 10):
            p[i].append(("kick", 0.9))
        for i in (4, 12):
            p[i].append(("snare", 0.7))
        for i in range(0, 16, 2):
            p[i].append(("hat", 0.35))
    return p


def render_steps(d, sounds, kind, bpm, swing, name):
    """Concatenates 16th-note steps; with swing, even 16ths are late by swing × a 16th."""
    pat = pattern(kind)
    sixteenth = 60.0 / bpm / 4
    total = int(SECONDS * RATE)
    # Step boundaries in samples, swung in pairs, rounded cumulatively (no drift).
    bounds = []
    t = 0.0
    k = 0
    while True:
        start = t + (swing * sixteenth if k % 2 == 1 else 0.0)
        bounds.append(int(round(start * RATE)))
        if bounds[-1] >= total:
            break
        t += sixteenth
        k += 1
    cache = {}
    parts = []
    for k in range(len(bounds) - 1):
        n = bounds[k + 1] - bounds[k]
        hits = tuple(pat[k % 16])
        key = (hits, n)
        if key not in cache:
            path = os.path.join(d, "step_%s_%d_%d.wav" % (name, len(cache), n))
            if not hits:
                # The null input's own rate must be given, or sox resamples it from 48 kHz.
                sox("-r", RATE, "-c", 1, "-n", "-b", 16, path, "trim", 0, "%ds" % n)
            elif len(hits) == 1:
                sox("-v", hits[0][1], sounds[hits[0][0]], path, "trim", 0, "%ds" % n,
                    "fade", "q", 0, "%ds" % n, "%ds" % min(n // 4, 100))
            else:
                args = ["-m"]
                for snd, gain in hits:
                    args += ["-v", gain, sounds[snd]]
                sox(*args, path, "trim", 0, "%ds" % n, "fade", "q", 0, "%ds" % n,
                    "%ds" % min(n // 4, 100))
            cache[key] = path
        parts.append(cache[key])
    # Concatenate in chunks (sox opens every input at once).
    out = os.path.join(d, name + ".tmp.wav")
    chunks = []
    for i in range(0, len(parts), 200):
        c = os.path.join(d, "chunk_%s_%d.wav" % (name, i))
        sox(*parts[i:i + 200], c)
        chunks.append(c)
    sox(*chunks, out)
    for p in set(cache.values()) | set(chunks):
        os.remove(p)
    return out


def check_duration(path):
    """Guards the tempo: a wrong length means the steps were resampled."""
    seconds = float(subprocess.run(["soxi", "-D", path], check=True, capture_output=True,
                                   text=True).stdout)
    if abs(seconds - SECONDS) > 0.5:
        sys.exit("%s lasts %.3f s, not %.1f s" % (path, seconds, SECONDS))


def add_noise(d, path, level, name):
    noise = os.path.join(d, name + ".noise.wav")
    sox("-n", "-r", RATE, "-c", 1, "-b", 16, noise, "synth", SECONDS, "pinknoise", "vol", level)
    mixed = os.path.join(d, name + ".mix.wav")
    sox("-m", "-v", 1, path, "-v", 1, noise, mixed)
    os.remove(noise)
    os.replace(mixed, path)


# ---- MIDI (format 0, one track) ----

def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.insert(0, (n & 0x7F) | 0x80)
        n >>= 7
    return bytes(out)


def write_midi(path, bpm, style, seed):
    """Drums on channel 10 and a finger-bass line, with a tempo meta event at tick 0."""
    rng = random.Random(seed)
    tpq = 480
    events = []  # (tick, bytes)
    usec = int(round(60_000_000 / bpm))
    events.append((0, b"\xff\x51\x03" + usec.to_bytes(3, "big")))
    events.append((0, bytes([0xC0, 33])))  # program: electric bass (finger)
    bars = int(SECONDS * bpm / 60 / 4) + 1
    six = tpq // 4
    roots = [rng.choice([36, 38, 40, 41, 43]) for _ in range(4)]
    for bar in range(bars):
        base = bar * 16 * six
        for step in range(16):
            t = base + step * six
            notes = []
            if style == "four":
                if step % 4 == 0:
                    notes.append((36, 110))
                if step % 4 == 2:
                    notes.append((46, 70))
                if step in (4, 12):
                    notes.append((39, 90))  # hand clap
            elif style == "back":
                if step in (0, 8, 10):
                    notes.append((36, 110))
                if step in (4, 12):
                    notes.append((38, 105))
                if step % 2 == 0:
                    notes.append((42, 80 if step % 4 == 0 else 60))
            elif style == "shuffle":
                if step in (0, 6, 10):
                    notes.append((36, 105))
                if step in (4, 12):
                    notes.append((38, 100))
                if step % 4 in (0, 3):
                    notes.append((42, 70))
            for note, vel in notes:
                events.append((t, bytes([0x99, note, vel])))
                events.append((t + six // 2, bytes([0x89, note, 0])))
            # Bass: root on beats, octave on some off-beats.
            if step % 4 == 0 or (step % 4 == 2 and rng.random() < 0.5):
                root = roots[bar % 4] + (12 if step % 4 == 2 else 0)
                events.append((t, bytes([0x90, root, 95])))
                events.append((t + six * 2 - 10, bytes([0x80, root, 0])))
    events.sort(key=lambda e: (e[0], e[1][0] & 0xF0 != 0x80))
    track = bytearray()
    last = 0
    for tick, data in events:
        track += vlq(tick - last) + data
        last = tick
    track += vlq(0) + b"\xff\x2f\x00"
    with open(path, "wb") as f:
        f.write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, tpq))
        f.write(b"MTrk" + struct.pack(">I", len(track)) + track)


def render_midi(mid, wav):
    tmp = wav + ".fs.wav"
    subprocess.run(["fluidsynth", "-ni", "-g", "0.8", "-r", str(RATE), "-F", tmp, SF2, mid],
                   check=True, capture_output=True)
    # Mono, 40 s, like the rest.
    sox(tmp, "-c", 1, "-b", 16, wav, "trim", 0, SECONDS)
    os.remove(tmp)


def reference(d, name):
    wav = os.path.join(d, name + ".wav")
    out = subprocess.run(["aubio", "tempo", "-i", wav], check=True, capture_output=True,
                         text=True).stdout
    aubio = ""
    for line in out.splitlines():
        if line.strip().endswith("bpm"):
            aubio = line.split()[0]
    raw = subprocess.run(["sox", wav, "-t", "raw", "-r", "44100", "-e", "float", "-c", "1", "-"],
                         check=True, capture_output=True).stdout
    bpm = subprocess.run(["bpm", "-m", "78", "-x", "180"], input=raw, check=True,
                         capture_output=True).stdout.decode().strip()
    beats = [float(v) for v in subprocess.run(["aubio", "beat", wav], check=True,
                                               capture_output=True, text=True).stdout.split()]
    gaps = sorted(b - a for a, b in zip(beats, beats[1:]))
    beat_bpm = "%.2f" % (60 / gaps[len(gaps) // 2]) if gaps else ""
    return aubio, bpm, beat_bpm


def write_reference(d, names):
    with open(os.path.join(d, "reference.csv"), "w") as f:
        f.write("name,aubio_bpm,bpmtools_bpm,aubio_beat_bpm\n")
        for name in names:
            aubio, bpm, beat_bpm = reference(d, name)
            f.write("%s,%s,%s,%s\n" % (name, aubio, bpm, beat_bpm))


def main():
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--reference-only"):
        sys.exit(__doc__)
    d = sys.argv[1]
    if len(sys.argv) == 3:
        with open(os.path.join(d, "truth.csv")) as f:
            write_reference(d, [line.split(",")[0] for line in f.read().splitlines()[1:]])
        return
    os.makedirs(os.path.join(d, "mid"), exist_ok=True)
    for tool in ("sox", "fluidsynth", "aubio", "bpm"):
        if shutil.which(tool) is None:
            sys.exit(tool + " not on PATH")
    sounds = make_sounds(d)
    rng = random.Random(20261124)
    items = []  # (name, bpm, kind)
    for bpm in (70, 80, 90, 100, 110, 120, 128, 140, 150, 160, 170, 180):
        items.append(("clicks_%d" % bpm, bpm, "clicks", 0.0, 0.0))
    tempos = [72, 76, 84, 88, 95, 102, 108, 115, 122, 126, 132, 138, 145, 155, 165, 174, 178]
    for i, kind in enumerate(("house", "rock", "breaks", "hiphop")):
        for j, bpm in enumerate(tempos[i % 2::2]):
            swing = 0.0
            if kind == "hiphop" or (kind == "rock" and j % 3 == 0):
                swing = rng.choice([0.2, 0.33])
            noise = rng.choice([0.0, 0.0, 0.05, 0.15])
            items.append(("%s_%d" % (kind, bpm), bpm, kind, swing, noise))
    truth = []
    for name, bpm, kind, swing, noise in items:
        tmp = render_steps(d, sounds, kind, bpm, swing, name)
        if noise > 0:
            add_noise(d, tmp, noise, name)
        os.replace(tmp, os.path.join(d, name + ".wav"))
        check_duration(os.path.join(d, name + ".wav"))
        truth.append((name, bpm, kind))
    for i, (bpm, style) in enumerate([(75, "back"), (86, "shuffle"), (94, "back"), (100, "four"),
                                      (112, "shuffle"), (120, "four"), (126, "back"),
                                      (134, "four"), (142, "shuffle"), (150, "back"),
                                      (163, "four"), (172, "back")]):
        name = "midi_%s_%d" % (style, bpm)
        mid = os.path.join(d, "mid", name + ".mid")
        write_midi(mid, bpm, style, i)
        render_midi(mid, os.path.join(d, name + ".wav"))
        check_duration(os.path.join(d, name + ".wav"))
        truth.append((name, bpm, "midi"))
    for s in sounds.values():
        os.remove(s)
    with open(os.path.join(d, "truth.csv"), "w") as f:
        f.write("name,bpm,kind\n")
        for name, bpm, kind in truth:
            f.write("%s,%s,%s\n" % (name, bpm, kind))
    for name, _, _ in truth:
        sox(os.path.join(d, name + ".wav"), "-r", 11025, os.path.join(d, name + ".11k.wav"),
            "rate", "-v")
    write_reference(d, [name for name, _, _ in truth])
    print("wrote %d tracks to %s" % (len(truth), d))


if __name__ == "__main__":
    main()
