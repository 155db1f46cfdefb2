/**
 * A scenario file parsed from YAML, keeping node positions so problems can point at
 * `file:line:col`. YAML syntax errors become problems with their line and column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { PathSegment } from './paths.js';
import type { Position } from './problems.js';

export type ParsedYaml =
  { ok: true; data: unknown; positionOf: (path: readonly PathSegment[]) => Position | null } | { ok: false; errors: { message: string; position: Position | null }[] };

function firstLine(message: string): string {
  // yaml's messages carry " at line 3, column 8:" plus a source excerpt; we print the position ourselves.
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}

function nodeAt(doc: Document, path: readonly PathSegment[]): { range?: [number, number, number] | null } | null {
  let node: unknown = doc.contents;
  let located: { range?: [number, number, number] | null } | null = (node as Node | null) ?? null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return located;
      located = (pair.key as Node | null) ?? located;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return located;
      node = item;
      located = (item as Node | null) ?? located;
    } else return located;
  }
  return located;
}

/** Deepest nesting a scenario may have; real ones stay under 10. Deeper input would exhaust the parser's stack. */
export const MAX_NESTING = 100;

/**
 * Nesting of flow collections (`[`, `{`) and block indentation levels, found by scanning the
 * text before parsing (quoted strings and comments skipped): the first place deeper than
 * MAX_NESTING, or null.
 */
export function nestingTooDeep(text: string): Position | null {
  let flow = 0;
  let line = 1;
  let lineStart = 0;
  const indents: number[] = [];
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      atLineStart = true;
      continue;
    }
    if (atLineStart) {
      if (c === ' ' || c === '\t' || (c === '-' && text[i + 1] === ' ')) continue;
      atLineStart = false;
      if (c !== '#' && flow === 0) {
        const indent = i - lineStart;
        while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
        indents.push(indent);
        if (indents.length > MAX_NESTING) return { line, col: indent + 1 };
      }
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      const newline = text.indexOf('\n', i + 1);
      // Only a quote closed on the same line counts as a string (keeps `it's` in plain text harmless).
      if (close > 0 && (newline < 0 || close < newline)) i = close;
    } else if (c === '[' || c === '{') {
      if (++flow > MAX_NESTING) return { line, col: i - lineStart + 1 };
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
  }
  return null;
}

export function parseYaml(text: string): ParsedYaml {
  const deep = nestingTooDeep(text);
  if (deep) return { ok: false, errors: [{ message: `nested more than ${MAX_NESTING} levels deep (a scenario needs fewer than 10)`, position: deep }] };
  try {
    return parseChecked(text);
  } catch (error) {
    // A stack overflow the scan did not foresee: still a one-line problem, not a crash.
    if (error instanceof RangeError) return { ok: false, errors: [{ message: 'the document is nested too deeply to parse', position: null }] };
    throw error;
  }
}

function parseChecked(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        return { message: firstLine(e.message), position: pos ? { line: pos.line, col: pos.col } : null };
      }),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  const positionOf = (path: readonly PathSegment[]): Position | null => {
    const node = nodeAt(doc, path);
    const offset = node?.range?.[0];
    if (offset === undefined) return null;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };
  return { ok: true, data, positionOf };
}
