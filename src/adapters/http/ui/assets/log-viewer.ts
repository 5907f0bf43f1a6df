/**
 * The job page's log script (SPEC §17, issue #9), progressive: the page works without it.
 *
 * - **Virtualised view.** A step shown as a window (`data-log-mode="window"`: past the
 *   page's whole-log limits) becomes a scrolling viewport holding only the rows in sight
 *   (plus a margin). Lines are paged in from `…/steps/{n}/lines` as records `[kind, html, at]`
 *   (HTML escaped and coloured by the server), groups fold by recomputing which line each row
 *   shows (an array of numbers), never by re-rendering the log.
 * - **Live tail.** While the job runs (`ol.steps[data-live]`) an EventSource reads the
 *   server's `lines` / `step` / `job` / `end` events; a dropped connection is resumed by the
 *   browser with `Last-Event-ID`. A whole log gets elements built as `log-html.ts` builds
 *   them; past 3,000 lines it turns into the virtualised view.
 * - **Timestamps.** Each line carries its time (`.ts`, from the records' third element); the
 *   `#log-times` checkbox shows them through the stylesheet alone, this script remembers it
 *   (localStorage).
 * - **Search.** The search form asks the server (JSON) and lists the matching lines; a result
 *   opens its line (`#step-N-LM`), unfolding groups in a virtualised view.
 *
 * Written without `${` or backticks: it lives in a template string.
 */
export const LOG_VIEWER_SCRIPT = String.raw`(()=>{'use strict';
const PAGE = 500, OVERSCAN = 40, ROW_PX = 20, WHOLE_MAX_LINES = 3000, MAX_INFLIGHT = 4;
const TIMES_KEY = 'shithub.log-times';
const views = new Map();
const lineId = (step, n) => 'step-' + step + '-L' + n;
const stepItem = (step) => document.querySelector('li.step[data-step="' + step + '"]');
const json = (url) => fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
  .then((r) => r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status)));

/** A line's time, as log-html.ts writes it (shown by the timestamps toggle). */
function timeHtml(at) {
  if (at === null || at === undefined) return '<span class="ts"></span>';
  const iso = new Date(at).toISOString();
  return '<time class="ts" datetime="' + iso + '" title="' + iso + '" data-t="' + iso.slice(11, 19) + '"></time>';
}

function lineHtml(step, n, kind, html, at, extra) {
  const id = lineId(step, n);
  const ts = timeHtml(at);
  if (kind === 1) return '<summary class="log-line" id="' + id + '"><span class="ln">' + n + '</span>' + ts + '<span class="log-text">' + html + '</span></summary>';
  if (kind === 2) return '<div class="log-line log-group-end" id="' + id + '"><span class="ln">' + n + '</span>' + ts + '<span class="log-text">' + html + '</span></div>';
  return '<div class="log-line' + (extra || '') + '" id="' + id + '"><a class="ln" href="#' + id + '">' + n + '</a>' + ts + '<span class="log-text">' + html + '</span></div>';
}

/** A log on the page whole: live lines are appended as elements, inside the open group. */
class WholeLog {
  constructor(li) {
    this.li = li;
    this.step = Number(li.dataset.step);
    this.log = li.querySelector('.log');
    this.endMeta = this.log.lastElementChild;
    this.count = this.log.querySelectorAll('.log-line[id]').length;
    this.open = Array.from(this.log.querySelectorAll('details.log-group'))
      .filter((d) => !d.querySelector(':scope > .log-group-end'));
    this.dropped = 0;
  }
  insert(node) {
    const top = this.open[this.open.length - 1];
    if (top) top.appendChild(node); else this.log.insertBefore(node, this.endMeta);
  }
  append(from, records) {
    const follow = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 8;
    records.forEach(([kind, html, at], i) => {
      const n = from + i;
      if (n <= this.count) { this.dropped++; this.li.dataset.droppedLines = String(this.dropped); return; }
      this.count = n;
      const box = document.createElement(kind === 1 ? 'details' : 'div');
      if (kind === 1) {
        box.className = 'log-group';
        box.innerHTML = lineHtml(this.step, n, 1, html, at);
        this.insert(box);
        this.open.push(box);
        return;
      }
      box.innerHTML = lineHtml(this.step, n, kind, html, at);
      const line = box.firstChild;
      if (kind === 2 && this.open.length > 0) this.open.pop().appendChild(line); else this.insert(line);
    });
    this.li.dataset.lines = String(this.count);
    if (follow) window.scrollTo(0, document.documentElement.scrollHeight);
    if (this.count > WHOLE_MAX_LINES) views.set(this.step, new VirtualLog(this.li, 0));
  }
}

/** A big log: a viewport showing only the rows in sight, its lines paged in from the server. */
class VirtualLog {
  constructor(li, focus) {
    this.li = li;
    this.step = Number(li.dataset.step);
    this.url = li.dataset.linesUrl;
    this.lines = [];
    this.total = 0;
    this.groups = [];
    this.openGroups = [];
    this.unfolded = new Set();
    this.rows = new Int32Array(0);
    this.inflight = new Set();
    this.highlight = focus || 0;
    this.loaded = false;
    this.pending = [];
    this.scheduled = false;
    const box = document.createElement('div');
    box.className = 'log log-virtual';
    box.innerHTML = '<div class="log-viewport" tabindex="0" role="region"><div class="log-spacer"><div class="log-rows"></div></div></div><p class="log-note" aria-live="polite"></p>';
    li.querySelector('.log').replaceWith(box);
    li.dataset.logMode = 'virtual';
    this.viewport = box.firstChild;
    this.viewport.setAttribute('aria-label', 'Log of ' + (li.dataset.stepName || 'step ' + this.step));
    this.spacer = this.viewport.firstChild;
    this.rowsEl = this.spacer.firstChild;
    this.note = box.lastChild;
    // The stylesheet fixes a row's height in pixels: measuring it would force a layout.
    this.rowHeight = ROW_PX;
    this.viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.viewport.addEventListener('click', (e) => {
      const b = e.target.closest && e.target.closest('button.fold');
      if (b) this.toggle(Number(b.dataset.line));
    });
    this.note.textContent = 'Loading the log…';
    json(this.url + '?from=1&count=' + PAGE + '&outline=1').then((j) => {
      this.total = j.total;
      this.groups = j.groups;
      this.openGroups = [];
      j.groups.forEach((g, i) => { if (g[1] === null) this.openGroups.push(i); });
      this.put(j.from, j.lines);
      this.loaded = true;
      const queued = this.pending;
      this.pending = [];
      for (const [from, records] of queued) this.append(from, records);
      this.refresh();
      if (this.highlight) this.reveal(this.highlight);
    }, () => { this.note.textContent = 'The log could not be loaded. The raw log has every line.'; });
  }
  put(from, records) {
    records.forEach((r, i) => { if (from + i <= this.total) this.lines[from + i] = r; });
  }
  append(from, records) {
    if (!this.loaded) { this.pending.push([from, records]); return; }
    const follow = this.viewport.scrollTop + this.viewport.clientHeight >= this.viewport.scrollHeight - this.rowHeight * 2;
    records.forEach((rec, i) => {
      const n = from + i;
      const kind = rec[0];
      if (n <= this.total) return;
      this.total = n;
      this.lines[n] = rec;
      if (kind === 1) { this.openGroups.push(this.groups.length); this.groups.push([n, null]); }
      if (kind === 2 && this.openGroups.length > 0) this.groups[this.openGroups.pop()][1] = n;
    });
    this.refresh();
    if (follow) { this.viewport.scrollTop = this.viewport.scrollHeight; this.render(); }
  }
  /** Which line each row shows: every line outside folded groups, group ends hidden. */
  computeRows() {
    const rows = new Int32Array(this.total);
    const stack = [];
    let r = 0, gi = 0, folded = 0;
    for (let n = 1; n <= this.total; n++) {
      const top = stack[stack.length - 1];
      if (top && top.end === n) { stack.pop(); if (top.folded) folded--; continue; }
      if (gi < this.groups.length && this.groups[gi][0] === n) {
        if (folded === 0) rows[r++] = n;
        const closed = !this.unfolded.has(n);
        stack.push({ end: this.groups[gi][1], folded: closed });
        if (closed) folded++;
        gi++;
        continue;
      }
      if (folded === 0) rows[r++] = n;
    }
    this.rows = rows.subarray(0, r);
    this.spacer.style.height = r * this.rowHeight + 'px';
  }
  refresh() {
    this.computeRows();
    this.li.dataset.lines = String(this.total);
    this.note.textContent = this.total + ' lines';
    this.render();
  }
  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => { this.scheduled = false; this.render(); });
  }
  rowHtml(n) {
    const rec = this.lines[n];
    const hl = n === this.highlight ? ' hl' : '';
    if (!rec) return '<div class="log-line log-loading' + hl + '" id="' + lineId(this.step, n) + '"><span class="ln">' + n + '</span><span class="ts"></span><span class="log-text"></span></div>';
    if (rec[0] !== 1) return lineHtml(this.step, n, 0, rec[1], rec[2], hl);
    const open = this.unfolded.has(n);
    return '<div class="log-line log-group-start' + hl + '" id="' + lineId(this.step, n) + '"><span class="ln">' + n +
      '</span>' + timeHtml(rec[2]) + '<button type="button" class="fold" aria-expanded="' + open + '" data-line="' + n + '"><span class="log-text">' + rec[1] + '</span></button></div>';
  }
  render() {
    if (!this.loaded) return;
    const h = this.rowHeight, vp = this.viewport;
    const first = Math.max(0, Math.floor(vp.scrollTop / h) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((vp.scrollTop + vp.clientHeight) / h) + OVERSCAN);
    const need = new Set();
    let html = '';
    for (let r = first; r < last; r++) {
      const n = this.rows[r];
      if (!this.lines[n]) need.add(Math.floor((n - 1) / PAGE));
      html += this.rowHtml(n);
    }
    this.rowsEl.style.transform = 'translateY(' + first * h + 'px)';
    this.rowsEl.innerHTML = html;
    for (const page of need) this.fetchPage(page);
  }
  fetchPage(page) {
    if (this.inflight.has(page) || this.inflight.size >= MAX_INFLIGHT) return;
    this.inflight.add(page);
    json(this.url + '?from=' + (page * PAGE + 1) + '&count=' + PAGE).then((j) => {
      this.put(j.from, j.lines);
    }, () => { this.note.textContent = 'Some lines could not be loaded. The raw log has every line.'; })
      .finally(() => { this.inflight.delete(page); this.schedule(); });
  }
  toggle(n) {
    const before = this.rowOf(n) * this.rowHeight - this.viewport.scrollTop;
    if (this.unfolded.has(n)) this.unfolded.delete(n); else this.unfolded.add(n);
    this.computeRows();
    this.viewport.scrollTop = this.rowOf(n) * this.rowHeight - before;
    this.render();
    const b = this.rowsEl.querySelector('button.fold[data-line="' + n + '"]');
    if (b) b.focus();
  }
  rowOf(n) {
    let lo = 0, hi = this.rows.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.rows[mid] < n) lo = mid + 1; else hi = mid; }
    return lo;
  }
  /** Shows line n: opens the groups around it, scrolls it to the middle and marks it. */
  reveal(n) {
    this.highlight = n;
    if (!this.loaded) return;
    for (const [start, end] of this.groups) if (start < n && (end === null || end > n)) this.unfolded.add(start);
    this.computeRows();
    this.viewport.scrollTop = this.rowOf(n) * this.rowHeight - this.viewport.clientHeight / 2;
    this.render();
    this.viewport.scrollIntoView({ block: 'nearest' });
  }
}

function viewOf(step) {
  let view = views.get(step);
  if (!view) {
    const li = stepItem(step);
    if (!li) return null;
    view = li.dataset.logMode === 'window' ? new VirtualLog(li, 0) : new WholeLog(li);
    views.set(step, view);
  }
  return view;
}

function target() {
  const m = /^#step-(\d+)-L(\d+)$/.exec(location.hash);
  return m ? { step: Number(m[1]), line: Number(m[2]) } : null;
}

for (const li of document.querySelectorAll('li.step[data-log-mode="window"]')) {
  const t = target();
  const step = Number(li.dataset.step);
  views.set(step, new VirtualLog(li, t && t.step === step ? t.line : 0));
}
window.addEventListener('hashchange', () => {
  const t = target();
  const view = t && views.get(t.step);
  if (view instanceof VirtualLog) view.reveal(t.line);
});

const steps = document.querySelector('ol.steps[data-live]');
if (steps && window.EventSource) {
  let connections = 0;
  const source = new EventSource(steps.dataset.live + '?cursor=' + encodeURIComponent(steps.dataset.cursor || ''));
  const data = (e) => JSON.parse(e.data);
  source.onopen = () => { connections++; steps.dataset.liveConnections = String(connections); };
  source.addEventListener('lines', (e) => { const d = data(e); const view = viewOf(d.step); if (view) view.append(d.from, d.lines); });
  source.addEventListener('step', (e) => {
    const d = data(e);
    const li = stepItem(d.step);
    if (!li) return;
    const badge = li.querySelector('summary .status');
    if (badge) badge.outerHTML = d.html;
    const duration = li.querySelector('.step-duration');
    if (duration) duration.textContent = d.duration;
  });
  source.addEventListener('job', (e) => {
    const d = data(e);
    const status = document.querySelector('[data-job-status]');
    if (status) status.innerHTML = d.html;
    const duration = document.querySelector('[data-job-duration]');
    if (duration) duration.textContent = d.duration || '—';
  });
  source.addEventListener('end', () => { source.close(); steps.dataset.liveDone = ''; });
  source.addEventListener('error', (e) => { if (e.data) { source.close(); steps.dataset.liveError = e.data; } });
}

// The timestamps toggle is a checkbox the stylesheet reads; the choice is kept for the next page.
const timesBox = document.getElementById('log-times');
if (timesBox) {
  try { if (localStorage.getItem(TIMES_KEY) === '1') timesBox.checked = true; } catch (e) { /* storage off */ }
  timesBox.addEventListener('change', () => {
    try { localStorage.setItem(TIMES_KEY, timesBox.checked ? '1' : '0'); } catch (e) { /* storage off */ }
  });
}

/** Opens a line by its anchor, also when the address already names it. */
function goTo(id) {
  if (location.hash === '#' + id) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = id;
}

const form = document.querySelector('form[data-log-search]');
if (form) {
  const status = form.querySelector('output');
  let list = null;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = form.elements.q.value;
    status.textContent = 'Searching…';
    json(form.action + '?q=' + encodeURIComponent(q)).then((j) => {
      status.textContent = j.total + (j.total === 1 ? ' matching line' : ' matching lines') +
        (j.matches.length < j.total ? ' (the first ' + j.matches.length + ' listed)' : '');
      if (!list) { list = document.createElement('ol'); list.className = 'search-results'; form.after(list); }
      list.innerHTML = '';
      for (const m of j.matches.slice(0, 100)) {
        const li = document.createElement('li');
        const a = document.createElement('a');
        const item = stepItem(m.step);
        a.href = '#' + lineId(m.step, m.line);
        a.textContent = (item ? item.dataset.stepName : 'Step ' + m.step) + ', line ' + m.line;
        const code = document.createElement('code');
        code.className = 'log-excerpt';
        code.textContent = m.text;
        li.append(a, ' ', code);
        list.append(li);
      }
      if (j.matches.length > 0) goTo(lineId(j.matches[0].step, j.matches[0].line));
    }, () => { status.textContent = 'The search failed.'; });
  });
}
})();
`;
