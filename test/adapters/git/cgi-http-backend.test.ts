import { describe, expect, it } from 'vitest';
import { parseCgiHead } from '../../../src/adapters/git/cgi-http-backend.js';

describe('parseCgiHead', () => {
  it.each([
    ['no Status line is 200', 'Content-Type: text/plain', 200, [['Content-Type', 'text/plain']]],
    ['a Status line sets the status', 'Status: 404 Not Found\r\nExpires: never', 404, [['Expires', 'never']]],
    ['a bad Status is 500', 'Status: nope', 500, []],
    ['lines without a colon are skipped', 'garbage\nX-A: 1', 200, [['X-A', '1']]],
    ['values keep their inner colons', 'X-Url: http://a:1/b', 200, [['X-Url', 'http://a:1/b']]],
  ])('%s', (_name, head, status, headers) => {
    expect(parseCgiHead(head)).toEqual({ status, headers });
  });
});
