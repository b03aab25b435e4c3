#!/usr/bin/python3
"""Independent double-precision reference for OpenL3FrontEnd (openl3 0.4.x librosa mel256 front end).

Written from the definitions (not from the Java code): numpy only, no librosa. Run with Debian's
/usr/bin/python3 (numpy >= 1.20) from this directory:

    /usr/bin/python3 make_golden_frontend.py

Writes
  frontend-v1-input.s16      48000 little-endian int16 samples (seeded chirp + chords + noise)
  frontend-v1-zeros.f32      256x199 little-endian float32 dB, pad_mode="constant" (librosa >= 0.9)
  frontend-v1-reflect.f32    256x199 little-endian float32 dB, pad_mode="reflect" (librosa <= 0.8)
  frontend-v1-sine.f32       256x199 float32 dB of a pure 1 kHz sine (amplitude 0.5, float32 input,
                             constant padding): exercises the -80 dB floor
Reference: openl3/core.py::_librosa_mel_frontend (marl/openl3 0.4.2), librosa.filters.mel,
librosa.power_to_db.
"""
import numpy as np

SR, N_FFT, HOP, N_MELS = 48000, 2048, 242, 256


def hz_to_mel(f):
    f = np.asanyarray(f, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-300) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m):
    m = np.asanyarray(m, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filterbank():
    fft_freqs = np.linspace(0, SR / 2, N_FFT // 2 + 1)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SR / 2.0), N_MELS + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    return weights * (2.0 / (mel_f[2:] - mel_f[:-2]))[:, None]


def frontend(y, mode):
    y = np.pad(y.astype(np.float64), N_FFT // 2, mode=mode)
    n = np.arange(N_FFT)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * n / N_FFT)  # periodic Hann
    frames = 1 + (len(y) - N_FFT) // HOP
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(frames)[:, None]
    mag = np.abs(np.fft.rfft(y[idx] * window[None, :], axis=1)).T  # [1025, frames]
    mel = mel_filterbank() @ mag
    db = 10.0 * np.log10(np.maximum(mel, 1e-10))
    db = np.maximum(db, db.max() - 80.0)
    return db - db.max()


def signal():
    rng = np.random.default_rng(20261124)
    t = np.arange(SR) / SR
    chirp = 0.3 * np.sin(2 * np.pi * (100 * t + 0.5 * (8000 - 100) * t * t))
    chord = sum(0.1 * np.sin(2 * np.pi * f * t + p) for f, p in ((220, 0.1), (277.18, 0.7), (329.63, 1.3)))
    env = np.where(t < 0.5, 1.0, 0.2)  # a loud and a quiet half
    noise = 0.02 * rng.standard_normal(SR)
    return np.round(np.clip(env * (chirp + chord) + noise, -1, 1) * 32767).astype('<i2')


if __name__ == '__main__':
    pcm = signal()
    pcm.tofile('frontend-v1-input.s16')
    y = pcm.astype(np.float64) / 32768.0
    for mode, name in (('constant', 'zeros'), ('reflect', 'reflect')):
        out = frontend(y, mode)
        assert out.shape == (N_MELS, 199), out.shape
        out.astype('<f4').tofile('frontend-v1-%s.f32' % name)
        print(name, out.shape, float(out.min()), float(out.max()))
    # float32 input, as the Java front end receives float[]; below -70 dB its rounding noise shows.
    sine = (0.5 * np.sin(2 * np.pi * 1000 * np.arange(SR) / SR)).astype(np.float32)
    out = frontend(sine, 'constant')
    out.astype('<f4').tofile('frontend-v1-sine.f32')
    print('sine', out.shape, float(out.min()), float(out.max()), float(np.mean(out == -80.0)))
