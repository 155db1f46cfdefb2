/**
 * Paths inside a scenario document, written the way users read them: `phases[2].rate`,
 * `engines.timescaledb.settings["timescaledb.max_background_workers"]`.
 */

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** ['phases', 2, 'rate'] -> 'phases[2].rate'; [] -> '(top level)'. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** JSON pointer (ajv instancePath) -> segments; array indices become numbers when the data is an array. */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

/**
 * Parses `phases[1].rate`, `phases.1.rate`, `engines.postgres.settings["a.b"]`.
 * Digit-only segments are array indices. Throws Error with a readable message on bad syntax.
 */
export function parsePath(text: string): PathSegment[] {
  const path: PathSegment[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`bad path '${text}': ${why} at character ${i + 1}`);
  };
  if (text.trim() === '') fail('empty path');
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) fail("missing ']'");
      const inner = text.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) path.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner) || /^'[^']*'$/.test(inner)) {
        path.push(inner.startsWith('"') ? (JSON.parse(inner) as string) : inner.slice(1, -1));
      } else fail('expected an index like [2] or a quoted key like ["a.b"]');
      i = close + 1;
      if (i < text.length && text[i] !== '.' && text[i] !== '[') fail("expected '.' or '['");
      if (text[i] === '.') {
        i++;
        if (i >= text.length) fail('path ends with a dot');
      }
    } else {
      let end = i;
      while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
      const key = text.slice(i, end);
      if (key === '') fail('empty key');
      path.push(/^\d+$/.test(key) ? Number(key) : key);
      i = end;
      if (text[i] === '.') {
        i++;
        if (i >= text.length) fail('path ends with a dot');
      }
    }
  }
  return path;
}

export function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}
