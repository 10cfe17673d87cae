// Offsets ↔ line/column for a source text; lines and columns are 1-based as editors and `file:line:col` show them.

export interface LineColumn {
  line: number;
  column: number;
}

export interface TextRange {
  start: number;
  end: number;
}

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    // indexOf runs in native code: a validation builds one of these for every document with findings.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): LineColumn {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }

  offset(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] ?? 0;
    return Math.min(start + column - 1, this.text.length);
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/**
 * Orders ASCII identifiers (plugin types, finding codes) by code unit. Not `localeCompare`: its first call
 * loads ICU's collator, a tenth of a one-file lint's start-up, for an order that is the same here.
 */
export const compareAscii = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
