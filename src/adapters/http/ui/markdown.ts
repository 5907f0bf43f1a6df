/**
 * Step summaries (`$GITHUB_STEP_SUMMARY`) as HTML. A summary is written by a workflow, so it
 * is untrusted: markdown-it with `html: false` escapes every raw HTML tag a summary contains,
 * links go only to http(s), mailto or a relative address and carry `rel="nofollow noopener"`,
 * and images are never loaded (a tracking pixel or a huge file from another host): each
 * becomes a link to its address, with its alt text.
 */
import MarkdownIt from 'markdown-it';

const ALLOWED = /^(https?:|mailto:|[/#?.]|[^:]*$)/i;

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = (url) => ALLOWED.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow noopener');
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx]!;
  const src = token.attrGet('src') ?? '';
  const alt = md.utils.escapeHtml(token.content || src);
  if (!md.validateLink(src)) return alt;
  return `<a href="${md.utils.escapeHtml(src)}" rel="nofollow noopener" class="summary-image">${alt}</a>`;
};

/** The summary's Markdown as HTML that can carry no markup or active content of its own. */
export function renderSummaryMarkdown(markdown: string): string {
  return md.render(markdown);
}
