// Runs essentia.js RhythmExtractor2013 (method "multifeature", its defaults: 40–208 BPM) on raw
// mono float32 little-endian PCM at 44.1 kHz read from a file; prints the BPM on the first line and
// then one beat time (seconds) a line. Usage: node essentia_rhythm.js NODE_MODULES_DIR FILE.f32
// (tempo_reference.py makes the .f32 file with sox; essentia.js comes from npm, AGPL-3, and is
// only run, never linked or shipped).
const path = require('path');
const fs = require('fs');
const { Essentia, EssentiaWASM } = require(path.join(process.argv[2], 'essentia.js'));
const essentia = new Essentia(EssentiaWASM);
const buf = fs.readFileSync(process.argv[3]);
const x = new Float32Array(buf.buffer, buf.byteOffset, Math.floor(buf.length / 4));
const r = essentia.RhythmExtractor2013(essentia.arrayToVector(x), 208, 'multifeature', 40);
const ticks = essentia.vectorToArray(r.ticks);
let out = r.bpm.toFixed(3) + '\n';
for (const t of ticks) {
  out += t.toFixed(4) + '\n';
}
process.stdout.write(out);
