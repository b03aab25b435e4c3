// The web app of `selection serve`: a virtualised, server-sorted table of the library's songs.
// Vanilla JS, no build step; talks JSON-RPC at POST /rpc and listens to GET /events.
'use strict';

const PAGE = 200;
const clientId = 'w' + Math.random().toString(36).slice(2, 10);
let nextId = 1;

const state = {
  sort: 'title',
  order: 'asc',
  query: '',
  total: 0,
  version: -1,
  pages: new Map(), // page index -> rows
  stale: new Map(), // previous pages, shown while fresh ones load
  loading: new Map(), // page index -> the view key its request was made for
  generation: 0, // bumped by every invalidation: a page loaded before it is stale
  selected: new Set(),
  anchor: null, // last clicked row index, for shift-click ranges
  scanId: null,
  trainId: null,
  rowHeight: 28,
};

const $ = (id) => document.getElementById(id);

async function rpc(method, params) {
  const id = clientId + '-' + nextId++;
  const res = await fetch('rpc', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: params || {} }),
  });
  const msg = await res.json();
  if (msg.error) {
    const e = new Error(msg.error.message);
    e.code = msg.error.code;
    e.errorCode = msg.error.data && msg.error.data.errorCode;
    throw e;
  }
  return msg.result;
}

function startRpc(method, params) {
  // For cancellable calls: the id is known before the answer comes.
  const id = clientId + '-' + nextId++;
  const done = fetch('rpc', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params: params || {} }),
  })
    .then((r) => r.json())
    .then((msg) => {
      if (msg.error) {
        const e = new Error(msg.error.message);
        e.code = msg.error.code;
        e.errorCode = msg.error.data && msg.error.data.errorCode;
        throw e;
      }
      return msg.result;
    });
  return { id, done };
}

let toastTimer = 0;
function toast(text, isError) {
  const t = $('toast');
  t.textContent = text;
  t.className = 'show' + (isError ? ' error' : '');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.className = isError ? 'error' : ''; }, isError ? 6000 : 3500);
}

function fail(e) {
  toast((e.errorCode ? e.errorCode + ': ' : '') + e.message, true);
}

// ------------------------------------------------------------------ table

const viewport = $('viewport');
const spacer = $('spacer');
const pool = [];

function pageOf(index) { return Math.floor(index / PAGE); }

function rowAt(index) {
  const p = pageOf(index);
  const rows = state.pages.get(p) || state.stale.get(p);
  return rows ? rows[index - p * PAGE] : undefined;
}

function viewKey() {
  return state.sort + '/' + state.order + '/' + state.query + '#' + state.generation;
}

// Loads a page for the current view. A request made for an older view (another sort or query, or
// one made before an invalidation such as new scores) never fills the page: its answer is dropped,
// and the page is requested again for the current view.
async function loadPage(p) {
  const key = viewKey();
  if (state.pages.has(p) || state.loading.get(p) === key) return;
  state.loading.set(p, key);
  try {
    const r = await rpc('selection:library:page', {
      offset: p * PAGE, limit: PAGE, sort: state.sort, order: state.order, query: state.query,
    });
    // The view changed meanwhile: the render() of that change has asked for the page again.
    if (key !== viewKey()) return;
    state.pages.set(p, r.rows);
    state.stale.delete(p);
    setTotal(r);
    render();
  } catch (e) {
    fail(e);
  } finally {
    if (state.loading.get(p) === key) state.loading.delete(p);
  }
}

function setTotal(r) {
  state.total = r.total;
  state.version = r.version;
  spacer.style.height = (r.total * state.rowHeight) + 'px';
  const parts = [r.total.toLocaleString() + ' rows', r.songs.toLocaleString() + ' songs'];
  if (r.failed) parts.push(r.failed + ' failed to analyse');
  parts.push(r.modelRevision > 0 ? 'scores of model revision ' + r.modelRevision : 'no model yet: no scores');
  if (!r.loaded) parts.push('loading…');
  $('footer').textContent = parts.join(' · ');
}

function invalidate(keepStale) {
  state.generation++;
  state.stale = keepStale ? new Map([...state.stale, ...state.pages]) : new Map();
  state.pages = new Map();
  render();
}

function render() {
  const h = state.rowHeight;
  const first = Math.max(0, Math.floor(viewport.scrollTop / h) - 5);
  const count = Math.ceil(viewport.clientHeight / h) + 10;
  const last = Math.min(state.total, first + count);
  for (let p = pageOf(first); p <= Math.max(pageOf(first), pageOf(last - 1)); p++) loadPage(p);
  while (pool.length < count) {
    const el = document.createElement('div');
    el.className = 'row body-row';
    el.setAttribute('role', 'row');
    el.innerHTML =
      '<span class="c sel"><input type="checkbox" aria-label="Select"></span>' +
      '<span class="c title"></span><span class="c artist"></span>' +
      '<span class="c bpm num"></span><span class="c key"></span>' +
      '<span class="c label"></span><span class="c score num"></span>' +
      '<span class="c actions"><button class="like" title="Like">Like</button>' +
      '<button class="dislike" title="Dislike">Dislike</button>' +
      '<button class="clear" title="Clear the label">×</button>' +
      '<button class="why" title="Why this score?">Why?</button></span>';
    viewport.appendChild(el);
    pool.push(el);
  }
  for (let i = 0; i < pool.length; i++) {
    const el = pool[i];
    const index = first + i;
    if (index >= last) { el.hidden = true; continue; }
    el.hidden = false;
    el.style.transform = 'translateY(' + (index * h) + 'px)';
    el.dataset.index = index;
    const r = rowAt(index);
    fill(el, r);
  }
}

function fill(el, r) {
  const cells = el.children;
  if (!r) {
    el.dataset.songId = '';
    el.classList.remove('selected', 'failed');
    cells[1].textContent = '…';
    for (let c = 2; c <= 6; c++) cells[c].textContent = '';
    cells[7].style.visibility = 'hidden';
    return;
  }
  el.dataset.songId = r.songId || '';
  el.classList.toggle('failed', !r.songId);
  el.classList.toggle('selected', !!r.songId && state.selected.has(r.songId));
  cells[0].firstChild.checked = !!r.songId && state.selected.has(r.songId);
  cells[0].firstChild.disabled = !r.songId;
  cells[1].textContent = r.title || '';
  cells[1].title = r.path || '';
  cells[2].textContent = r.songId ? (r.artist || '') : 'not analysed: ' + r.failure;
  cells[3].textContent = r.bpm == null ? '' : r.bpm.toFixed(1);
  cells[4].textContent = r.key || '';
  cells[5].textContent = r.label && r.label !== 'neutral' ? r.label : '';
  cells[5].className = 'c label ' + (r.label || '');
  const score = cells[6];
  score.textContent = '';
  if (r.score != null) {
    const bar = document.createElement('span');
    bar.className = 'scorebar';
    bar.style.width = Math.round(r.score * 50) + 'px';
    score.appendChild(bar);
    score.appendChild(document.createTextNode(r.score.toFixed(3)));
  }
  cells[7].style.visibility = r.songId ? 'visible' : 'hidden';
}

viewport.addEventListener('scroll', () => requestAnimationFrame(render), { passive: true });
window.addEventListener('resize', () => render());

viewport.addEventListener('click', (ev) => {
  const el = ev.target.closest('.body-row');
  if (!el || !el.dataset.songId) return;
  const id = el.dataset.songId;
  const index = Number(el.dataset.index);
  const button = ev.target.closest('button');
  if (button) {
    if (button.classList.contains('why')) explain(id);
    else setLabels([id], button.classList.contains('like') ? 'liked'
      : button.classList.contains('dislike') ? 'disliked' : 'neutral');
    return;
  }
  if (ev.target.type === 'checkbox' || ev.ctrlKey || ev.metaKey) {
    if (state.selected.has(id)) state.selected.delete(id); else state.selected.add(id);
  } else if (ev.shiftKey && state.anchor != null) {
    const [a, b] = [Math.min(state.anchor, index), Math.max(state.anchor, index)];
    for (let i = a; i <= b; i++) { const r = rowAt(i); if (r && r.songId) state.selected.add(r.songId); }
  } else {
    state.selected = new Set([id]);
  }
  state.anchor = index;
  selectionChanged();
});

$('select-all').addEventListener('change', (ev) => {
  if (!ev.target.checked) { state.selected.clear(); selectionChanged(); return; }
  for (const rows of state.pages.values()) for (const r of rows) if (r.songId) state.selected.add(r.songId);
  selectionChanged();
});

function selectionChanged() {
  const n = state.selected.size;
  $('selcount').textContent = n.toLocaleString() + ' selected';
  for (const b of ['like-selected', 'dislike-selected', 'clear-selected', 'similar-selected']) $(b).disabled = n === 0;
  render();
}

document.querySelectorAll('.sortable').forEach((h) => h.addEventListener('click', () => {
  const col = h.dataset.sort;
  if (state.sort === col) state.order = state.order === 'asc' ? 'desc' : 'asc';
  else { state.sort = col; state.order = col === 'score' || col === 'label' ? 'desc' : 'asc'; }
  showSort();
  viewport.scrollTop = 0;
  invalidate(false);
}));

function showSort() {
  document.querySelectorAll('.sortable').forEach((h) => {
    h.classList.toggle('asc', h.dataset.sort === state.sort && state.order === 'asc');
    h.classList.toggle('desc', h.dataset.sort === state.sort && state.order === 'desc');
  });
}

let queryTimer = 0;
function queryChanged() {
  clearTimeout(queryTimer);
  queryTimer = setTimeout(() => {
    const q = $('query').value.trim();
    if (q === state.query) return;
    state.query = q;
    viewport.scrollTop = 0;
    invalidate(false);
  }, 200);
}
// 'change' too: clearing the field programmatically fires no 'input'.
for (const ev of ['input', 'change', 'search']) $('query').addEventListener(ev, queryChanged);

// ------------------------------------------------------------------ actions

async function setLabels(ids, label) {
  try {
    const r = await rpc('selection:labels:set', { songIds: ids, label });
    toast(label + ': ' + r.changed + ' of ' + r.total + ' changed · ' + r.sampleChangeCount + ' changes since training');
    // Show the new labels at once; the server confirms with a libraryChanged event.
    const set = new Set(ids);
    for (const rows of [...state.pages.values(), ...state.stale.values()]) {
      for (const row of rows) if (set.has(row.songId)) row.label = label;
    }
    render();
    refreshStatus();
  } catch (e) { fail(e); }
}

$('like-selected').addEventListener('click', () => setLabels([...state.selected], 'liked'));
$('dislike-selected').addEventListener('click', () => setLabels([...state.selected], 'disliked'));
$('clear-selected').addEventListener('click', () => setLabels([...state.selected], 'neutral'));

$('train').addEventListener('click', async () => {
  const call = startRpc('selection:train', {});
  state.trainId = call.id;
  $('train').disabled = true;
  showProgress('Training…', 0, true);
  try {
    const r = await call.done;
    if (r.status === 'trained') {
      const auc = r.metrics && r.metrics.model && r.metrics.model.roc_auc;
      toast('Trained model revision ' + r.modelRevision + (auc != null ? ' · ROC-AUC ' + auc.toFixed(3) : '') + ' · scoring…');
    } else {
      toast(r.status.replace('_', ' ') + (r.message ? ': ' + r.message : ''), r.status === 'failed');
    }
  } catch (e) { fail(e); } finally {
    state.trainId = null;
    $('train').disabled = false;
    hideProgress();
    refreshStatus();
  }
});

$('reset').addEventListener('click', () => $('confirm').showModal());
$('confirm').addEventListener('close', async () => {
  if ($('confirm').returnValue !== 'ok') return;
  try {
    await rpc('selection:training:reset', {});
    toast('Training data cleared');
    invalidate(true);
    refreshStatus();
  } catch (e) { fail(e); }
});

$('scan').addEventListener('click', async () => {
  const folder = $('folder').value.trim();
  if (!folder) { toast('Type the path of a folder to scan', true); return; }
  const call = startRpc('selection:scan', { folder });
  state.scanId = call.id;
  $('scan').disabled = true;
  $('cancel').hidden = false;
  showProgress('Scanning…', 0, false);
  try {
    const r = await call.done;
    toast((r.cancelled ? 'Scan cancelled: ' : 'Scan done: ') + r.extracted + ' analysed, ' + r.skipped +
      ' current, ' + r.failed + ' failed of ' + r.total);
  } catch (e) { fail(e); } finally {
    state.scanId = null;
    $('scan').disabled = false;
    $('cancel').hidden = true;
    hideProgress();
    refreshStatus();
  }
});

$('cancel').addEventListener('click', async () => {
  if (!state.scanId) return;
  try { await rpc('$/cancelRequest', { id: state.scanId }); toast('Cancelling after the tracks in flight…'); } catch (e) { fail(e); }
});

function showProgress(text, percent, indeterminate) {
  const p = $('progress');
  p.hidden = false;
  if (indeterminate) p.removeAttribute('value'); else p.value = percent;
  $('progress-text').textContent = text;
}

function hideProgress() {
  if (state.scanId || state.trainId) return;
  $('progress').hidden = true;
  $('progress-text').textContent = '';
}

$('similar-selected').addEventListener('click', async () => {
  const seeds = [...state.selected];
  try {
    const r = await rpc('selection:similar', { songIds: seeds, k: 30 });
    const rows = await rpc('selection:library:rows', { songIds: r.items.map((i) => i.songId) });
    const byId = new Map(rows.map((x) => [x.songId, x]));
    const body = side();
    h(body, 'h2', 'More like ' + (seeds.length === 1 ? 'this song' : 'these ' + seeds.length + ' songs'));
    h(body, 'p', 'By ' + r.descriptor + ' similarity' + (r.message ? ' · ' + r.message : '')).className = 'muted';
    const ol = h(body, 'ol', '');
    ol.id = 'similar-list';
    for (const i of r.items) {
      const x = byId.get(i.songId);
      h(ol, 'li', (x ? x.title + (x.artist ? ' — ' + x.artist : '') : i.songId.slice(0, 12)) + '  (' + i.similarity.toFixed(3) + ')');
    }
    if (!r.items.length) h(body, 'p', 'No similar songs: the seeds have no features to compare.');
  } catch (e) { fail(e); }
});

async function explain(songId) {
  try {
    const x = await rpc('selection:explain', { songId });
    const body = side();
    const self = (await rpc('selection:library:rows', { songIds: [songId] }))[0];
    h(body, 'h2', 'Why ' + (self ? '“' + self.title + '”' : 'this song') + '?');
    if (!x) {
      h(body, 'p', 'No explanation: there is no trained model yet, or the song has no features.');
      return;
    }
    h(body, 'p', 'Score ' + x.score.toFixed(3));
    const ids = [...x.nearestLiked, ...x.nearestDisliked].map((n) => n.songId);
    const rows = ids.length ? await rpc('selection:library:rows', { songIds: ids }) : [];
    const byId = new Map(rows.map((r) => [r.songId, r]));
    const name = (id) => { const r = byId.get(id); return r ? r.title + (r.artist ? ' — ' + r.artist : '') : id.slice(0, 12); };
    h(body, 'h3', 'Nearest liked songs');
    const liked = h(body, 'ol', '');
    for (const n of x.nearestLiked) h(liked, 'li', name(n.songId) + '  (' + n.similarity.toFixed(3) + ', ' + n.descriptor + ')');
    if (x.nearestDisliked.length) {
      h(body, 'h3', 'Nearest disliked songs');
      const dis = h(body, 'ol', '');
      for (const n of x.nearestDisliked) h(dis, 'li', name(n.songId) + '  (' + n.similarity.toFixed(3) + ')');
    }
    if (x.sharedTags.length) {
      h(body, 'h3', 'Sounds it shares with the liked songs');
      const tags = h(body, 'ul', '');
      for (const t of x.sharedTags) h(tags, 'li', t.tag + '  (' + t.probability.toFixed(2) + ')');
    }
    h(body, 'h3', 'Top feature contributions (log-odds)');
    const c = h(body, 'ul', '');
    c.id = 'contributions';
    for (const k of x.contributions) {
      h(c, 'li', k.feature + ' = ' + (k.value == null ? '–' : k.value.toFixed(3)) + ': ' +
        (k.contribution >= 0 ? '+' : '') + (k.contribution == null ? '–' : k.contribution.toFixed(3)));
    }
  } catch (e) { fail(e); }
}

function side() {
  $('side').hidden = false;
  const body = $('side-body');
  body.textContent = '';
  return body;
}

function h(parent, tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  parent.appendChild(el);
  return el;
}

$('side-close').addEventListener('click', () => { $('side').hidden = true; render(); });

// ------------------------------------------------------------------ status and events

async function refreshStatus() {
  try {
    const s = await rpc('selection:status', {});
    $('library').textContent = s.libraryRoot;
    $('status').textContent = s.liked + ' liked · ' + s.disliked + ' disliked · ' +
      s.sampleChangeCount + ' changes since training · ' +
      (s.modelRevision > 0 ? 'model revision ' + s.modelRevision : 'not trained');
  } catch (e) { fail(e); }
}

function listen() {
  const events = new EventSource('events');
  events.addEventListener('selection:progress', (ev) => {
    const p = JSON.parse(ev.data);
    if (p.requestId !== state.scanId && p.requestId !== state.trainId) return;
    const what = p.requestId === state.scanId ? 'Scanning' : 'Training';
    showProgress(what + ' · ' + p.phase + ' ' + p.done + '/' + p.total + ' (' + Math.round(p.percent) + ' %)', p.percent, false);
  });
  events.addEventListener('selection:autoTrainStatus', (ev) => {
    const e = JSON.parse(ev.data);
    toast('Automatic training: ' + e.status + (e.status === 'trained' ? ' (model revision ' + e.modelRevision + ')' : '') +
      (e.message ? ' · ' + e.message : ''), e.status === 'failed');
    refreshStatus();
  });
  events.addEventListener('selection:libraryChanged', (ev) => {
    const e = JSON.parse(ev.data);
    if (e.version === state.version) return;
    invalidate(true);
    refreshStatus();
  });
}

showSort();
listen();
refreshStatus();
render();
