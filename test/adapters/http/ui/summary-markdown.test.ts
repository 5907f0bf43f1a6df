import { describe, expect, it } from 'vitest';
import { renderSummaryMarkdown } from '../../../../src/adapters/http/ui/markdown.js';

describe('step summary Markdown', () => {
  it('renders headings, tables, lists, code blocks and links as HTML', () => {
    const html = renderSummaryMarkdown(
      [
        '### Results',
        '',
        '| suite | passed |',
        '|---|---|',
        '| unit | 42 |',
        '',
        '- one',
        '- two',
        '',
        '```sh',
        'npm test',
        '```',
        '',
        'See [the docs](https://example.org/docs) and [the run](../runs/1).',
      ].join('\n'),
    );
    expect(html).toContain('<h3>Results</h3>');
    expect(html).toContain('<td>unit</td>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<pre><code class="language-sh">npm test\n</code></pre>');
    expect(html).toContain('<a href="https://example.org/docs" rel="nofollow noopener">the docs</a>');
    expect(html).toContain('<a href="../runs/1" rel="nofollow noopener">the run</a>');
  });

  it('escapes raw HTML and drops script, event-handler, javascript: and data: content', () => {
    const html = renderSummaryMarkdown(
      [
        '<script>alert(1)</script>',
        '<img src=x onerror="alert(2)">',
        '[click](javascript:alert(3))',
        '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)',
        '[vb](VBScript:msgbox(5))',
        '![pixel](javascript:alert(6))',
      ].join('\n\n'),
    );
    // Escaped text may spell them; no tag may carry them.
    expect(html).not.toMatch(/<script|<img|<[^>]*\son[a-z]+=|href="(javascript|data|vbscript):/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('never loads an image: it becomes a link to the address with its alt text', () => {
    const html = renderSummaryMarkdown('![coverage badge](https://badges.example/coverage.svg)');
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '<a href="https://badges.example/coverage.svg" rel="nofollow noopener" class="summary-image">coverage badge</a>',
    );
  });
});
