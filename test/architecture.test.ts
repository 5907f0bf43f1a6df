/**
 * Keeps the dependency rule of STYLE.md true: the domain is pure, ports are types only,
 * adapters never reach into apps or into another adapter family.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

interface Import {
  file: string;
  spec: string;
  typeOnly: boolean;
}

function importsOf(file: string): Import[] {
  // Comments could hold import-like prose; drop them (string contents are not a concern here).
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const out: Import[] = [];
  const re =
    /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    out.push({ file, spec: m[3] ?? m[4] ?? m[5] ?? '', typeOnly: Boolean(m[2]) });
  }
  return out;
}

/** Folder of `src` an import lands in (`domain`, `ports`, `adapters/memory`, …) or the package. */
function target(imp: Import): string {
  if (!imp.spec.startsWith('.')) return `pkg:${imp.spec}`;
  const abs = resolve(dirname(imp.file), imp.spec);
  const rel = relative(SRC, abs).split('/');
  return rel[0] === 'adapters' ? `adapters/${rel[1]}` : (rel[0] ?? '');
}

const area = (file: string) => relative(SRC, file).split('/');
const files = sourceFiles(SRC);

/** Packages that only compute (no I/O, no clock): the domain may use them. */
const PURE_PACKAGES = new Set(['node:crypto', 'node:util', 'node:buffer', 'js-yaml', 'valibot', 'croner']);
const GLOBALS = [
  /\bDate\.now\(/,
  /new Date\(\)/,
  /Math\.random\(/,
  /process\.env/,
  /\bsetTimeout\(/,
  /\bsetInterval\(/,
  /\bconsole\./,
  /randomBytes\(/,
];

describe('dependency rule', () => {
  it('keeps src/domain free of I/O, adapters and apps', () => {
    const bad: string[] = [];
    for (const file of files.filter((f) => area(f)[0] === 'domain')) {
      for (const imp of importsOf(file)) {
        const t = target(imp);
        const ok = t === 'domain' || (t === 'ports' && imp.typeOnly) || PURE_PACKAGES.has(imp.spec);
        if (!ok) bad.push(`${relative(ROOT, file)} imports ${imp.spec}`);
      }
      const text = readFileSync(file, 'utf8');
      for (const g of GLOBALS) if (g.test(text)) bad.push(`${relative(ROOT, file)} uses ${g.source}`);
    }
    expect(bad).toEqual([]);
  });

  it('keeps src/ports to types and interfaces', () => {
    const bad: string[] = [];
    for (const file of files.filter((f) => area(f)[0] === 'ports')) {
      for (const imp of importsOf(file)) {
        if (target(imp) !== 'ports') bad.push(`${relative(ROOT, file)} imports ${imp.spec}`);
      }
      const text = readFileSync(file, 'utf8');
      if (/^\s*export\s+(async\s+)?(function|class)\b/m.test(text))
        bad.push(`${relative(ROOT, file)} exports code`);
    }
    expect(bad).toEqual([]);
  });

  it('keeps adapters away from apps and from other adapter families', () => {
    const bad: string[] = [];
    for (const file of files.filter((f) => area(f)[0] === 'adapters')) {
      const family = `adapters/${area(file)[1]}`;
      for (const imp of importsOf(file)) {
        const t = target(imp);
        if (t === 'apps' || (t.startsWith('adapters/') && t !== family))
          bad.push(`${relative(ROOT, file)} imports ${imp.spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
