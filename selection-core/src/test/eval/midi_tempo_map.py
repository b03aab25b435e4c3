#!/usr/bin/env python3
"""Reads the tempo map of a Standard MIDI File: beat and downbeat times in seconds.

Standard library only. Used by the tempo evaluation scripts to turn a chart's or a rendered file's
MIDI into truth: every quarter note (MIDI "beat") is a beat, every bar start per the time-signature
events is a downbeat (4/4 when the file has none).
"""

import struct


def _varlen(data, i):
    v = 0
    while True:
        b = data[i]
        i += 1
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            return v, i


def read_events(path):
    """Returns (ticks_per_quarter, [(tick, kind, value)]) for tempo ('tempo', µs per quarter),
    time signature ('timesig', (numerator, denominator)) and the last tick of any track ('end')."""
    data = open(path, "rb").read()
    if data[:4] != b"MThd":
        raise ValueError("not a MIDI file: " + path)
    hlen = struct.unpack(">I", data[4:8])[0]
    _fmt, ntracks, division = struct.unpack(">HHH", data[8:14])
    if division & 0x8000:
        raise ValueError("SMPTE time division is not supported: " + path)
    i = 8 + hlen
    events = []
    for _ in range(ntracks):
        if data[i:i + 4] != b"MTrk":
            break
        tlen = struct.unpack(">I", data[i + 4:i + 8])[0]
        j = i + 8
        end = j + tlen
        tick = 0
        status = 0
        while j < end:
            delta, j = _varlen(data, j)
            tick += delta
            b = data[j]
            if b == 0xFF:
                mtype = data[j + 1]
                mlen, k = _varlen(data, j + 2)
                payload = data[k:k + mlen]
                j = k + mlen
                if mtype == 0x51:
                    events.append((tick, "tempo", int.from_bytes(payload, "big")))
                elif mtype == 0x58:
                    events.append((tick, "timesig", (payload[0], 2 ** payload[1])))
            elif b in (0xF0, 0xF7):
                mlen, k = _varlen(data, j + 1)
                j = k + mlen
            else:
                if b & 0x80:
                    status = b
                    j += 1
                kind = status & 0xF0
                j += 1 if kind in (0xC0, 0xD0) else 2
        events.append((tick, "end", None))
        i = end
    return division, sorted(events, key=lambda e: (e[0], e[1] != "tempo"))


def tick_to_seconds(division, events):
    """Returns a function tick -> seconds under the file's tempo map (120 BPM until the first)."""
    tempos = [(0, 500000)] + [(t, v) for t, k, v in events if k == "tempo"]
    segments = []  # (start_tick, start_sec, us_per_quarter)
    sec = 0.0
    last_tick, last_us = 0, 500000
    for t, us in tempos:
        sec += (t - last_tick) * last_us / 1e6 / division
        segments.append((t, sec, us))
        last_tick, last_us = t, us

    def at(tick):
        seg = segments[0]
        for s in segments:
            if s[0] <= tick:
                seg = s
            else:
                break
        return seg[1] + (tick - seg[0]) * seg[2] / 1e6 / division

    return at


def beats(path, until_sec=None):
    """Returns (beats_sec, downbeats_sec, bpm_values) of the file: a beat per quarter note up to the
    last event (or until_sec), bar starts per the time signatures, and the BPM of each beat."""
    division, events = read_events(path)
    at = tick_to_seconds(division, events)
    last_tick = max(t for t, _, _ in events)
    sigs = [(0, (4, 4))] + [(t, v) for t, k, v in events if k == "timesig"]
    beat_list, down_list, bpms = [], [], []
    tick = 0
    bar_tick = 0
    sig_index = 0
    num, den = 4, 4
    while tick <= last_tick:
        while sig_index + 1 < len(sigs) and sigs[sig_index + 1][0] <= tick:
            sig_index += 1
            num, den = sigs[sig_index][1]
            bar_tick = sigs[sig_index][0]
        s = at(tick)
        if until_sec is not None and s > until_sec:
            break
        beat_list.append(s)
        bar_len = num * division * 4 // den
        if (tick - bar_tick) % bar_len == 0:
            down_list.append(s)
        nxt = at(tick + division)
        bpms.append(60.0 / (nxt - s))
        tick += division
    return beat_list, down_list, bpms
