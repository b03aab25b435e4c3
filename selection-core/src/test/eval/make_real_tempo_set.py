#!/usr/bin/env python3
"""Builds the real-music tempo truth sets from Debian packages whose data state the tempo.

Usage: python3 make_real_tempo_set.py OUT_DIR [fof] [lmms] [hydrogen]

Writes one folder per source under OUT_DIR (truth.csv, <name>.wav as 44.1 kHz mono 16-bit,
beats/<name>.txt and beats/<name>.down.txt), ready for tempo_reference.py and RhythmEvaluationTest.
Nothing of the audio is committed. Sources (install with apt):

  fof       fretsonfire-songs-muldjord, fretsonfire-songs-sectoid: recorded rock/metal songs (Frets on
            Fire packages: song.ogg + guitar.ogg [+ rhythm.ogg] stems, mixed here with ffmpeg);
            truth = the chart notes.mid's tempo map (a beat per quarter note, bars per its time
            signatures), which the game plays in sync with the audio.
  lmms      lmms (+ lmms-common demo projects): electronic productions rendered with
            `lmms --allowroot render`; truth = the project's tempo (<head bpm>), beat k at
            k * 60 / bpm from 0; projects whose tempo is automated are skipped; downbeats only for
            4-beat bars.
  hydrogen  hydrogen (+ hydrogen-data demo songs, sampled acoustic and 808 kits) rendered with
            h2cli; truth = the song's <bpm>, beats from 0; songs with an active tempo timeline are
            skipped.

Standard library only; needs ffmpeg and sox.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import midi_tempo_map  # noqa: E402

FOF = "/usr/share/games/fretsonfire/data/songs"
LMMS = "/usr/share/lmms/projects/demos"
HYDROGEN = "/usr/share/hydrogen/data/demo_songs"


def seconds(path):
    return float(subprocess.run(["soxi", "-D", path], check=True, capture_output=True,
                                text=True).stdout)


def to_mono(src, dst):
    subprocess.run(["sox", src, "-r", "44100", "-c", "1", "-b", "16", dst], check=True,
                   capture_output=True)


def write_truth(d, rows):
    with open(os.path.join(d, "truth.csv"), "w") as f:
        f.write("name,bpm,kind\n")
        for name, bpm, kind in rows:
            f.write("%s,%s,%s\n" % (name, bpm, kind))


def write_beats(d, name, beats, downs):
    os.makedirs(os.path.join(d, "beats"), exist_ok=True)
    with open(os.path.join(d, "beats", name + ".txt"), "w") as f:
        f.write("".join("%.4f\n" % t for t in beats))
    if downs is not None:
        with open(os.path.join(d, "beats", name + ".down.txt"), "w") as f:
            f.write("".join("%.4f\n" % t for t in downs))


def slug(s):
    return re.sub(r"[^A-Za-z0-9]+", "_", s).strip("_").lower()


def grid(bpm, length, per_bar):
    period = 60.0 / bpm
    beats = [k * period for k in range(int(length / period) + 1) if k * period < length - 0.05]
    return beats, (beats[::per_bar] if per_bar else None)


def fof(out):
    d = os.path.join(out, "fof")
    os.makedirs(d, exist_ok=True)
    rows = []
    for song in sorted(glob.glob(os.path.join(FOF, "*", "*", "notes.mid"))):
        folder = os.path.dirname(song)
        stems = [os.path.join(folder, s + ".ogg") for s in ("song", "guitar", "rhythm")
                 if os.path.exists(os.path.join(folder, s + ".ogg"))]
        name = "fof_" + slug(os.path.basename(folder))
        wav = os.path.join(d, name + ".wav")
        args = ["ffmpeg", "-y", "-loglevel", "error"]
        for s in stems:
            args += ["-i", s]
        args += ["-filter_complex", "amix=inputs=%d:normalize=0" % len(stems), "-ac", "1",
                 "-ar", "44100", "-sample_fmt", "s16", wav]
        subprocess.run(args, check=True)
        length = seconds(wav)
        beats, downs, bpms = midi_tempo_map.beats(song, length - 0.05)
        bpm = sorted(bpms)[len(bpms) // 2]
        write_beats(d, name, beats, downs)
        rows.append((name, "%.3f" % bpm, "fof"))
        print(name, bpm, flush=True)
    write_truth(d, rows)


def lmms_xml(path):
    data = open(path, "rb").read()
    if path.endswith(".mmpz"):
        data = zlib.decompress(data[4:])
    return data.decode("utf-8", "replace")


def lmms(out):
    d = os.path.join(out, "lmms")
    os.makedirs(d, exist_ok=True)
    rows = []
    for project in sorted(glob.glob(os.path.join(LMMS, "**", "*.mmp*"), recursive=True)):
        xml = lmms_xml(project)
        head = re.search(r"<head[^>]*>", xml).group(0)
        inner = re.search(r"<head[^>]*>(.*?)</head>", xml, re.S)
        inner = inner.group(1) if inner else ""
        m = re.search(r'\bbpm="([^"]+)"', head) or re.search(r'<bpm[^>]*value="([^"]+)"', inner)
        bpm = float(m.group(1))
        auto = re.search(r'<bpm[^>]*id="(\d+)"', inner)
        if auto and re.search(r'<object id="%s"' % auto.group(1), xml):
            print("skipped (tempo automation):", project)
            continue
        num = re.search(r'timesig_numerator="(\d+)"', head)
        den = re.search(r'timesig_denominator="(\d+)"', head)
        per_bar = 4 if (num and den and num.group(1) == "4" and den.group(1) == "4") else 0
        name = "lmms_" + slug(os.path.splitext(os.path.basename(project))[0])
        tmp = os.path.join(d, name + ".render.wav")
        r = subprocess.run(["lmms", "--allowroot", "render", project, "-f", "wav", "-o", tmp],
                           capture_output=True)
        if r.returncode != 0 or not os.path.exists(tmp):
            print("skipped (render failed):", project)
            continue
        wav = os.path.join(d, name + ".wav")
        to_mono(tmp, wav)
        os.remove(tmp)
        beats, downs = grid(bpm, seconds(wav), per_bar)
        write_beats(d, name, beats, downs)
        rows.append((name, "%g" % bpm, "lmms"))
        print(name, bpm, flush=True)
    write_truth(d, rows)


def hydrogen(out):
    d = os.path.join(out, "hydrogen")
    os.makedirs(d, exist_ok=True)
    rows = []
    for song in sorted(glob.glob(os.path.join(HYDROGEN, "*.h2song"))):
        xml = open(song, encoding="utf-8", errors="replace").read()
        if "<timelineActivated>true" in xml:
            print("skipped (tempo timeline):", song)
            continue
        bpm = float(re.search(r"<bpm>([^<]+)</bpm>", xml).group(1))
        sizes = set(re.findall(r"<size>(\d+)</size>", xml))
        per_bar = 4 if sizes <= {"192"} else 0  # 192 ticks = one 4/4 bar
        name = "h2_" + slug(os.path.splitext(os.path.basename(song))[0])
        tmp = os.path.join(d, name + ".render.wav")
        subprocess.run(["h2cli", "-s", song, "-d", "auto", "-o", tmp], capture_output=True,
                       timeout=900)
        if not os.path.exists(tmp):
            print("skipped (render failed):", song)
            continue
        wav = os.path.join(d, name + ".wav")
        to_mono(tmp, wav)
        os.remove(tmp)
        beats, downs = grid(bpm, seconds(wav), per_bar)
        write_beats(d, name, beats, downs)
        rows.append((name, "%g" % bpm, "hydrogen"))
        print(name, bpm, flush=True)
    write_truth(d, rows)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    which = sys.argv[2:] or ["fof", "lmms", "hydrogen"]
    for tool in ("sox", "ffmpeg"):
        if shutil.which(tool) is None:
            sys.exit(tool + " not on PATH")
    for source in which:
        {"fof": fof, "lmms": lmms, "hydrogen": hydrogen}[source](out)


if __name__ == "__main__":
    main()
