/** A step's log as HTML: escaped, numbered, folded, coloured, and keeping every byte of the text. */
import { describe, expect, it } from 'vitest';
import { escapeLogText, renderStepLogHtml } from '../../../../src/adapters/http/ui/log-html.js';

const render = (text: string) => renderStepLogHtml({ stepNumber: 3, header: '##[group]Build\n', text });

/** The `.log-text` contents, decoded, each with `\n`: what a browser's textContent gives. */
function logText(html: string): string {
  const decode = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const texts = [
    ...html.matchAll(
      /<span class="log-text">((?:(?!<\/span><\/(?:div|summary)>).)*)<\/span><\/(?:div|summary)>/gs,
    ),
  ];
  return texts.map((m) => `${decode(m[1]!)}\n`).join('');
}

describe('a step log as HTML', () => {
  it('numbers lines with anchors and wraps them in hidden group lines', () => {
    const html = render('one\ntwo\n');
    expect(html).toContain(
      '<div class="log-line log-meta"><span class="log-text">##[group]Build</span></div>',
    );
    expect(html).toContain('<div class="log-line" id="step-3-L2"><a class="ln" href="#step-3-L2">2</a>');
    expect(html.endsWith('<span class="log-text">##[endgroup]</span></div></div>')).toBe(true);
  });

  it('escapes markup and keeps carriage returns as references', () => {
    const html = render('<script>alert(1)</script> & "q" \'s\'\rnext\n');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;&#13;next');
  });

  it('folds ::group:: and ##[group] blocks into details, nested ones too, closing any left open', () => {
    const html = render('::group::Outer\n##[group]Inner\nx\n##[endgroup]\n::endgroup::\n::group::Open\ny\n');
    expect(html.match(/<details class="log-group">/g)).toHaveLength(3);
    expect(html.match(/<\/details>/g)).toHaveLength(3);
    expect(html).toContain('<span class="log-marker">::group::</span>Outer</span></summary>');
    expect(html).toContain('<div class="log-line log-group-end" id="step-3-L4">');
  });

  it('turns SGR colours into classes and keeps the sequences in hidden spans', () => {
    const html = render('\u001b[1;31mbold red\u001b[0m then \u001b[44mblue back\u001b[0m\n');
    expect(html).toContain(
      '<span class="esc">&#27;[1;31m</span><span class="ansi-red-fg ansi-bold">bold red</span>',
    );
    expect(html).toContain('<span class="ansi-blue-bg">blue back</span>');
  });

  it.each([
    ['plain lines', 'a\nb\n'],
    ['an empty step', ''],
    ['one empty line', '\n'],
    ['groups and colours', '::group::G\n\u001b[32mok\u001b[0m\n::endgroup::\n'],
    ['markup and odd escapes', '<b>&amp;</b>\u001b[xyz \u001b[ \u001b]8;;http://x\u0007link\r\n'],
  ])('keeps every character of the text: %s', (_name, text) => {
    expect(logText(render(text))).toBe(`##[group]Build\n${text}##[endgroup]\n`);
  });

  it('escapes everything a log line can hold for element content', () => {
    expect(escapeLogText('<>&"\'\r\u001b\t')).toBe('&lt;&gt;&amp;&quot;&#39;&#13;&#27;\t');
  });
});
