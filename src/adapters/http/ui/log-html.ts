/**
 * One step's log as HTML (SPEC §11, §17): numbered lines with anchors (`#step-2-L12`),
 * `::group::` / `##[group]` folded into `<details>`, ANSI SGR colours as classes (anser).
 *
 * Every byte of the text stays in the page: escape sequences and group markers sit in
 * hidden spans, and the step's `##[group]` / `##[endgroup]` wrapper lines of the raw
 * download in hidden lines. So the `textContent` of the `.log-text` elements, each followed
 * by `\n`, is exactly the raw download (for valid UTF-8 without U+0000). HTML is escaped
 * here, before anything reaches the page; carriage returns become `&#13;` (a parser would
 * turn a raw one into a newline).
 *
 * Each line carries its time (`.ts`, shown by the page's timestamps toggle) outside its
 * `.log-text`, so the text stays the raw download's.
 *
 * Lines are first turned into records (`LogLineRenderer`: folding role, the `.log-text`
 * HTML and the line's time), the one form the whole page, the paged view's `lines` answers and the live tail's
 * events share; the page's script builds the same elements from records as this file does.
 */
import Anser from 'anser';
import { GROUP_START, type LineKind, lineKinds } from '../../../domain/api/step-log-lines.js';

const ANSI_CLASS = /^ansi-[a-z0-9-]+$/;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\r': '&#13;',
  '\u001b': '&#27;',
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: a full SGR reset, in either spelling
const LAST_SGR_IS_RESET = /\u001b\[0?m(?:(?!\u001b\[).)*$/s;

/** Escapes text for an element's content or a quoted attribute. */
export function escapeLogText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: CR and ESC are what it encodes
  return text.replace(/[&<>"'\r\u001b]/g, (ch) => ESCAPES[ch] ?? ch);
}

type AnserEntry = ReturnType<Anser['ansiToJson']>[number];

function classesOf(entry: AnserEntry): string {
  const names = [
    entry.fg ? `${entry.fg}-fg` : '',
    entry.bg ? `${entry.bg}-bg` : '',
    ...entry.decorations.map((d) => `ansi-${d}`),
  ];
  return names.filter((n) => ANSI_CLASS.test(n)).join(' ');
}

/** A line's text with its SGR sequences turned into classes; `ansi` carries state across lines. */
function colouredText(ansi: Anser, line: string): string {
  const parts = line.split('\u001b[');
  const entries = ansi.ansiToJson(line, { use_classes: true, remove_empty: false });
  if (entries.length !== parts.length) return escapeLogText(line);
  let html = '';
  entries.forEach((entry, i) => {
    const part = parts[i]!;
    if (!part.endsWith(entry.content)) {
      html += escapeLogText(i === 0 ? part : `\u001b[${part}`);
      return;
    }
    if (i > 0) {
      const sequence = `\u001b[${part.slice(0, part.length - entry.content.length)}`;
      html += `<span class="esc">${escapeLogText(sequence)}</span>`;
    }
    if (entry.content === '') return;
    const classes = classesOf(entry);
    const text = escapeLogText(entry.content);
    html += classes === '' ? text : `<span class="${classes}">${text}</span>`;
  });
  return html;
}

/**
 * A line as the page shows it: its folding role, its `.log-text` HTML and when it arrived
 * (epoch ms, null when not known; shown by the timestamps toggle).
 */
export type LogRecord = [kind: LineKind, html: string, at: number | null];

/**
 * A line's time as the page shows it (the page's script writes the same): `HH:MM:SS` in UTC
 * in `data-t`, which the stylesheet shows as generated content when the timestamps toggle is
 * on (so a line's text, and what a reader copies, stays the log's), the full instant in
 * `datetime` and the tooltip.
 */
export function logTimeHtml(at: number | null): string {
  if (at === null) return '<span class="ts"></span>';
  const iso = new Date(at).toISOString();
  return `<time class="ts" datetime="${iso}" title="${iso}" data-t="${iso.slice(11, 19)}"></time>`;
}

/**
 * Turns lines into records in order, keeping what carries from line to line: the group
 * depth (a closing line with no group open is a plain line) and the colours set earlier.
 */
export class LogLineRenderer {
  private ansi = new Anser();
  private open = 0;

  /**
   * Catches up with `lines` shown before the next ones: their group depth, and the colours
   * replayed from the last line that reset them.
   */
  prime(lines: readonly string[]): void {
    for (const kind of lineKinds(lines, this.open)) this.open += kind === 1 ? 1 : kind === 2 ? -1 : 0;
    let from = lines.length;
    while (from > 0 && !(lines[from - 1]!.includes('\u001b[') && LAST_SGR_IS_RESET.test(lines[from - 1]!))) {
      from--;
    }
    for (let i = from; i < lines.length; i++) {
      if (lines[i]!.includes('\u001b[')) this.ansi.ansiToJson(lines[i]!, { use_classes: true });
    }
  }

  /** The records of the next lines; `times[i]` is when line i arrived. */
  render(lines: readonly string[], times: readonly (number | null)[] = []): LogRecord[] {
    const kinds = lineKinds(lines, this.open);
    return lines.map((line, i) => {
      const kind = kinds[i]!;
      const at = times[i] ?? null;
      this.open += kind === 1 ? 1 : kind === 2 ? -1 : 0;
      if (kind !== 1) return [kind, colouredText(this.ansi, line), at];
      const marker = GROUP_START.exec(line)![0];
      const title = colouredText(this.ansi, line.slice(marker.length));
      return [kind, `<span class="log-marker">${escapeLogText(marker)}</span>${title}`, at];
    });
  }
}

const metaLine = (text: string) =>
  `<div class="log-line log-meta"><span class="log-text">${escapeLogText(text)}</span></div>`;

/**
 * The elements of `records` (line numbers from `firstLine`), as the page's script builds
 * them too. A group opened before the first record shows open (no `<details>` around its
 * lines); groups left open at the end are closed: a `<details>` without its own
 * `.log-group-end` line is one the live tail appends inside.
 */
export function renderLogRecordsHtml(
  records: readonly LogRecord[],
  stepNumber: number,
  firstLine = 1,
): string {
  const out: string[] = [];
  const opened: number[] = [];
  records.forEach(([kind, html, at], i) => {
    const n = firstLine + i;
    const id = `step-${stepNumber}-L${n}`;
    const ts = logTimeHtml(at);
    if (kind === 1) {
      opened.push(out.length);
      out.push(
        `<details class="log-group"><summary class="log-line" id="${id}"><span class="ln">${n}</span>` +
          `${ts}<span class="log-text">${html}</span></summary>`,
      );
    } else if (kind === 2) {
      const closes = opened.pop() !== undefined;
      out.push(
        `<div class="log-line log-group-end" id="${id}"><span class="ln">${n}</span>` +
          `${ts}<span class="log-text">${html}</span></div>${closes ? '</details>' : ''}`,
      );
    } else {
      out.push(
        `<div class="log-line" id="${id}"><a class="ln" href="#${id}">${n}</a>` +
          `${ts}<span class="log-text">${html}</span></div>`,
      );
    }
  });
  out.push('</details>'.repeat(opened.length));
  return out.join('');
}

/** Splits a step's text into lines (its final newline ends the last line, it makes none). */
export function textLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

/**
 * The HTML of one step's whole log. `stepNumber` is the step's 1-based number (anchors),
 * `header` the raw download's `##[group]…` line before it, `text` the step's own text and
 * `times` when each of its lines arrived.
 */
export function renderStepLogHtml(input: {
  stepNumber: number;
  header: string;
  text: string;
  times?: readonly (number | null)[];
}): string {
  const records = new LogLineRenderer().render(textLines(input.text), input.times);
  return [
    '<div class="log">',
    metaLine(input.header.replace(/\n$/, '')),
    renderLogRecordsHtml(records, input.stepNumber),
    metaLine('##[endgroup]'),
    '</div>',
  ].join('');
}
