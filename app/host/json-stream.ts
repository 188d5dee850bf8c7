// Writes a JSON document to a stream in pieces, exactly as
// JSON.stringify(value, null, 2) would, without ever holding the whole text:
// a report of a hostile archive can be tens of MB, and memory must stay bounded.
import { once } from 'node:events';

/** Subtrees of at most this many values are written by one native JSON.stringify (many times faster than walking them here). */
const NATIVE_SUBTREE_VALUES = 4096;

/** Whether the value holds at most `budget` values; stops counting as soon as it does not. */
function isSmall(value: unknown, budget: number): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    if (--budget < 0) return false;
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      if (v.length > budget) return false;
      for (const x of v) stack.push(x);
    } else {
      for (const k in v) stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return true;
}

function* pieces(value: unknown, indent: string): Generator<string> {
  if (value === null || typeof value !== 'object') {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (isSmall(value, NATIVE_SUBTREE_VALUES)) {
    // JSON strings never hold a raw newline, so every newline is one of the layout's.
    const json = JSON.stringify(value, null, 2) ?? 'null';
    yield indent === '' ? json : json.replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      const v: unknown = value[i];
      yield* pieces(v === undefined || typeof v === 'function' ? null : v, inner);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') {
    yield* pieces(withJson.toJSON(), indent);
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i] as [string, unknown];
    yield `${inner}${JSON.stringify(k)}: `;
    yield* pieces(v, inner);
    yield i < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}

/** Streams `JSON.stringify(value, null, 2) + "\n"` to `out`, honouring backpressure. */
export async function writeJson(value: unknown, out: NodeJS.WritableStream, batch = 1 << 20): Promise<void> {
  let buffer = '';
  for (const piece of pieces(value, '')) {
    buffer += piece;
    if (buffer.length >= batch) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  buffer += '\n';
  if (!out.write(buffer)) await once(out, 'drain');
}
