/** Collects a parser's diagnostics, capped so a garbage file cannot flood the Problems view. */
import { Diagnostic, DiagnosticSeverity } from '../types';

export const MAX_DIAGNOSTICS_PER_FILE = 200;

export class DiagnosticLog {
  private readonly items: Diagnostic[] = [];
  private suppressed = 0;

  constructor(private readonly file: string) {}

  add(line: number, message: string, severity: DiagnosticSeverity = 'warning'): void {
    if (this.items.length < MAX_DIAGNOSTICS_PER_FILE) this.items.push({ file: this.file, line, message, severity });
    else this.suppressed++;
  }

  /** The diagnostics in order, then one line counting those left out. */
  list(): Diagnostic[] {
    if (this.suppressed === 0) return this.items;
    return [...this.items, { file: this.file, line: 0, message: `${this.suppressed} more problems not shown.`, severity: 'warning' }];
  }
}
