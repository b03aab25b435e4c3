// Writes essentia-2.1-beta6-dev-hpcp-key.tsv: outputs of Essentia's HPCP and Key algorithms (through
// essentia.js 0.1.3 from npm, WASM build of Essentia 2.1-beta6-dev) on seeded random inputs, the
// independent reference of EssentiaGoldenTest. Regenerate from this directory with:
//   mkdir -p ../../../../../../../../../target/ejs && (cd ../../../../../../../../../target/ejs && npm init -y && npm install essentia.js@0.1.3)
//   NODE_PATH=../../../../../../../../../target/ejs/node_modules node make_essentia_golden.js > essentia-2.1-beta6-dev-hpcp-key.tsv
const { Essentia, EssentiaWASM } = require('essentia.js');
const e = new Essentia(EssentiaWASM);
let seed = 12345;
function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; }
const f = (a) => Array.from(a).map(x => x.toPrecision(9)).join(',');
console.log('# essentia.js 0.1.3 / Essentia ' + e.version + '; columns per kind, see EssentiaGoldenTest');
for (let c = 0; c < 40; c++) {
  const n = 1 + Math.floor(rnd() * 30);
  const freqs = [], mags = [];
  for (let i = 0; i < n; i++) { freqs.push(20 + rnd() * 6000); mags.push(rnd()); }
  const size = [12, 36, 120][c % 3];
  const harmonics = [0, 4, 8][Math.floor(c / 3) % 3];
  const ref = 430 + rnd() * 20;
  const out = e.HPCP(e.arrayToVector(freqs), e.arrayToVector(mags), false, 500, harmonics, 5000, false,
    40, false, 'none', ref, 44100, size, 'cosine', 1.0);
  console.log(['hpcp', size, harmonics, ref.toPrecision(9), f(freqs), f(mags),
    f(e.vectorToArray(out.hpcp))].join('\t'));
}
for (let c = 0; c < 60; c++) {
  const size = [12, 36][c % 2];
  const pcp = [];
  for (let i = 0; i < size; i++) pcp.push(rnd() < 0.3 ? 0 : rnd());
  const profile = ['krumhansl', 'temperley', 'edma', 'bgate', 'shaath'][Math.floor(c / 2) % 5];
  const poly = c >= 30;
  const r = e.Key(e.arrayToVector(pcp), 4, size, profile, 0.6, false, poly, true);
  console.log(['key', profile, poly, f(pcp), r.key, r.scale, r.strength.toPrecision(9)].join('\t'));
}
for (let c = 0; c < 40; c++) {
  const n = 1 + Math.floor(rnd() * 20);
  const cents = -50 + rnd() * 100;
  const freqs = [], mags = [];
  for (let i = 0; i < n; i++) {
    const jitter = rnd() < 0.7 ? (rnd() - 0.5) * 6 : (rnd() - 0.5) * 100;
    const note = Math.floor(rnd() * 60) - 36;
    freqs.push(440 * Math.pow(2, (note + (cents + jitter) / 100) / 12));
    mags.push(0.05 + rnd());
  }
  const r = e.TuningFrequency(e.arrayToVector(freqs), e.arrayToVector(mags), 1);
  console.log(['tuning', f(freqs), f(mags), r.tuningCents.toPrecision(9)].join('\t'));
}
