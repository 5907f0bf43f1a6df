/**
 * Properties of the request readers the routes share: whatever arrives as a body or a
 * query, the answer is the parsed value or a 400 `{error, code}` — never a throw that
 * reaches the 500 handler. Also the pure pieces behind them: the NUL finder, the log
 * chunk decoder and the wire time parser. fast-check runs with a fixed seed.
 */
import fc from 'fast-check';
import { Hono } from 'hono';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../../src/adapters/http/errors.js';
import { findNulText } from '../../../src/adapters/http/nul-text.js';
import { readBody as readPatBody, readQuery } from '../../../src/adapters/http/pat-api/request.js';
import {
  EmptyBody,
  HeartbeatBody,
  LogBody,
  readBody as readRunnerBody,
  StatusBody,
} from '../../../src/adapters/http/runner-api/bodies.js';
import { isDomainError } from '../../../src/domain/errors.js';
import { decodeLogChunk, MAX_LOG_CHUNK_BYTES } from '../../../src/domain/runner-api/append-log-chunk.js';
import { parseWireTime } from '../../../src/domain/runner-api/wire-time.js';

const RUNS = { seed: 4242, numRuns: 400 };

/** A PAT body schema of each kind the routes use: strings, optional booleans, nothing at all. */
const PAT_SCHEMAS = {
  secret: v.strictObject({ value: v.string() }),
  repo: v.strictObject({ name: v.string(), private: v.optional(v.boolean()) }),
  none: v.strictObject({}),
};

function readerApp() {
  const errors: unknown[] = [];
  const app = new Hono();
  app.onError(errorHandler({ error: (fields) => errors.push(fields) }));
  const runner = { heartbeat: HeartbeatBody, logs: LogBody, status: StatusBody, empty: EmptyBody };
  for (const [name, schema] of Object.entries(runner)) {
    app.post(`/runner/${name}`, async (c) =>
      c.json({
        out: await readRunnerBody(c, schema, { emptyIsObject: name === 'heartbeat' || name === 'empty' }),
      }),
    );
  }
  for (const [name, schema] of Object.entries(PAT_SCHEMAS)) {
    app.post(`/pat/${name}`, async (c) => c.json({ out: await readPatBody(c, schema) }));
  }
  app.get('/query', (c) => c.json({ out: readQuery(c, ['status', 'page']) }));
  return { app, errors };
}

/** Bodies as text: JSON of any shape (also near-valid ones), and text that is not JSON. */
const bodyText = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        labels: fc.jsonValue(),
        capacity: fc.jsonValue(),
        seq: fc.jsonValue(),
        chunk: fc.oneof(fc.string(), fc.base64String()),
        status: fc.constantFrom('running', 'completed', 'cancelled', 'bogus'),
        conclusion: fc.jsonValue(),
        value: fc.string({ unit: 'binary' }),
        name: fc.string(),
        private: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary' }),
);

const ROUTES = [
  ...['heartbeat', 'logs', 'status', 'empty'].map((n) => `/runner/${n}`),
  ...Object.keys(PAT_SCHEMAS).map((n) => `/pat/${n}`),
];

describe('request readers on arbitrary input', () => {
  it('answer every body with the parsed object or a 400 error, never a 500', async () => {
    const { app, errors } = readerApp();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), bodyText, async (route, body) => {
        const res = await app.request(route, { method: 'POST', body });
        const json = (await res.json()) as { out?: unknown; error?: unknown; code?: unknown };
        expect([200, 400]).toContain(res.status);
        if (res.status === 400) {
          expect(Object.keys(json).sort()).toEqual(['code', 'error']);
          expect(json.code).toMatch(/^request\.(invalid_body|json_invalid|body_invalid)$/);
        } else {
          expect(typeof json.out).toBe('object');
          expect(findNulText(json.out)).toBeUndefined();
        }
      }),
      RUNS,
    );
    expect(errors).toEqual([]);
  });

  it('answer every query string with its parameters or a 400 error', async () => {
    const { app, errors } = readerApp();
    const query = fc.array(
      fc.tuple(fc.constantFrom('status', 'page', 'x', ''), fc.string({ unit: 'binary' })),
      {
        maxLength: 4,
      },
    );
    await fc.assert(
      fc.asyncProperty(query, async (pairs) => {
        const res = await app.request(`/query?${new URLSearchParams(pairs).toString()}`);
        expect([200, 400]).toContain(res.status);
        if (res.status === 400)
          expect(((await res.json()) as { code: string }).code).toBe('request.query_invalid');
      }),
      RUNS,
    );
    expect(errors).toEqual([]);
  });
});

describe('findNulText', () => {
  it('finds a NUL exactly when the JSON text of the value escapes one', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const escaped = JSON.stringify(value).includes('\\u0000');
        expect(findNulText(value) !== undefined).toBe(escaped);
      }),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it('names the path of the first NUL, keys included, and survives deep nesting', () => {
    expect(findNulText({ a: [1, { b: 'x\u0000' }] })).toBe('a.1.b');
    expect(findNulText({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(findNulText('\u0000')).toBe('');
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(findNulText(deep)).toBe(Array(20_000).fill('0').join('.'));
  });
});

describe('decodeLogChunk', () => {
  it('decodes any text to 1..512 KiB or refuses it as invalid, never otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String({ maxLength: 64 })), (text) => {
        try {
          const bytes = decodeLogChunk(text);
          expect(bytes.length).toBeGreaterThanOrEqual(1);
          expect(bytes.length).toBeLessThanOrEqual(MAX_LOG_CHUNK_BYTES);
        } catch (err) {
          expect(isDomainError(err) && err.kind === 'invalid').toBe(true);
        }
      }),
      { ...RUNS, numRuns: 1000 },
    );
  });

  it('gives back the bytes of any base64 it accepts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
        expect(Buffer.from(decodeLogChunk(Buffer.from(bytes).toString('base64')))).toEqual(
          Buffer.from(bytes),
        );
      }),
      RUNS,
    );
  });
});

describe('parseWireTime', () => {
  it('answers a valid date or undefined for any text', () => {
    const nearTimes = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
      )
      .map(
        ([y, mo, d]) =>
          `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T25:00:00Z`,
      );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          nearTimes,
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        (text) => {
          const at = parseWireTime(text);
          if (at !== undefined) expect(Number.isNaN(at.getTime())).toBe(false);
        },
      ),
      { ...RUNS, numRuns: 1000 },
    );
  });
});
