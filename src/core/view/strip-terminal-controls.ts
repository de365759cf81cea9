/**
 * Removes terminal control sequences and control characters from text that came from AWS (log
 * lines, names, change summaries) before a terminal shows it: an OSC 8 hyperlink, a CSI cursor
 * move or a bell in a log line must not act on the reader's terminal. Newlines stay, tabs become
 * spaces; the text of an OSC 8 link stays, its target goes.
 */

// ESC ] … (BEL | ESC \): operating system commands such as OSC 8 hyperlinks and window titles.
const OSC = /(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g;
// ESC [ … final byte, or its one-byte C1 form: cursor moves, colours, screen clears.
const CSI = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?/g;
// DCS, SOS, PM, APC strings up to their terminator.
const STRING_SEQUENCE = /(?:\u001b[PX^_]|[\u0090\u0098\u009e\u009f])[^\u001b\u009c]*(?:\u001b\\|\u009c)?/g;
// Any other two-byte escape (ESC followed by one character).
const ESCAPE = /\u001b[\s\S]?/g;
// What is left of C0 (but newline), DEL and C1.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function stripTerminalControls(text: string): string {
  return text.replace(OSC, '').replace(STRING_SEQUENCE, '').replace(CSI, '').replace(ESCAPE, '').replace(/\t/g, ' ').replace(CONTROL, '');
}

/** The same for every string inside a value (a report), leaving its shape alone. */
export function stripTerminalControlsDeep<T>(value: T): T {
  if (typeof value === 'string') return stripTerminalControls(value) as T;
  if (Array.isArray(value)) return value.map((v) => stripTerminalControlsDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripTerminalControlsDeep(v)])) as T;
  }
  return value;
}
