// Archive text made safe to show: the characters each kind of output must not pass on as they are, defined once.
//
// Archive text is shown as it is, except for characters that would change how
// the text around them reads or what the output device does:
//
// - Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
//   reorder the text that follows them ("Trojan Source"). Neither output
//   passes them.
// - C0 and C1 control characters (but tab and newline) and DEL are commands
//   to a terminal: ESC starts a sequence that can move the cursor, clear the
//   screen or retitle the window. The terminal must not receive them. A page
//   shows them as text (Svelte escapes every interpolated string), so the
//   display set leaves them.
// - The invisible bidi marks (LRM U+200E, RLM U+200F, ALM U+061C) only steer
//   the neutral characters next to them. The display set makes them visible,
//   where a report is read closely and copied; the terminal set has never
//   included them, and adding them would change the text output, so that is
//   left to a decision of its own.
//
// Each output also has its own marker: a terminal shows `\u001b` (JSON-like,
// readable and copyable as ASCII); a page shows `⟦U+202E⟧`.

const BIDI_REORDERING = '\\u202a-\\u202e\\u2066-\\u2069';
const BIDI_MARKS = '\\u200e\\u200f\\u061c';
const TERMINAL_CONTROLS = '\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f';

/** What the terminal must not receive: its control characters and the bidi controls that reorder text. */
const TERMINAL_UNSAFE = new RegExp(`[${TERMINAL_CONTROLS}${BIDI_REORDERING}]`, 'g');

/** What a page must show instead of applying: every bidi control, marks included. */
const DISPLAY_UNSAFE = new RegExp(`[${BIDI_REORDERING}${BIDI_MARKS}]`, 'g');

/** Archive text for a terminal: control characters are shown as `\uXXXX`, never interpreted. */
export function safe(s: string): string {
  return s.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Archive text for a page: bidi controls become a visible marker. */
export function visible(s: string): string {
  return s.replace(DISPLAY_UNSAFE, (c) => `⟦U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟧`);
}

/** A deep copy of a JSON-like value (a report) with every string made visible: done once, before a page renders it. */
export function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visible(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => visibleDeep(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = visibleDeep(v);
    return out as T;
  }
  return value;
}
