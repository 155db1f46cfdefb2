/**
 * A scenario file parsed from YAML, keeping node positions so problems can point at
 * `file:line:col`. YAML syntax errors become problems with their line and column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { PathSegment } from './paths.js';
import type { Position } from './problems.js';

export type ParsedYaml =
  | { ok: true; data: unknown; positionOf: (path: readonly PathSegment[]) => Position | null }
  | { ok: false; errors: { message: string; position: Position | null }[] };

function firstLine(message: string): string {
  // yaml's messages carry " at line 3, column 8:" plus a source excerpt; we print the position ourselves.
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
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

export function parseYaml(text: string): ParsedYaml {
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
