/**
 * U+0000 in request text. PostgreSQL `text` and `jsonb` cannot store it (the query fails,
 * which would surface as a 500), and neither can process arguments or environment
 * variables (refs reach git's argv, secrets a step's environment), so no text this server
 * accepts may contain it: the request edges refuse it as bad input.
 */

/**
 * The dotted path of the first string (object key or value) in `value` holding U+0000,
 * `''` for the value itself; undefined when there is none. Iterative, so a deeply nested
 * value cannot exhaust the stack.
 */
export function findNulText(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, path] = next;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path;
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], join(path, String(i))]);
    } else if (item !== null && typeof item === 'object') {
      for (const [key, inner] of Object.entries(item).reverse()) {
        if (key.includes('\u0000')) return join(path, key);
        stack.push([inner, join(path, key)]);
      }
    }
  }
  return undefined;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
