/**
 * Hostile building blocks for the route fuzz: path segments that name nothing, query
 * strings with unknown keys, bodies that are not JSON objects, JSON with the wrong
 * shapes, oversized and deeply nested payloads, odd content types and junk credentials.
 */
import fc from 'fast-check';

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
});
const segment = (s: string) => encodeURIComponent(s);

/** Path id segments that cannot name a row (some well formed but missing). */
export const badId = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '00',
    '01',
    '1.0',
    '1e3',
    '0x1f',
    '+1',
    'abc',
    '%20',
    '%00',
    '1%00',
    '%2e%2e',
    '..',
    '.',
    '9'.repeat(20),
    '18446744073709551616',
    '9007199254740993',
    'NaN',
    'Infinity',
    'null',
    'true',
    '%EF%BC%91',
    "1'",
    '1;',
    '%',
    '%zz',
    '1%2F2',
    '%E2%80%AE1',
  ),
  fc.integer({ min: 900_000, max: 2_147_483_647 }).map(String),
  // Random text, but never a small id: that could name a row of the world.
  fc
    .string({ minLength: 1, maxLength: 40 })
    .map(segment)
    .filter((s) => !/^[0-9]{1,5}$/.test(decodeSegment(s).trim())),
);

/** Names the fuzz world stores (`fuzz-world.ts`); a hostile name is never one of them. */
const WORLD_NAMES = ['ada', 'bob', 'pub', 'priv', 'deploy_key'];

/** Name segments (owners, repositories, secrets, files) that name nothing or try to escape. */
export const badName = fc
  .oneof(
    fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E%2E',
      '..%2F..%2Fetc',
      '..%5C..%5Cetc',
      '%2F',
      'a%2Fb',
      '%00',
      'a%00b',
      '.git',
      '-rf',
      'a'.repeat(300),
      '%C0%AE%C0%AE',
      '%FF',
      'CON',
      '~root',
      'x%20',
      '%E2%80%AE',
      'GITHUB_TOKEN',
      'SHITHUB_X',
      '1ABC',
      'A-B',
      'A.B',
      '%',
      '%zz',
      'x%0Ay',
      '%F0%9F%92%A9',
      'etc%2Fpasswd',
    ),
    fc.string({ minLength: 1, maxLength: 60 }).map(segment),
  )
  .filter((name) => !WORLD_NAMES.includes(decodeSegment(name).toLowerCase()));

/** Query strings with at least one key no route accepts (or a key twice). */
export const unknownQuery = fc.oneof(
  fc.constantFrom(
    '?a',
    '?a=1&a=2',
    '?%zz=1',
    '?x=%00',
    '?__proto__=1',
    '?constructor=x',
    '?a[b]=c',
    '?page=1&page=2',
    '?per_page=1&per_page=1',
    `?q=${'x'.repeat(6000)}`,
    '?&&&&x',
    '?failed_only=true&failed_only=true',
  ),
  fc
    .dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 20 }), { minKeys: 1 })
    .map((d) => `?${new URLSearchParams({ zz_fuzz: '1', ...d }).toString()}`),
);

/** Query strings of any kind, also empty ones (for requests that fail anyway). */
export const anyQuery = fc.oneof(fc.constant(''), fc.constantFrom('?', '?&', '?='), unknownQuery);

/**
 * Text that is not JSON, or not quite. (A byte order mark before valid JSON is not here:
 * the body is decoded as UTF-8, which drops it, so that JSON is valid.)
 */
export const malformedJson = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '[',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    'nul',
    'undefined',
    'NaN',
    '{"a":NaN}',
    '{"a":Infinity}',
    '\u0000',
    '{}x',
    '{} {}',
    '{"a":"\\x"}',
    '{"__proto__":',
    '01',
    '--1',
    '{"a"}',
    '{,}',
    '{"seq":0,"chunk":"aGk="',
    '<xml/>',
    'a=1&b=2',
    '\u2028{}',
  ),
  printable.filter((s) => s.trim() !== '' && !isJson(s)),
);

/** JSON that is valid but not an object. */
export const nonObjectJson = fc.oneof(
  fc.constantFrom('null', 'true', 'false', '0', '-1', '1e999', '"x"', '[]', '[{}]', '[1,2]', '""'),
  fc
    .jsonValue()
    .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
    .map((v) => JSON.stringify(v)),
);

/** Deep nesting: arrays, objects, and nesting under a known field name. */
export const deepJson = (field: string) =>
  fc.tuple(fc.integer({ min: 200, max: 20_000 }), fc.constantFrom('[', '{"a":')).map(([depth, open]) => {
    const close = open === '[' ? ']' : '}';
    return `{"${field}":${open.repeat(depth)}1${close.repeat(depth)}}`;
  });

/** Bodies that are not UTF-8 at all, or JSON in another encoding. */
export const binaryBody = fc
  .oneof(
    fc.constant(Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])),
    fc.constant(Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80])),
    fc.uint8Array({ minLength: 1, maxLength: 256 }).map((b) => Buffer.from(b)),
  )
  .filter((b) => b.toString('utf8').trim() !== '' && !isJson(b.toString('utf8')));

/** A JSON value of a type other than `kind`. */
export function wrongType(kind: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object') {
  const all = {
    string: fc.string({ maxLength: 20 }),
    number: fc.double({ noNaN: true, noDefaultInfinity: true }),
    integer: fc.integer(),
    boolean: fc.boolean(),
    array: fc.array(fc.jsonValue(), { maxLength: 4 }),
    object: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue(), { maxKeys: 3 }),
  };
  const numeric = kind === 'number' || kind === 'integer';
  return fc.oneof(
    ...Object.entries(all)
      .filter(([k]) => k !== kind && !(numeric && (k === 'number' || k === 'integer')))
      .map(([, arb]) => arb as fc.Arbitrary<unknown>),
  );
}

/** A field name not in `known` (including prototype names). */
export const unknownField = (known: readonly string[]) =>
  fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'x', '', 'status ', 'Status'),
      fc.string({ maxLength: 12 }),
    )
    .filter((k) => !known.includes(k));

/** `valid` with one extra field that is none of `known` (the schema's fields). */
export const withUnknownField = (
  valid: Record<string, unknown>,
  known: readonly string[] = Object.keys(valid),
) =>
  fc.tuple(unknownField(known), fc.jsonValue()).map(([k, v]) => {
    const json = JSON.stringify(valid);
    const extra = `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`;
    return json === '{}' ? `{${extra}}` : `${json.slice(0, -1)},${extra}}`;
  });

/** Content types a JSON route should not care about (it reads the body as text). */
export const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zz',
  'application/json; charset=utf-16',
  'application/octet-stream',
  '*/*',
  '',
  'application/json, text/plain',
);

/** Authorization headers that carry no valid credential of any kind. */
export const junkAuthorization = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'Basic',
    'Basic Og==',
    'bearer x',
    'Token',
    'Bearer null',
    'Bearer undefined',
    `Bearer ${'a'.repeat(64)}`,
    `Bearer ${'g'.repeat(64)}`,
    `Bearer shp_${'0'.repeat(64)}`,
    `Bearer shp_${'F'.repeat(64)}`,
    `Bearer ${'A'.repeat(7000)}`,
    'Bearer eyJhbGciOiJub25lIn0.e30.',
    'Digest username="x"',
    'Bearer  \t ',
    `token ${'b'.repeat(64)}`,
  ),
  printable.map((s) => `Bearer ${s}`),
  printable,
);

/** A path segment as the router hands it to a handler (undecodable text stays as is). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Basic credentials for git: `user:password`, base64. */
export const basic = (password: string, user = 'x') =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
