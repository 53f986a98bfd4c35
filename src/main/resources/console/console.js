// The web console: plain DOM code over the public API. Text from the server or the user is only ever set as
// textContent (never parsed as markup), and the page's Content-Security-Policy allows no inline script.
'use strict';

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'tweet-sentiment-admin-token';

function el(tag, attributes = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

/** Calls the API; resolves to {status, body} where body is the parsed JSON (or null). Never throws on HTTP errors. */
async function api(method, path, body, {token, contentType = 'application/json'} = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = contentType;
  if (token) headers['Authorization'] = 'Bearer ' + token;
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined
      : contentType === 'application/json' ? JSON.stringify(body) : body});
  } catch (e) {
    return {status: 0, body: {detail: 'the server cannot be reached (' + e.message + ')'}};
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = {detail: text}; }
  return {status: response.status, body: parsed, headers: response.headers};
}

function problemText(r) {
  if (r.status === 0) return r.body.detail;
  const b = r.body || {};
  return (b.title ? b.title + ': ' : 'Error ' + r.status + ': ') + (b.detail || 'no detail');
}

function show(id, message) {
  const e = $(id);
  e.textContent = message || '';
  e.hidden = !message;
}

const pct = (x) => (100 * x).toFixed(1) + ' %';
const fixed = (x, d = 3) => (x === null || x === undefined) ? '—' : Number(x).toFixed(d);

// ---------------------------------------------------------------- tabs (arrow keys move between them, as ARIA asks)
const tabs = ['try', 'model', 'admin'];

function selectTab(name, focus) {
  for (const t of tabs) {
    const selected = t === name;
    $('tab-' + t).setAttribute('aria-selected', String(selected));
    $('tab-' + t).tabIndex = selected ? 0 : -1;
    $('page-' + t).hidden = !selected;
  }
  if (focus) $('tab-' + name).focus();
  if (name === 'model') loadModel();
  if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
}

for (const t of tabs) {
  $('tab-' + t).addEventListener('click', () => selectTab(t, false));
  $('tab-' + t).addEventListener('keydown', (e) => {
    const i = tabs.indexOf(t);
    const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length]
      : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length]
      : e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[tabs.length - 1] : null;
    if (next) { e.preventDefault(); selectTab(next, true); }
  });
}

let abstention = null;   // the active model's coverage and accuracy per threshold on its held-out rows

async function refreshServing() {
  const r = await api('GET', '/model');
  $('serving').textContent = r.status === 200 ? 'Serving model ' + r.body.version
    : 'No model is serving: ' + problemText(r);
  abstention = r.status === 200 ? r.body.abstention || null : null;
  describeThreshold();
}

/** What the slider's threshold would have done on the held-out tweets. */
function describeThreshold() {
  const t = Number($('try-threshold').value);
  const point = abstention && abstention.reduce((best, p) => Math.abs(p.threshold - t) < Math.abs(best.threshold - t) ? p : best);
  $('try-coverage').textContent = !point ? ''
    : 'On the held-out tweets, a threshold of ' + point.threshold.toFixed(2) + ' answers ' + pct(point.coverage) + ' of them'
      + (point.accuracy === null || point.accuracy === undefined ? '' : ', ' + pct(point.accuracy) + ' of those correctly')
      + '; the rest would go to a person.';
}

// ---------------------------------------------------------------- try it
let lastResults = [];

$('try-threshold').addEventListener('input', () => {
  $('try-threshold-value').textContent = Number($('try-threshold').value).toFixed(2);
  describeThreshold();
  renderResults();
});

$('try-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  show('try-error', '');
  const raw = $('try-text').value;
  const texts = $('try-lines').checked ? raw.split('\n').filter((l) => l.trim() !== '') : [raw];
  if (texts.length === 0 || texts.every((t) => t.trim() === '')) {
    show('try-error', 'Type a tweet first.');
    return;
  }
  const minConfidence = Number($('try-threshold').value);
  $('try-submit').disabled = true;
  try {
    const r = texts.length === 1
      ? await api('POST', '/predict', {text: texts[0], explain: true, minConfidence})
      : await api('POST', '/predict/batch', {items: texts.map((text) => ({text})), explain: true, minConfidence});
    if (r.status !== 200) {
      show('try-error', problemText(r));
      return;
    }
    const results = texts.length === 1 ? [r.body] : r.body.results;
    lastResults = results.map((result, i) => ({text: texts[i], result}));
    renderResults();
  } finally {
    $('try-submit').disabled = false;
  }
});

function renderResults() {
  const box = $('try-results');
  box.replaceChildren();
  const threshold = Number($('try-threshold').value);
  for (const {text, result} of lastResults) {
    const abstained = result.confidence < threshold;
    const head = el('p', {class: 'verdict'},
      el('strong', {class: 'label', text: result.label}), ' ',
      el('meter', {min: '0', max: '1', value: String(result.confidence), 'aria-label': 'confidence'}), ' ',
      el('span', {class: 'confidence', text: pct(result.confidence)}));
    if (abstained) {
      head.append(' ', el('span', {class: 'abstained', text: 'abstained: below ' + threshold.toFixed(2) + ', for a person to decide'}));
    }
    const ex = result.explanation;
    const article = el('article', {class: 'result' + (abstained ? ' is-abstained' : ''), 'aria-label': 'Result for: ' + text},
      head, shadedText(text, ex, result.label),
      el('p', {class: 'muted', text: 'LSTM ' + pct(ex.lstmShare) + ' · n-grams ' + pct(ex.ngramShare)
        + ' of the logit · model ' + result.modelVersion + ' · ' + result.knownTokens + ' of ' + result.tokens + ' tokens known'}));
    box.append(article);
  }
}

/** The text as sent, with each token a focusable span shaded by its push towards Positive (green) or Negative (red). */
function shadedText(text, explanation, label) {
  const p = el('p', {class: 'tokens'});
  // contributions are towards the predicted label; for two labels, turn them into "towards Positive"
  const towardsPositive = label === 'Negative' ? -1 : 1;
  const max = Math.max(1e-9, ...explanation.tokens.map((t) => Math.abs(t.contribution)));
  let at = 0;
  for (const t of explanation.tokens) {
    if (t.end <= t.start || t.start < at) continue;
    if (t.start > at) p.append(text.slice(at, t.start));
    const v = t.contribution * towardsPositive;
    const strength = Math.min(1, Math.abs(v) / max);
    const span = el('span', {class: 'token ' + (v >= 0 ? 'pos' : 'neg'), tabindex: '0',
      'data-token': t.token, 'data-contribution': String(t.contribution),
      title: t.token + ': ' + (t.contribution >= 0 ? '+' : '') + fixed(t.contribution) + ' towards ' + explanation.label
        + ' (LSTM ' + fixed(t.lstm) + ', n-grams ' + fixed(t.ngram) + ')'},
      text.slice(t.start, t.end));
    span.setAttribute('aria-label', span.title);
    span.style.backgroundColor = (v >= 0 ? 'rgba(22, 130, 60, ' : 'rgba(200, 40, 40, ') + (0.08 + 0.62 * strength).toFixed(3) + ')';
    p.append(span);
    at = t.end;
  }
  if (at < text.length) p.append(text.slice(at));
  return p;
}

// ---------------------------------------------------------------- model
async function loadModel() {
  show('model-error', '');
  const r = await api('GET', '/model');
  const card = $('model-card');
  card.replaceChildren();
  const table = $('model-metrics');
  table.querySelectorAll('thead, tbody').forEach((n) => n.remove());
  if (r.status !== 200) {
    show('model-error', problemText(r));
    return;
  }
  const m = r.body;
  const t = m.testMetrics || {};
  const a = m.architecture || {};
  const settings = m.trainingSettings || {};
  const entries = [
    ['Version', m.version], ['Created', m.created], ['Labels', (m.labels || []).join(', ')],
    ['Test accuracy', t.accuracy !== undefined ? pct(t.accuracy) : '—'], ['Macro F1', fixed(t.macroF1)],
    ['ROC-AUC', fixed(t.rocAuc)], ['Test rows', t.examples],
    ['Architecture', 'embedding ' + a.embeddingSize + ', LSTM ' + a.hiddenSize + ', ' + a.pooling + ' pooling, '
      + (a.wideBuckets ? a.wideBuckets + ' n-gram buckets' : 'no n-gram path') + ', vocabulary ' + a.vocabSize],
    ['Teacher', settings.teacher || 'none'],
    ['Dataset', m.dataset ? m.dataset.rowsUsed + ' rows used, sha256 ' + String(m.dataset.sha256).slice(0, 12) + '…' : '—'],
  ];
  for (const [k, v] of entries) card.append(el('dt', {text: k}), el('dd', {text: v === undefined ? '—' : String(v)}));
  if (Array.isArray(t.perLabel)) {
    table.append(el('thead', {}, el('tr', {}, ...['Label', 'Precision', 'Recall', 'F1'].map((h) => el('th', {scope: 'col', text: h})))));
    const body = el('tbody');
    for (const l of t.perLabel) {
      body.append(el('tr', {}, el('th', {scope: 'row', text: l.label}), el('td', {text: fixed(l.precision)}),
        el('td', {text: fixed(l.recall)}), el('td', {text: fixed(l.f1)})));
    }
    table.append(body);
  }
  drawCoverage(m.abstention);
  loadDrift();
  for (const [id, chart] of [['model-curves', 'training-curves'], ['model-confusion', 'confusion-matrix']]) {
    const img = $(id);
    img.onerror = () => { img.replaceWith(el('p', {id, class: 'muted', text: 'This model\'s artifact has no ' + chart + ' chart.'})); };
    img.src = '/model/' + chart + '.png?version=' + encodeURIComponent(m.version);
  }
}

let coverageChart = null;

function drawCoverage(curve) {
  const box = $('coverage-chart');
  if (coverageChart) { coverageChart.destroy(); coverageChart = null; }
  box.replaceChildren();
  if (!curve) {
    box.append(el('p', {class: 'muted', text: 'This model was trained without a held-out profile, so there is no curve.'}));
    return;
  }
  if (typeof uPlot === 'undefined') {
    box.append(el('p', {class: 'muted', text: 'The chart library did not load.'}));
    return;
  }
  coverageChart = new uPlot({
    width: Math.min(640, box.clientWidth || 640), height: 220,
    scales: {x: {time: false}, y: {range: [0, 1]}},
    axes: [{label: 'abstain below this confidence'}, {label: 'share'}],
    series: [{label: 'threshold'}, {label: 'answered', stroke: '#1f5fbf', width: 2},
      {label: 'accuracy of the answered', stroke: '#16823c', width: 2}],
  }, [curve.map((p) => p.threshold), curve.map((p) => p.coverage), curve.map((p) => p.accuracy === undefined ? null : p.accuracy)], box);
}

async function loadDrift() {
  const r = await api('GET', '/model/drift');
  const body = $('drift-table').querySelector('tbody');
  body.replaceChildren();
  if (r.status !== 200) {
    $('drift-verdict').textContent = problemText(r);
    return;
  }
  const d = r.body;
  $('drift-verdict').replaceChildren(el('strong', {class: 'verdict-' + d.verdict, text: d.verdict}), ' — ' + d.summary);
  $('drift-verdict').dataset.verdict = d.verdict;
  const shares = (bins, values) => values ? bins.map((b, i) => b + ': ' + pct(values[i])).join(', ') : '—';
  for (const s of d.statistics) {
    body.append(el('tr', {}, el('th', {scope: 'row', text: s.name.replace('_', ' ')}),
      el('td', {text: s.psi === null || s.psi === undefined ? '—' : fixed(s.psi)}),
      el('td', {class: 'bins', text: shares(s.bins, s.reference)}), el('td', {class: 'bins', text: shares(s.bins, s.live)})));
  }
}

// ---------------------------------------------------------------- admin
const token = () => sessionStorage.getItem(TOKEN_KEY);

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('admin-token').value.trim());
  $('admin-token').value = '';
  await signIn();
});

$('logout').addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  stopPolling();
  $('admin-area').hidden = true;
  $('logout').hidden = true;
  show('admin-error', '');
  $('admin-status').textContent = 'Signed out.';
});

async function signIn() {
  show('admin-error', '');
  $('admin-status').textContent = '';
  const r = await api('GET', '/admin/models', undefined, {token: token()});
  if (r.status !== 200) {
    sessionStorage.removeItem(TOKEN_KEY);
    $('admin-area').hidden = true;
    $('logout').hidden = true;
    show('admin-error', r.status === 401 ? 'The token was not accepted. ' + problemText(r)
      : r.status === 403 ? 'The admin API is off on this server. ' + problemText(r) : problemText(r));
    return;
  }
  $('admin-area').hidden = false;
  $('logout').hidden = false;
  $('admin-status').textContent = 'Signed in.';
  renderVersions(r.body);
  const jobs = await api('GET', '/admin/jobs', undefined, {token: token()});
  const live = jobs.status === 200 ? jobs.body.find((j) => j.state === 'queued' || j.state === 'running') : null;
  if (live) follow(live.id);
}

async function refreshVersions() {
  const r = await api('GET', '/admin/models', undefined, {token: token()});
  if (r.status === 200) renderVersions(r.body); else show('admin-error', problemText(r));
}

function renderVersions(list) {
  const body = $('versions').querySelector('tbody');
  body.replaceChildren();
  for (const v of list.models) {
    const activate = el('button', {type: 'button', class: 'activate', 'data-version': v.version, text: 'Activate',
      'aria-label': 'Activate ' + v.version});
    const remove = el('button', {type: 'button', class: 'delete', 'data-version': v.version, text: 'Delete',
      'aria-label': 'Delete ' + v.version});
    const shadowIt = el('button', {type: 'button', class: 'shadow', 'data-version': v.version, text: 'Shadow',
      'aria-label': 'Shadow ' + v.version + ' beside the active model'});
    activate.disabled = v.active || !!v.error;
    remove.disabled = v.active;
    shadowIt.disabled = v.active || !!v.error || list.shadow === v.version;
    shadowIt.addEventListener('click', async () => {
      show('admin-error', '');
      const r = await api('POST', '/admin/models/' + encodeURIComponent(v.version) + '/shadow', undefined, {token: token()});
      if (r.status !== 200) { show('admin-error', problemText(r)); return; }
      $('admin-status').textContent = 'Shadowing ' + v.version + '.';
      await refreshVersions();
    });
    activate.addEventListener('click', async () => {
      const path = '/admin/models/' + encodeURIComponent(v.version) + '/activate';
      const r = await api('POST', path, undefined, {token: token()});
      if (r.status === 409 && confirm(problemText(r) + '\n\nActivate anyway?')) {
        await versionAction('POST', path + '?force=true', 'Activated ' + v.version + ' (forced).');
      } else if (r.status === 200) {
        $('admin-status').textContent = 'Activated ' + v.version + '.';
        show('admin-error', '');
        await refreshVersions();
        await refreshServing();
      } else {
        show('admin-error', problemText(r));
      }
    });
    remove.addEventListener('click', () => {
      if (confirm('Delete version ' + v.version + '? This cannot be undone.')) {
        versionAction('DELETE', '/admin/models/' + encodeURIComponent(v.version), 'Deleted ' + v.version + '.');
      }
    });
    const acc = v.testMetrics && v.testMetrics.accuracy !== undefined ? pct(v.testMetrics.accuracy) : '—';
    body.append(el('tr', {'data-version': v.version},
      el('th', {scope: 'row', text: v.version}), el('td', {text: v.created || '—'}), el('td', {text: acc}),
      el('td', {class: 'state', text: v.active ? 'active' : v.error ? 'unreadable: ' + v.error : ''}),
      el('td', {}, activate, ' ', shadowIt, ' ', remove)));
  }
  shadowed = list.shadow || null;
  loadShadow();
}

let shadowed = null;

async function loadShadow() {
  $('shadow').hidden = !shadowed;
  if (!shadowed) return;
  const r = await api('GET', '/admin/models/' + encodeURIComponent(shadowed) + '/shadow', undefined, {token: token()});
  const body = $('shadow-table').querySelector('tbody');
  body.replaceChildren();
  if (r.status !== 200) {
    $('shadow-summary').textContent = problemText(r);
    return;
  }
  const s = r.body;
  const mix = (m) => Object.entries(m || {}).map(([k, v]) => k + ' ' + v).join(', ') || '—';
  $('shadow-summary').textContent = s.version + ' scores ' + pct(s.sampleRate) + ' of live texts beside ' + (s.activeVersion || 'the active model')
    + ': ' + s.texts + ' so far' + (s.agreement === null || s.agreement === undefined ? '.' : ', agreeing on ' + pct(s.agreement) + '.');
  $('shadow').dataset.texts = String(s.texts);
  const rows = [['Texts scored', String(s.texts)], ['Agreement', s.agreement === null || s.agreement === undefined ? '—' : pct(s.agreement)],
    ['Its labels', mix(s.labelMix)], ['Active model\'s labels, same texts', mix(s.activeMix)],
    ['Latency per call (ms)', s.latencyMs && s.latencyMs.p50 !== undefined ? 'p50 ' + fixed(s.latencyMs.p50) + ', p99 ' + fixed(s.latencyMs.p99) : '—'],
    ['Skipped while busy', String(s.dropped)], ['Drift', s.drift ? s.drift.verdict + ' — ' + s.drift.summary : '—']];
  for (const [k, v] of rows) body.append(el('tr', {}, el('th', {scope: 'row', text: k}), el('td', {text: v})));
}

$('shadow-refresh').addEventListener('click', loadShadow);
$('shadow-stop').addEventListener('click', async () => {
  if (!shadowed) return;
  const r = await api('DELETE', '/admin/models/' + encodeURIComponent(shadowed) + '/shadow', undefined, {token: token()});
  if (r.status !== 200) { show('admin-error', problemText(r)); return; }
  $('admin-status').textContent = 'Stopped shadowing ' + shadowed + '.';
  await refreshVersions();
});

async function versionAction(method, path, done) {
  show('admin-error', '');
  const r = await api(method, path, undefined, {token: token()});
  if (r.status === 200 || r.status === 204) {
    $('admin-status').textContent = done;
    await refreshVersions();
    await refreshServing();
  } else {
    show('admin-error', problemText(r));
  }
}

$('examples-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const file = $('examples-file').files[0];
  $('examples-errors').replaceChildren();
  $('examples-result').textContent = '';
  if (!file) return;
  const r = await api('POST', '/admin/examples', await file.text(), {token: token(), contentType: 'text/csv'});
  if (r.status === 201) {
    $('examples-result').textContent = 'Stored ' + r.body.added + ' examples; ' + r.body.total + ' in all ('
      + Object.entries(r.body.byLabel).map(([k, v]) => k + ' ' + v).join(', ') + ').';
  } else {
    $('examples-result').textContent = problemText(r);
    for (const p of (r.body && r.body.errors) || []) {
      $('examples-errors').append(el('li', {text: 'row ' + p.row + ', ' + p.field + ': ' + p.problem}));
    }
  }
});

// retraining: start, then poll the job once a second, drawing each epoch's loss and validation accuracy as it arrives
let polling = null;
let chart = null;
let points = [[], [], []];

function stopPolling() {
  if (polling) clearTimeout(polling);
  polling = null;
}

$('retrain-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  show('admin-error', '');
  const request = {};
  if ($('retrain-epochs').value) request.epochs = Number($('retrain-epochs').value);
  if ($('retrain-hyper').value.trim()) {
    try { request.hyperparameters = JSON.parse($('retrain-hyper').value); } catch (err) {
      show('admin-error', 'Other settings must be a JSON object, e.g. {"hiddenSize": 32}: ' + err.message);
      return;
    }
  }
  if ($('retrain-force').checked) request.force = true;
  const r = await api('POST', '/admin/retrain', request, {token: token()});
  if (r.status !== 202) {
    show('admin-error', problemText(r));
    return;
  }
  follow(r.body.id);
});

$('retrain-cancel').addEventListener('click', async () => {
  const id = $('retrain-cancel').dataset.job;
  const r = await api('DELETE', '/admin/jobs/' + id, undefined, {token: token()});
  if (r.status !== 200) show('admin-error', problemText(r));
});

function follow(id) {
  stopPolling();
  points = [[], [], []];
  $('job').hidden = false;
  $('job-gate').textContent = '';
  $('retrain-cancel').dataset.job = id;
  $('retrain-cancel').hidden = false;
  $('retrain-submit').disabled = true;
  drawChart();
  const tick = async () => {
    const r = await api('GET', '/admin/jobs/' + id, undefined, {token: token()});
    if (r.status !== 200) {
      show('admin-error', problemText(r));
      polling = setTimeout(tick, 3000);
      return;
    }
    renderJob(r.body);
    if (['queued', 'running'].includes(r.body.state)) {
      polling = setTimeout(tick, 1000);
    } else {
      polling = null;
      $('retrain-cancel').hidden = true;
      $('retrain-submit').disabled = false;
      await refreshVersions();
      await refreshServing();
    }
  };
  tick();
}

function renderJob(job) {
  const p = job.progress || {};
  $('job').dataset.state = job.state;
  $('job-status').textContent = 'Job ' + job.id + ': ' + job.state
    + (p.phase ? ', ' + p.phase + ' phase' : '') + (p.epoch ? ', epoch ' + p.epoch + (p.epochs ? ' of ' + p.epochs : '') : '')
    + (p.loss !== undefined ? ', loss ' + fixed(p.loss) : '')
    + (p.validationAccuracy !== undefined ? ', validation accuracy ' + pct(p.validationAccuracy) : '')
    + (p.etaSeconds !== undefined && job.state === 'running' ? ', about ' + Math.ceil(p.etaSeconds) + ' s left' : '')
    + (job.message ? '. ' + job.message : '');
  $('job-progress').value = p.percent || 0;
  // the job keeps every finished epoch, so the curve is whole however often this page polls
  const history = p.history || [];
  if (history.length !== points[0].length) {
    points = [history.map((_, i) => i + 1), history.map((h) => h.loss),
      history.map((h) => h.validationAccuracy === undefined ? null : h.validationAccuracy)];
    drawChart();
  }
  $('job-chart').dataset.points = String(points[0].length);
  if (job.gate) {
    const g = job.gate;
    $('job-gate').textContent = 'Gate ' + (g.passed ? 'passed' : 'refused') + (g.forced ? ' (forced)' : '') + ': candidate '
      + pct(g.candidateAccuracy) + (g.activeAccuracy !== undefined ? ' against the active model\'s ' + pct(g.activeAccuracy) : '')
      + ' on ' + g.rows + ' rows' + (g.reason ? '. ' + g.reason : '')
      + (job.activatedVersion ? '. Now serving ' + job.activatedVersion + '.' : '.');
  }
  $('job-log').textContent = (job.log || []).join('\n');
}

function drawChart() {
  const box = $('job-chart');
  if (typeof uPlot === 'undefined') {
    box.textContent = 'The chart library did not load; the figures are above.';
    return;
  }
  if (chart) chart.destroy();
  chart = new uPlot({
    width: Math.min(640, box.clientWidth || 640), height: 240,
    scales: {x: {time: false}, acc: {range: [0, 1]}},
    axes: [{label: 'epoch (all phases: n-grams, then LSTM)'}, {label: 'training loss'}, {side: 1, scale: 'acc', label: 'validation accuracy', grid: {show: false}}],
    series: [{label: 'epoch'}, {label: 'loss', stroke: '#b03030', width: 2},
      {label: 'validation accuracy', scale: 'acc', stroke: '#16823c', width: 2}],
  }, points, box);
}

// ---------------------------------------------------------------- start
window.addEventListener('hashchange', () => {
  const t = location.hash.slice(1);
  if (tabs.includes(t)) selectTab(t, false);
});
refreshServing();
selectTab(tabs.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'try', false);
if (token()) signIn();
