#!/usr/bin/env node
// A small Node client of `selection serve --stdio` (JSON-RPC 2.0, one JSON object per line).
// No dependencies: Node 18+ only. The protocol is in docs/serve-protocol.md.
//
//   node selection-client.mjs --library LIB --music DIR [--like WORD] [-- serve options...]
//
// It scans the audio files below DIR, likes those whose path contains WORD (default "techno")
// and dislikes the rest, trains, prints the five best-scored files, then shows how a long call
// is cancelled. The server command is SELECTION_CMD, a JSON array (default
// ["java","-jar","selection.jar"]). It prints one JSON summary line on stdout.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readdirSync } from 'node:fs';
import { join, resolve, extname } from 'node:path';

/** One sidecar process; requests may overlap, responses are matched by id. */
export class SelectionClient {
  constructor(command, args) {
    this.proc = spawn(command[0], [...command.slice(1), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.pending = new Map();
    this.handlers = new Map();
    this.nextId = 1;
    this.exited = new Promise((done) => this.proc.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error('server exited: ' + code));
      this.pending.clear();
      done(code);
    }));
    createInterface({ input: this.proc.stdout }).on('line', (line) => this.onLine(line));
  }

  onLine(line) {
    const msg = JSON.parse(line); // every stdout line is one JSON object: logs go to stderr
    if (msg.id === undefined) {
      const fn = this.handlers.get(msg.method);
      if (fn) fn(msg.params);
      return;
    }
    const call = this.pending.get(msg.id);
    if (!call) return;
    this.pending.delete(msg.id);
    if (msg.error) {
      const e = new Error(msg.error.message);
      e.code = msg.error.code;
      e.errorCode = msg.error.data && msg.error.data.errorCode;
      call.reject(e);
    } else {
      call.resolve(msg.result);
    }
  }

  /** Sends a request; returns { id, result } where result is a promise. */
  start(method, params = {}) {
    const id = this.nextId++;
    const result = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.proc.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    return { id, result };
  }

  request(method, params) {
    return this.start(method, params).result;
  }

  cancel(id) {
    this.proc.stdin.write(JSON.stringify({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }) + '\n');
  }

  on(method, fn) {
    this.handlers.set(method, fn);
  }

  /** Closing stdin stops the server: running work is cancelled, finished batches are kept. */
  async close() {
    this.proc.stdin.end();
    return this.exited;
  }
}

function audioFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...audioFiles(p));
    else if (['.wav', '.flac', '.mp3', '.ogg', '.aiff', '.aif'].includes(extname(e.name).toLowerCase())) out.push(resolve(p));
  }
  return out.sort();
}

async function main() {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const serveOptions = dash < 0 ? [] : argv.slice(dash + 1);
  const opt = (name, def) => { const i = own.indexOf(name); return i < 0 ? def : own[i + 1]; };
  const library = opt('--library');
  const music = opt('--music');
  const like = opt('--like', 'techno');
  if (!library || !music) throw new Error('usage: --library LIB --music DIR [--like WORD] [-- serve options]');
  const command = JSON.parse(process.env.SELECTION_CMD || '["java","-jar","selection.jar"]');

  const client = new SelectionClient(command, ['--library', library, 'serve', '--stdio', ...serveOptions]);
  let progressEvents = 0;
  client.on('selection:progress', (p) => {
    progressEvents++;
    process.stderr.write(`\r${p.phase} ${p.done}/${p.total} (${p.percent} %)   `);
  });
  client.on('selection:autoTrainStatus', (e) => process.stderr.write(`\nauto-train: ${e.status}\n`));

  const files = audioFiles(music);
  const extraction = await client.request('selection:features:extractAndUpsert', { filePaths: files });
  process.stderr.write('\n');
  const liked = files.filter((f) => f.toLowerCase().includes(like));
  const disliked = files.filter((f) => !f.toLowerCase().includes(like));
  await client.request('selection:labels:setForFilePaths', { filePaths: liked, label: 'liked' });
  await client.request('selection:labels:setForFilePaths', { filePaths: disliked, label: 'disliked' });
  const training = await client.request('selection:train');
  const prediction = await client.request('selection:predictForFilePaths', { filePaths: files, topK: 5 });

  // Errors are JSON-RPC errors; the SDK's code is in data.errorCode.
  let error = null;
  try {
    await client.request('selection:songIdFor', { filePath: resolve(music, 'no-such-file.wav') });
  } catch (e) {
    error = { code: e.code, errorCode: e.errorCode };
  }

  // Overlapping requests and cancellation: re-analyse everything, ask for the status meanwhile,
  // then cancel the long call.
  const long = client.start('selection:features:extractAndUpsert', { filePaths: files, force: true });
  const status = await client.request('selection:status');
  client.cancel(long.id);
  let cancelled;
  try {
    cancelled = (await long.result).cancelled;
  } catch (e) {
    cancelled = e.code === -32800;
  }

  const exitCode = await client.close();
  console.log(JSON.stringify({
    extracted: extraction.extracted,
    failed: extraction.failed,
    progressEvents,
    training: training.status,
    modelRevision: training.modelRevision,
    top: prediction.items.map((i) => ({ rank: i.rank, score: Number(i.score.toFixed(4)), filePath: i.filePath })),
    error,
    runningDuringLongCall: status.running,
    cancelled,
    exitCode,
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
