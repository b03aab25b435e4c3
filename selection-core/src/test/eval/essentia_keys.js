// Runs Essentia's KeyExtractor (essentia.js, npm, AGPL-3.0) on the 44.1 kHz files of manifest.tsv and
// prints "system \t set \t item \t truth \t estimate" lines, as KeyEvalMain does.
// Usage: NODE_PATH=<dir with node_modules> node essentia_keys.js manifest.tsv
const fs = require('fs');
const { Essentia, EssentiaWASM } = require('essentia.js');
const essentia = new Essentia(EssentiaWASM);

function readWav16Mono(path) {
  const b = fs.readFileSync(path);
  let pos = 12, channels = 1;
  while (pos + 8 <= b.length) {
    const id = b.toString('ascii', pos, pos + 4), size = b.readUInt32LE(pos + 4), body = pos + 8;
    if (id === 'fmt ') channels = b.readUInt16LE(body + 2);
    if (id === 'data') {
      const n = Math.floor(Math.min(size, b.length - body) / (2 * channels));
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let c = 0; c < channels; c++) s += b.readInt16LE(body + 2 * (i * channels + c));
        out[i] = s / channels / 32768;
      }
      return out;
    }
    pos = body + size + (size & 1);
  }
  throw new Error('no data chunk in ' + path);
}

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(l => l.length > 0);
for (const line of lines) {
  const [stem, , wav44, truth, kind] = line.split('\t');
  const vector = essentia.arrayToVector(readWav16Mono(wav44));
  for (const profile of ['bgate', 'edma', 'temperley', 'krumhansl']) {
    // KeyExtractor defaults (essentia 2.1-beta6-dev): frame 4096, hop 4096, hpcpSize 12, whitening,
    // pcpThreshold 0.2, averageDetuningCorrection, 44100 Hz; only the profile varies.
    const r = essentia.KeyExtractor(vector, true, 4096, 4096, 12, 3500, 60, 25, 0.2, profile, 44100,
      0.0001, 440, 'cosine', 'hann');
    const tonic = r.key.replace('Bb', 'A#').replace('Eb', 'D#').replace('Ab', 'G#');
    console.log(`essentia.js ${essentia.version} KeyExtractor ${profile}\t${kind}\t${stem}\t${truth}\t${tonic} ${r.scale}`);
  }
  vector.delete && vector.delete();
}
