#!/usr/bin/env python3
"""Generates the tonal evaluation set and the timbre reference corpus (no audio is committed).

Subcommands:
  keys OUTDIR           sox chord cadences in all 24 keys + MIDI pieces (key-signature events) rendered
                        with fluidsynth; writes OUTDIR/manifest.tsv (wav22k, wav44k, truth, set)
  timbre-corpus OUTDIR  reference corpus for the timbre normalisation constants (22050 Hz mono WAVs)
  score PRED.tsv...     scores prediction files (file \t truth \t estimate) as markdown rows

Needs sox, fluidsynth and the FluidR3_GM sound font (Debian fluid-soundfont-gm). Deterministic: the
random generator is seeded. Part of the Selection SDK, see notes/tonal.md.
"""
import os
import random
import struct
import subprocess
import sys

SF2 = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]


def run(*cmd):
    if cmd[0] == "sox":  # -R: repeatable noise and dither, so the corpus is the same on every run
        cmd = ("sox", "-R") + tuple(cmd[1:])
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def hz(midi):
    return 440.0 * 2 ** ((midi - 69) / 12.0)


# ---------------------------------------------------------------- MIDI writing (SMF format 0)
def vlq(n):
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def write_midi(path, events, sf, minor, tempo_bpm=100, tpq=480):
    """events: (tick, kind, channel, a, b) with kind 'on'/'off'/'prog'."""
    body = bytearray()
    body += vlq(0) + b"\xff\x51\x03" + struct.pack(">I", int(60e6 / tempo_bpm))[1:]
    body += vlq(0) + b"\xff\x59\x02" + struct.pack("bB", sf, 1 if minor else 0)
    order = {"prog": 0, "off": 1, "on": 2}
    last = 0
    for tick, kind, ch, a, b in sorted(events, key=lambda e: (e[0], order[e[1]])):
        body += vlq(tick - last)
        last = tick
        if kind == "prog":
            body += bytes([0xC0 | ch, a])
        elif kind == "on":
            body += bytes([0x90 | ch, a, b])
        else:
            body += bytes([0x80 | ch, a, 0])
    body += vlq(tpq) + b"\xff\x2f\x00"
    with open(path, "wb") as f:
        f.write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, tpq))
        f.write(b"MTrk" + struct.pack(">I", len(body)) + bytes(body))


def read_key_signature(path):
    """Truth from the file: the first key-signature meta event (FF 59 02 sf mi)."""
    data = open(path, "rb").read()
    i = data.find(b"\xff\x59\x02")
    if i < 0:
        raise ValueError("no key signature in " + path)
    sf, mi = struct.unpack("bB", data[i + 3:i + 5])
    major_tonic = (sf * 7) % 12
    return (NAMES[(major_tonic + 9) % 12] + " minor") if mi else (NAMES[major_tonic] + " major")


def key_signature(tonic, minor):
    major_tonic = (tonic + 3) % 12 if minor else tonic
    sf = (major_tonic * 7) % 12  # sharps 0..11
    return sf - 12 if sf > 6 else sf  # prefer flats beyond 6 sharps


# ---------------------------------------------------------------- key evaluation set
MAJOR_SCALE = [0, 2, 4, 5, 7, 9, 11]
MINOR_SCALE = [0, 2, 3, 5, 7, 8, 10]


def triad(scale, degree, minor):
    notes = [scale[(degree + k) % 7] + 12 * ((degree + k) // 7) for k in (0, 2, 4)]
    if minor and degree == 4:  # harmonic-minor dominant: raised leading tone
        notes[1] = 11
    return notes


def midi_piece(path, tonic, minor, rnd, drums=False):
    scale = MINOR_SCALE if minor else MAJOR_SCALE
    progs = ([0, 3, 6, 2, 5, 1, 4, 0] if minor else [0, 5, 3, 4, 0, 1, 4, 0])
    instruments = [(0, 33), (4, 32), (48, 43), (24, 35), (16, 32), (11, 33), (61, 34), (46, 43)]
    lead, bass = instruments[rnd.randrange(len(instruments))]
    pad = [48, 49, 89, 52, 0][rnd.randrange(5)]
    tpq = 480
    events = [(0, "prog", 0, lead, 0), (0, "prog", 1, bass, 0), (0, "prog", 2, pad, 0)]
    base = 60 + tonic if tonic < 6 else 48 + tonic
    t = 0
    for rep in range(2):
        for degree in progs:
            chord = triad(scale, degree, minor)
            dur = 2 * tpq
            for n in chord:  # sustained chord
                events += [(t, "on", 2, base + n, 60), (t + dur, "off", 2, base + n, 0)]
            root = base - 12 + chord[0] % 12
            events += [(t, "on", 1, root - 12 if root > 50 else root, 90),
                       (t + dur - 10, "off", 1, root - 12 if root > 50 else root, 0)]
            for beat in range(4):  # melody in eighths from the scale and chord
                pool = [base + 12 + n for n in chord] + [base + 12 + s for s in scale]
                if minor and degree == 4:
                    pool = [p for p in pool if (p - base) % 12 != 10] + [base + 12 + 11]
                n = rnd.choice(pool)
                tt = t + beat * tpq // 2
                events += [(tt, "on", 0, n, 80), (tt + tpq // 2 - 10, "off", 0, n, 0)]
            t += dur
    if drums:  # four-on-the-floor kick, off-beat open hats, clap on 2 and 4
        for beat in range(t // tpq):
            tt = beat * tpq
            events += [(tt, "on", 9, 36, 115), (tt + 100, "off", 9, 36, 0),
                       (tt + tpq // 2, "on", 9, 46, 70), (tt + tpq // 2 + 100, "off", 9, 46, 0)]
            if beat % 2 == 1:
                events += [(tt, "on", 9, 39, 100), (tt + 100, "off", 9, 39, 0)]
    # final tonic chord
    chord = triad(scale, 0, minor)
    for n in chord:
        events += [(t, "on", 2, base + n, 70), (t + 4 * tpq, "off", 2, base + n, 0)]
    events += [(t, "on", 1, base - 12, 90), (t + 4 * tpq, "off", 1, base - 12, 0)]
    write_midi(path, events, key_signature(tonic, minor), minor, tempo_bpm=rnd.choice([90, 110, 124]))


def sox_cadence(path, tonic, minor):
    third = 3 if minor else 4
    chords = [[0, third, 7], [5, 5 + (3 if minor else 4), 12], [7, 11, 14], [0, third, 7]]
    base = 48 + tonic if tonic < 7 else 36 + tonic
    parts = []
    for i, c in enumerate(chords):
        part = path + ".part%d.wav" % i
        tones = []
        for n in c:
            tones += ["sawtooth", "%.3f" % hz(base + 12 + n)]
        tones += ["triangle", "%.3f" % hz(base + c[0])]
        run("sox", "-r", "44100", "-c", "4", "-n", "-c", "1", "-b", "16", part, "synth", "1.5", *tones,
            "remix", "-", "fade", "0.01", "1.5", "0.3", "gain", "-n", "-6")
        parts.append(part)
    run("sox", *parts, path)
    for p in parts:
        os.remove(p)


def keys(outdir):
    os.makedirs(outdir, exist_ok=True)
    rnd = random.Random(20261124)
    rows = []
    for minor in (False, True):
        for tonic in range(12):
            name = NAMES[tonic] + (" minor" if minor else " major")
            stem = "cadence_%02d_%s" % (tonic, "min" if minor else "maj")
            w44 = os.path.join(outdir, stem + ".44k.wav")
            sox_cadence(w44, tonic, minor)
            rows.append((stem, w44, name, "sox-cadence"))
            stem = "midi_%02d_%s" % (tonic, "min" if minor else "maj")
            mid = os.path.join(outdir, stem + ".mid")
            midi_piece(mid, tonic, minor, rnd)
            raw = os.path.join(outdir, stem + ".raw.wav")
            run("fluidsynth", "-ni", "-F", raw, "-r", "44100", SF2, mid)
            w44 = os.path.join(outdir, stem + ".44k.wav")
            run("sox", raw, "-c", "1", "-b", "16", w44, "remix", "-", "gain", "-n", "-3")
            os.remove(raw)
            rows.append((stem, w44, read_key_signature(mid), "midi-fluidsynth"))
            # harder: drums, detuned by -40..+40 cents, pink noise 20 dB below the music
            stem = "hard_%02d_%s" % (tonic, "min" if minor else "maj")
            mid = os.path.join(outdir, stem + ".mid")
            midi_piece(mid, tonic, minor, rnd, drums=True)
            raw = os.path.join(outdir, stem + ".raw.wav")
            run("fluidsynth", "-ni", "-F", raw, "-r", "44100", SF2, mid)
            music = os.path.join(outdir, stem + ".music.wav")
            run("sox", raw, "-c", "1", "-b", "16", music, "remix", "-", "pitch",
                str(rnd.randint(-40, 40)), "gain", "-n", "-6")
            noise = os.path.join(outdir, stem + ".noise.wav")
            secs = subprocess.run(["soxi", "-D", music], capture_output=True, text=True).stdout.strip()
            run("sox", "-n", "-r", "44100", "-c", "1", "-b", "16", noise, "synth", secs, "pinknoise",
                "gain", "-n", "-29")
            w44 = os.path.join(outdir, stem + ".44k.wav")
            run("sox", "-m", music, noise, w44)
            for tmp in (raw, music, noise):
                os.remove(tmp)
            rows.append((stem, w44, read_key_signature(mid), "midi-drums-detuned-noise"))
    with open(os.path.join(outdir, "manifest.tsv"), "w") as f:
        for stem, w44, truth, kind in rows:
            w22 = w44.replace(".44k.wav", ".22k.wav")
            run("sox", w44, "-r", "22050", w22)
            f.write("%s\t%s\t%s\t%s\t%s\n" % (stem, w22, w44, truth, kind))
    print("wrote", len(rows), "items to", outdir)


# ---------------------------------------------------------------- timbre reference corpus
def timbre_corpus(outdir):
    os.makedirs(outdir, exist_ok=True)
    rnd = random.Random(64)
    n = 0

    def out(name):
        nonlocal n
        n += 1
        return os.path.join(outdir, "%03d_%s.wav" % (n, name))

    sox22 = ["-r", "22050", "-c", "1", "-b", "16"]
    for noise in ("whitenoise", "pinknoise", "brownnoise"):
        run("sox", "-n", *sox22, out(noise), "synth", "4", noise, "gain", "-n", "-12")
        for lo, hi in ((100, 400), (300, 1200), (1000, 4000), (3000, 9000)):
            run("sox", "-n", *sox22, out("%s_bp%d" % (noise, lo)), "synth", "4", noise,
                "sinc", "%d-%d" % (lo, hi), "gain", "-n", "-12")
    for wave in ("sine", "square", "triangle", "sawtooth", "trapezium", "pluck"):
        for f in (55, 110, 220, 440, 880, 1760):
            run("sox", "-n", *sox22, out("%s_%d" % (wave, f)), "synth", "4", wave, str(f),
                "tremolo", "%.1f" % rnd.uniform(2, 7), "30", "gain", "-n", "-12")
    # GM instruments: a phrase per program, and a few band-like mixes with drums
    programs = [0, 4, 6, 11, 16, 19, 24, 25, 27, 30, 33, 38, 40, 42, 46, 48, 52, 56, 57, 60, 65, 68,
                71, 73, 75, 80, 81, 88, 89, 95, 104, 114]
    for prog in programs:
        mid = os.path.join(outdir, "p%d.mid" % prog)
        events = [(0, "prog", 0, prog, 0)]
        t = 0
        base = rnd.choice([48, 55, 60, 67])
        for _ in range(12):
            note = base + rnd.choice([0, 2, 4, 5, 7, 9, 11, 12])
            dur = rnd.choice([240, 480, 720])
            events += [(t, "on", 0, note, rnd.randint(60, 110)), (t + dur, "off", 0, note, 0)]
            if rnd.random() < 0.5:
                events += [(t, "on", 0, note - 12, 70), (t + dur, "off", 0, note - 12, 0)]
            t += dur
        write_midi(mid, events, 0, False, tempo_bpm=120)
        render(mid, out("gm%d" % prog))
    for k in range(8):
        mid = os.path.join(outdir, "band%d.mid" % k)
        events = [(0, "prog", 0, rnd.choice([0, 4, 30, 81, 88]), 0), (0, "prog", 1, rnd.choice([33, 38]), 0)]
        for beat in range(32):
            t = beat * 240
            events += [(t, "on", 9, 42, 80), (t + 100, "off", 9, 42, 0)]
            if beat % 4 == 0:
                events += [(t, "on", 9, 36, 110), (t + 100, "off", 9, 36, 0)]
            if beat % 8 == 4:
                events += [(t, "on", 9, 38, 100), (t + 100, "off", 9, 38, 0)]
            if beat % 2 == 0:
                b = 36 + rnd.choice([0, 3, 5, 7])
                events += [(t, "on", 1, b, 100), (t + 230, "off", 1, b, 0)]
            if beat % 4 == 0:
                for nn in (60, 64, 67):
                    nn += rnd.choice([0, 2])
                    events += [(t, "on", 0, nn, 70), (t + 900, "off", 0, nn, 0)]
        write_midi(mid, events, 0, False, tempo_bpm=124)
        render(mid, out("band%d" % k))
    for f in os.listdir(outdir):
        if f.endswith(".mid"):
            os.remove(os.path.join(outdir, f))
    print("wrote", n, "corpus files to", outdir)


def render(mid, wav):
    raw = wav + ".raw.wav"
    run("fluidsynth", "-ni", "-F", raw, "-r", "22050", SF2, mid)
    run("sox", raw, "-r", "22050", "-c", "1", "-b", "16", wav, "remix", "-", "gain", "-n", "-6")
    os.remove(raw)


# ---------------------------------------------------------------- scoring
def parse_key(text):
    tonic, mode = text.strip().split(" ")
    pc = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}[tonic[0].upper()]
    for ch in tonic[1:]:
        pc += 1 if ch == "#" else -1
    return pc % 12, mode.lower()


def mirex(est, ref):
    """mir_eval 0.7 key.weighted_score with ascending fifths only."""
    (e, em), (r, rm) = parse_key(est), parse_key(ref)
    if (e, em) == (r, rm):
        return 1.0
    if em == rm and (e - r) % 12 == 7:
        return 0.5
    if rm == "major" and em == "minor" and (e - r) % 12 == 9:
        return 0.3
    if rm == "minor" and em == "major" and (e - r) % 12 == 3:
        return 0.3
    if e == r and em != rm:
        return 0.2
    return 0.0


def score(paths):
    print("| analyser / profile | set | n | exact | MIREX weighted |")
    print("|---|---|---|---|---|")
    for path in paths:
        groups = {}
        for line in open(path):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 5:
                continue
            system, kind, truth, est = cols[0], cols[1], cols[3], cols[4]
            s = mirex(est, truth) if est and est != "-" else 0.0
            for k in (kind, "all"):
                g = groups.setdefault((system, k), [0, 0, 0.0])
                g[0] += 1
                g[1] += s == 1.0
                g[2] += s
        for (system, kind), (n, exact, total) in sorted(groups.items()):
            print("| %s | %s | %d | %d/%d (%.1f %%) | %.3f |" % (system, kind, n, exact, n,
                                                              100.0 * exact / n, total / n))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "keys":
        keys(sys.argv[2])
    elif cmd == "timbre-corpus":
        timbre_corpus(sys.argv[2])
    elif cmd == "score":
        score(sys.argv[2:])
    else:
        sys.exit(__doc__)
