// Drover's Cockpit plugin: a page per run, running or finished (Cockpit Community Edition has no
// history view). It shows the procedure's diagram with the path the run took, every activity with
// its times, and Drover's attempts of a selected step (host, command as run, exit status, reason,
// output tails). Data comes from Drover's /drover-web endpoints with the web apps' own sign-in,
// which apply the service-group rules of Drover's API.

const APP_ROOT = (document.querySelector('base') || { getAttribute: () => '/camunda' }).getAttribute('app-root') || '/camunda';
const ROOT = APP_ROOT.replace(/\/camunda\/?$/, '');
const VIEWER = ROOT + '/webjars/bpmn-js/8.0.0/dist/bpmn-navigated-viewer.production.min.js';

const STYLE = `
.drover-page { padding: 16px 24px; }
.drover-page h2 { margin-top: 0; }
.drover-page table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
.drover-page th, .drover-page td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
.drover-page tr.drover-selectable { cursor: pointer; }
.drover-page tr.drover-selected { background: #eef5ff; }
.drover-page pre { white-space: pre-wrap; max-height: 240px; overflow: auto; background: #f7f7f7; padding: 4px; }
.drover-diagram { height: 420px; border: 1px solid #ccc; margin: 8px 0; }
.drover-ok { color: #1a7f37; font-weight: bold; }
.drover-bad { color: #b42318; font-weight: bold; }
.drover-passed:not(.djs-connection) .djs-visual > :nth-child(1) { stroke: #1a7f37 !important; stroke-width: 3px !important; }
.drover-passed.djs-connection .djs-visual > path { stroke: #1a7f37 !important; stroke-width: 3px !important; }
.drover-failed .djs-visual > :nth-child(1) { stroke: #b42318 !important; fill: #fde8e7 !important; }
.drover-retried .djs-visual > :nth-child(1) { stroke-dasharray: 6 3 !important; }
`;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === 'class') node.className = v; else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  });
  children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return node;
}

async function json(path) {
  const response = await fetch(ROOT + path, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.detail || ('HTTP ' + response.status));
  }
  return body;
}

function time(at) {
  return at ? new Date(at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '-';
}

function seconds(millis) {
  return millis == null ? '-' : (millis / 1000).toFixed(1) + ' s';
}

function loadViewer() {
  if (window.BpmnJS) return Promise.resolve(window.BpmnJS);
  return new Promise((resolve, reject) => {
    const script = el('script', { src: VIEWER });
    script.onload = () => resolve(window.BpmnJS);
    script.onerror = () => reject(new Error('cannot load the BPMN viewer from ' + VIEWER));
    document.head.append(script);
  });
}

function style() {
  if (!document.getElementById('drover-style')) {
    document.head.append(el('style', { id: 'drover-style' }, STYLE));
  }
}

function runIdFromHash() {
  const match = window.location.hash.match(/#\/drover\/runs\/([0-9a-f-]{36})/);
  return match ? match[1] : null;
}

async function renderList(node) {
  style();
  const page = el('div', { class: 'drover-page' }, el('h2', {}, 'Drover runs'), el('p', {}, 'loading...'));
  node.replaceChildren(page);
  try {
    const runs = await json('/drover-web/runs');
    const rows = runs.map(r => el('tr', {},
      el('td', {}, el('a', { href: '#/drover/runs/' + r.runId }, r.runId)), el('td', {}, r.service),
      el('td', {}, r.action), el('td', {}, r.outcome || r.status), el('td', {}, r.requestedBy),
      el('td', {}, time(r.startedAt)), el('td', {}, time(r.endedAt))));
    page.replaceChildren(el('h2', {}, 'Drover runs'), el('table', {},
      el('tr', {}, ['Run', 'Service', 'Action', 'Outcome', 'Requested by', 'Started', 'Ended'].map(h => el('th', {}, h))),
      rows));
  } catch (e) {
    page.replaceChildren(el('h2', {}, 'Drover runs'), el('p', { class: 'drover-bad' }, e.message));
  }
}

function stepDetail(attempts, stepId) {
  const mine = attempts.filter(a => a.stepId === stepId);
  if (!mine.length) {
    return el('p', {}, 'No attempt of ' + stepId + ' (not a Drover step, or it has not run).');
  }
  return el('div', { class: 'drover-step' }, el('h3', {}, 'Attempts of ' + (mine[0].stepName || stepId)),
    mine.map(a => el('div', { class: 'drover-attempt' },
      el('p', {}, el('b', {}, 'Attempt ' + a.attempt + ': '),
        el('span', { class: a.status === 'SUCCEEDED' ? 'drover-ok' : 'drover-bad' }, a.status),
        ' on ', a.host, a.exitCode == null ? '' : ', exit status ' + a.exitCode,
        a.reason ? ', ' + a.reason : '', a.verdict ? ', policy ' + a.verdict : '',
        ', started ', time(a.startedAt), ', ended ', time(a.endedAt)),
      el('p', {}, 'Command (secrets masked): ', el('code', {}, a.command)),
      a.message ? el('p', {}, a.message) : '',
      el('div', {}, 'stdout:'), el('pre', { class: 'drover-stdout' }, a.stdoutTail || ''),
      el('div', {}, 'stderr:'), el('pre', { class: 'drover-stderr' }, a.stderrTail || ''))));
}

async function renderRun(node, runId) {
  style();
  const page = el('div', { class: 'drover-page' }, el('p', {}, 'loading run ' + runId + '...'));
  node.replaceChildren(page);
  let history;
  try {
    history = await json('/drover-web/runs/' + runId);
  } catch (e) {
    page.replaceChildren(el('h2', {}, 'Run ' + runId), el('p', { class: 'drover-bad' }, e.message));
    return;
  }
  const run = history.run;
  const detail = el('div', { class: 'drover-detail' }, el('p', {}, 'Select a step in the diagram or the table.'));
  const diagram = el('div', { class: 'drover-diagram' });
  const failedSteps = new Set(history.attempts.filter(a => a.status === 'FAILED').map(a => a.stepId));
  const tries = {};
  history.attempts.forEach(a => { tries[a.stepId] = (tries[a.stepId] || 0) + 1; });
  const select = (stepId, row) => {
    page.querySelectorAll('tr.drover-selected').forEach(r => r.classList.remove('drover-selected'));
    if (row) row.classList.add('drover-selected');
    detail.replaceChildren(stepDetail(history.attempts, stepId));
  };
  const rows = history.activities.map(a => {
    const outcome = failedSteps.has(a.activityId) ? 'failed' + (tries[a.activityId] > 1 ? ' (' + tries[a.activityId]
      + ' attempts)' : '') : a.canceled ? 'canceled' : a.endTime ? 'completed' : 'running';
    const row = el('tr', { class: 'drover-selectable', 'data-activity': a.activityId },
      el('td', {}, a.name || a.activityId), el('td', {}, a.type), el('td', {}, time(a.startTime)),
      el('td', {}, time(a.endTime)), el('td', {}, seconds(a.durationMillis)),
      el('td', { class: outcome.startsWith('failed') ? 'drover-bad' : '' }, outcome));
    row.addEventListener('click', () => select(a.activityId, row));
    return row;
  });
  page.replaceChildren(
    el('h2', {}, run.action + ' of ' + run.service),
    el('p', {}, 'Run ', el('code', {}, run.runId), ': ',
      el('span', { class: (run.outcome || '').startsWith('SUCCEEDED') ? 'drover-ok' : 'drover-bad' },
        run.outcome || run.status),
      ', requested by ', run.requestedBy, run.approvedBy ? ', approved by ' + run.approvedBy : '',
      ', started ', time(run.startedAt), ', ended ', time(run.endedAt),
      '. ', el('a', { href: ROOT + '/drover-web/runs/' + run.runId + '/report', target: '_blank' },
        'Evidence report')),
    diagram,
    el('table', { class: 'drover-activities' },
      el('tr', {}, ['Activity', 'Type', 'Started', 'Ended', 'Took', 'Outcome'].map(h => el('th', {}, h))), rows),
    detail);
  if (!history.bpmnXml) {
    diagram.replaceChildren(el('p', {}, 'The run has no process instance yet.'));
    return;
  }
  try {
    const BpmnJS = await loadViewer();
    const viewer = new BpmnJS({ container: diagram });
    await viewer.importXML(history.bpmnXml);
    const canvas = viewer.get('canvas');
    canvas.zoom('fit-viewport');
    const passed = new Set(history.activities.map(a => a.activityId));
    viewer.get('elementRegistry').forEach(element => {
      const bo = element.businessObject;
      if (element.type === 'bpmn:SequenceFlow') {
        if (passed.has(bo.sourceRef.id) && passed.has(bo.targetRef.id)) canvas.addMarker(element.id, 'drover-passed');
      } else if (passed.has(element.id)) {
        canvas.addMarker(element.id, failedSteps.has(element.id) ? 'drover-failed' : 'drover-passed');
        if (tries[element.id] > 1) canvas.addMarker(element.id, 'drover-retried');
      }
    });
    viewer.on('element.click', e => select(e.element.id,
      page.querySelector('tr[data-activity="' + e.element.id + '"]')));
  } catch (e) {
    diagram.replaceChildren(el('p', { class: 'drover-bad' }, 'cannot draw the diagram: ' + e.message));
  }
}

export default [
  {
    id: 'drover.runs.navigation',
    pluginPoint: 'cockpit.navigation',
    priority: 5,
    properties: { pagePath: '#/drover/runs', label: 'Drover runs', checkActive: path => path.indexOf('#/drover') > -1 }
  },
  {
    id: 'drover.runs.list',
    pluginPoint: 'cockpit.route',
    properties: { path: '/drover/runs' },
    render: node => { renderList(node); }
  },
  {
    id: 'drover.runs.run',
    pluginPoint: 'cockpit.route',
    properties: { path: '/drover/runs/:runId' },
    render: node => { renderRun(node, runIdFromHash()); }
  }
];
