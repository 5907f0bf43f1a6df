/**
 * The stylesheet and the script, served under names that carry a hash of their content, so
 * browsers may cache them for a year and a new build is fetched at once.
 */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import { notFound } from '../../../domain/errors.js';
import { LOG_VIEWER_SCRIPT } from './assets/log-viewer.js';
import { SCRIPT } from './assets/script.js';
import { STYLESHEET } from './assets/stylesheet.js';
import type { UiEnv } from './ui-deps.js';

interface Asset {
  path: string;
  type: string;
  body: string;
}

function asset(stem: string, ext: string, type: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/static/${stem}.${hash}.${ext}`, type, body };
}

export const STYLESHEET_ASSET = asset('ui', 'css', 'text/css; charset=utf-8', STYLESHEET);
export const SCRIPT_ASSET = asset('ui', 'js', 'text/javascript; charset=utf-8', SCRIPT + LOG_VIEWER_SCRIPT);
const BY_PATH = new Map([STYLESHEET_ASSET, SCRIPT_ASSET].map((a) => [a.path, a]));

/** `GET /static/:name`: the two assets; any other name is a 404 page. */
export function mountAssetRoutes(app: Hono<UiEnv>): void {
  app.get('/static/:name', (c) => {
    const found = BY_PATH.get(`/static/${c.req.param('name')}`);
    if (!found) throw notFound('asset.not_found', 'no such file');
    return c.body(found.body, 200, {
      'Content-Type': found.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    });
  });
}
