#!/usr/bin/env python3
"""Golden tensors for the Java EfficientAT front end and the shipped ONNX model.

Usage: make_golden.py --upstream EFFICIENTAT_CHECKOUT --pt mn04_as_mAP_432.pt --out DIR

EFFICIENTAT_CHECKOUT is a checkout of github fschmid56/EfficientAT at commit a425fdc (not part of
this repository); its models/preprocess.py (AugmentMelSTFT) makes the reference log-mel spectra, in
eval mode, exactly as upstream's inference.py builds it (n_mels 128, sr 32000, win_length 800, hop 320,
n_fft 1024; fmin 0, fmax 15000 by its defaults). Needs Debian's python3-torch and python3-torchaudio.

Writes, for each test signal NAME (32 kHz mono float32, generated below with a fixed seed):
  NAME.wav.f32       the input samples, float32 little-endian
  NAME.mel.f32       upstream's module output [128, frames], float32 as upstream runs it
It also prints how far a float64 evaluation of the same formulas (numpy, written here) lies from
upstream's float32 result: that is the precision floor any float64 implementation meets.
and for the "music" signal also the network's outputs on NAME.mel32 (upstream's MN class with the
released weights; mn04.py gives bit-identical outputs, see README):
  music.logits.f32 [1,527], music.embedding.f32 [1,384], music.hidden.f32 [1,512]
plus golden.json with every shape. The Java tests read these files.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

SR = 32000


def signals():
    rng = np.random.default_rng(20261204)
    t = np.arange(int(2.5 * SR)) / SR
    # A tone with harmonics and vibrato, a noise bed and percussive clicks: a wide dynamic range.
    f0 = 220.0 * (1 + 0.01 * np.sin(2 * np.pi * 5 * t))
    phase = 2 * np.pi * np.cumsum(f0) / SR
    music = sum(0.3 / k * np.sin(k * phase) for k in range(1, 9))
    music += 0.02 * rng.standard_normal(t.size)
    for c in np.arange(0.1, 2.5, 0.25):
        i = int(c * SR)
        music[i:i + 400] += 0.5 * np.exp(-np.arange(400) / 60.0) * rng.standard_normal(400)
    noise = 0.25 * rng.standard_normal(SR)
    chirp_t = np.arange(int(1.0 * SR)) / SR
    chirp = 0.5 * np.sin(2 * np.pi * (50 * chirp_t + 0.5 * (15000 - 50) * chirp_t ** 2))
    short = 0.4 * np.sin(2 * np.pi * 1000 * np.arange(700) / SR)  # 700 samples: 3 frames
    silence = np.zeros(SR // 2)
    square = np.where(np.sin(2 * np.pi * 440 * np.arange(SR // 2) / SR) >= 0, 0.99, -0.99)
    return {"music": music, "noise": noise, "chirp": chirp, "short": short, "silence": silence,
            "square": square}


def mel_banks_float64():
    # Kaldi mel banks (torchaudio.compliance.kaldi.get_mel_banks, no VTLN warp): 128 triangles evenly
    # spaced on mel = 1127 ln(1 + f / 700) between 0 and 15000 Hz, over the 512 bins below Nyquist of
    # a 1024-point FFT, plus a zero column for the Nyquist bin.
    mel = lambda f: 1127.0 * np.log(1.0 + f / 700.0)
    lo, hi = mel(0.0), mel(15000.0)
    delta = (hi - lo) / 129
    m = mel(SR / 1024 * np.arange(512))[None, :]
    b = np.arange(128)[:, None]
    left, centre, right = lo + b * delta, lo + (b + 1) * delta, lo + (b + 2) * delta
    banks = np.maximum(0.0, np.minimum((m - left) / (centre - left), (right - m) / (right - centre)))
    return np.pad(banks, ((0, 0), (0, 1)))


def logmel_float64(x, banks):
    y = x[1:] - 0.97 * x[:-1]  # pre-emphasis as conv1d with [-0.97, 1]
    y = np.pad(y, 512, mode="reflect")
    win = np.zeros(1024)
    win[112:912] = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(800) / 799)  # symmetric Hann 800
    frames = 1 + (y.size - 1024) // 320
    spec = np.stack([np.abs(np.fft.rfft(y[i * 320:i * 320 + 1024] * win)) ** 2 for i in range(frames)], 1)
    return (np.log(banks @ spec + 1e-5) + 4.5) / 5.0


def write(path, a):
    np.ascontiguousarray(a, dtype="<f4").tofile(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--pt", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    args.out = os.path.abspath(args.out)
    args.pt = os.path.abspath(args.pt)
    sys.path.insert(0, os.path.abspath(args.upstream))
    os.chdir(args.upstream)  # upstream's helpers/utils.py reads metadata/ relative to the cwd
    from models.preprocess import AugmentMelSTFT  # upstream
    from models.mn.model import get_model  # upstream

    os.makedirs(args.out, exist_ok=True)
    mel = AugmentMelSTFT(n_mels=128, sr=SR, win_length=800, hopsize=320, n_fft=1024)
    mel.eval()
    meta = {"sampleRate": SR, "signals": {}}
    for name, x in signals().items():
        x32 = x.astype(np.float32)
        write(os.path.join(args.out, name + ".wav.f32"), x32)
        with torch.no_grad():
            m32 = mel(torch.from_numpy(x32)[None, :])[0].numpy()
            banks = mel_banks_float64()
        m64 = logmel_float64(x32.astype(np.float64), banks)
        write(os.path.join(args.out, name + ".mel.f32"), m32)
        meta["signals"][name] = {"samples": int(x32.size), "mel": list(m32.shape)}
        print(name, x32.size, m32.shape, "float32 vs float64 max diff", float(np.abs(m32 - m64).max()))

    model = get_model(width_mult=0.4, pretrained_name=None)
    model.load_state_dict(torch.load(args.pt, map_location="cpu"), strict=True)
    model.eval()
    m = np.fromfile(os.path.join(args.out, "music.mel.f32"), dtype="<f4").reshape(128, -1)
    with torch.no_grad():
        x = model.features(torch.from_numpy(m)[None, None])
        embedding = x.mean(dim=(2, 3))
        hidden = model.classifier[3](model.classifier[2](embedding))
        logits = model.classifier[5](hidden)
        logits_fwd, features_fwd = model(torch.from_numpy(m)[None, None])
    assert torch.equal(logits, logits_fwd) and torch.equal(embedding, features_fwd)
    write(os.path.join(args.out, "music.logits.f32"), logits.numpy())
    write(os.path.join(args.out, "music.embedding.f32"), embedding.numpy())
    write(os.path.join(args.out, "music.hidden.f32"), hidden.numpy())
    meta["network"] = {"input": "music.mel.f32", "logits": [1, 527], "embedding": [1, 384],
                       "hidden": [1, 512]}
    with open(os.path.join(args.out, "golden.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
