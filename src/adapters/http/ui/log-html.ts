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
 */
import Anser from 'anser';

const GROUP_START = /^(?:::group::|##\[group\])/;
const GROUP_END = /^(?:::endgroup::|##\[endgroup\])/;
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

const metaLine = (text: string) =>
  `<div class="log-line log-meta"><span class="log-text">${escapeLogText(text)}</span></div>`;

/**
 * The HTML of one step's log. `stepNumber` is the step's 1-based number (anchors), `header`
 * the raw download's `##[group]…` line before it and `text` the step's own text.
 */
export function renderStepLogHtml(input: { stepNumber: number; header: string; text: string }): string {
  const ansi = new Anser();
  const body = input.text.endsWith('\n') ? input.text.slice(0, -1) : input.text;
  const lines = input.text === '' ? [] : body.split('\n');
  const out = ['<div class="log">', metaLine(input.header.replace(/\n$/, ''))];
  let open = 0;
  lines.forEach((line, i) => {
    const n = i + 1;
    const id = `step-${input.stepNumber}-L${n}`;
    const start = GROUP_START.exec(line)?.[0];
    if (start !== undefined) {
      const title = colouredText(ansi, line.slice(start.length));
      out.push(
        `<details class="log-group"><summary class="log-line" id="${id}"><span class="ln">${n}</span>` +
          `<span class="log-text"><span class="log-marker">${escapeLogText(start)}</span>${title}</span></summary>`,
      );
      open++;
    } else if (open > 0 && GROUP_END.test(line)) {
      out.push(
        `<div class="log-line log-group-end" id="${id}"><span class="ln">${n}</span>` +
          `<span class="log-text">${colouredText(ansi, line)}</span></div></details>`,
      );
      open--;
    } else {
      out.push(
        `<div class="log-line" id="${id}"><a class="ln" href="#${id}">${n}</a>` +
          `<span class="log-text">${colouredText(ansi, line)}</span></div>`,
      );
    }
  });
  out.push('</details>'.repeat(open), metaLine('##[endgroup]'), '</div>');
  return out.join('');
}
