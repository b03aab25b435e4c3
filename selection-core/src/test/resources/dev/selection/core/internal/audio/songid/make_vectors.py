#!/usr/bin/env python3
"""Writes the songId test vectors (v1): tiny WAV files and the expected songIds.

The expected songId is computed here, independently of the Java code, from the documented rule:
SHA-256 over interleaved little-endian signed 16-bit PCM at the native rate and channel count, each
sample mapped as
  16-bit int s      -> s                                   (exact)
  24-bit int s      -> floor(s / 256 + 0.5)                (round half up)
  8-bit unsigned b  -> (b - 128) * 256
  float x           -> clamp(floor(x * 32768 + 0.5), -32768, 32767), NaN -> 0
For the 16-bit vector the script also checks, when ffmpeg is on PATH, that
`ffmpeg -i FILE -f s16le -` hashes to the same value (an independent decoder).

Usage: python3 make_vectors.py   (run in this directory; rewrites the files deterministically)
"""
import hashlib
import json
import math
import shutil
import struct
import subprocess


def lcg(seed):
    state = seed
    while True:
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        yield state >> 33


def wav(path, fmt_tag, channels, rate, bits, data):
    block = channels * bits // 8
    fmt = struct.pack('<HHIIHH', fmt_tag, channels, rate, rate * block, block, bits)
    body = b'WAVE' + b'fmt ' + struct.pack('<I', len(fmt)) + fmt
    body += b'data' + struct.pack('<I', len(data)) + data + (b'\0' if len(data) % 2 else b'')
    with open(path, 'wb') as f:
        f.write(b'RIFF' + struct.pack('<I', len(body)) + body)


def clamp16(v):
    return max(-32768, min(32767, v))


def canon_float(x):
    if math.isnan(x):
        return 0
    if math.isinf(x):
        return 32767 if x > 0 else -32768
    return clamp16(math.floor(x * 32768 + 0.5))


def sha(samples16):
    return hashlib.sha256(struct.pack('<%dh' % len(samples16), *samples16)).hexdigest()


def main():
    vectors = []
    rnd = lcg(20261124)

    # 1. 16-bit stereo 44.1 kHz: a sine plus noise, including the extremes.
    frames = 1500
    s = []
    for i in range(frames):
        for c in range(2):
            v = int(20000 * math.sin(2 * math.pi * 440 * i / 44100 + c)) + (next(rnd) % 2001 - 1000)
            s.append(clamp16(v))
    s[0:4] = [-32768, 32767, 0, -1]
    wav('v1-s16-stereo-44100.wav', 1, 2, 44100, 16, struct.pack('<%dh' % len(s), *s))
    vectors.append(dict(file='v1-s16-stereo-44100.wav', sampleRateHz=44100, channels=2,
                        frames=frames, songId=sha(s)))

    # 2. 24-bit mono 48 kHz, with exact half-way cases of the s/256 rounding.
    frames = 1200
    s24 = [(next(rnd) % (1 << 24)) - (1 << 23) for _ in range(frames)]
    s24[0:6] = [128, -128, 384, -384, (1 << 23) - 1, -(1 << 23)]
    data = b''.join(struct.pack('<i', v)[:3] for v in s24)
    wav('v1-s24-mono-48000.wav', 1, 1, 48000, 24, data)
    canon = [clamp16(math.floor(v / 256 + 0.5)) for v in s24]
    vectors.append(dict(file='v1-s24-mono-48000.wav', sampleRateHz=48000, channels=1,
                        frames=frames, songId=sha(canon)))

    # 3. 32-bit float stereo 22.05 kHz, with out-of-range, half-way, infinite and NaN samples.
    frames = 800
    fl = [((next(rnd) % 200001) - 100000) / 90000.0 for _ in range(frames * 2)]
    fl = [struct.unpack('<f', struct.pack('<f', v))[0] for v in fl]  # round to float32
    fl[0:8] = [0.5 / 32768, -0.5 / 32768, 1.5 / 32768, -1.5 / 32768, 1.0, -1.0,
               float('inf'), float('nan')]
    data = struct.pack('<%df' % len(fl), *fl)
    wav('v1-f32-stereo-22050.wav', 3, 2, 22050, 32, data)
    vectors.append(dict(file='v1-f32-stereo-22050.wav', sampleRateHz=22050, channels=2,
                        frames=frames, songId=sha([canon_float(v) for v in fl])))

    # 4. 8-bit unsigned mono 8 kHz.
    frames = 1000
    u8 = [next(rnd) % 256 for _ in range(frames)]
    wav('v1-u8-mono-8000.wav', 1, 1, 8000, 8, bytes(u8))
    vectors.append(dict(file='v1-u8-mono-8000.wav', sampleRateHz=8000, channels=1,
                        frames=frames, songId=sha([(b - 128) * 256 for b in u8])))

    if shutil.which('ffmpeg'):
        out = subprocess.run(['ffmpeg', '-v', 'error', '-i', 'v1-s16-stereo-44100.wav', '-f', 's16le',
                              '-'], check=True, capture_output=True).stdout
        assert hashlib.sha256(out).hexdigest() == vectors[0]['songId'], 'ffmpeg disagrees'
        print('ffmpeg -f s16le agrees on the 16-bit vector')

    with open('songid-vectors-v1.json', 'w') as f:
        json.dump(dict(version=1, rule='see make_vectors.py', vectors=vectors), f, indent=2)
        f.write('\n')
    print(json.dumps(vectors, indent=1))


if __name__ == '__main__':
    main()
