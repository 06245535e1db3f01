/**
 * Papers by id or by citation key, filled a slice at a time after a load has been handed over, so
 * neither the load nor the event loop waits for 100k map entries; a look-up that comes before the
 * map is complete completes it first.
 */
import type { Paper } from '../core/types';

const PAPERS_PER_SLICE = 10_000;

export class PaperLookup {
  private readonly map = new Map<string, Paper>();
  private filled = 0;

  constructor(
    private readonly papers: readonly Paper[],
    private readonly keyOf: (paper: Paper) => string,
  ) {
    this.fillInBackground();
  }

  get(key: string): Paper | undefined {
    if (this.filled < this.papers.length) this.fill(this.papers.length);
    return this.map.get(key);
  }

  get size(): number {
    if (this.filled < this.papers.length) this.fill(this.papers.length);
    return this.map.size;
  }

  /** True once every paper is in the map. */
  get complete(): boolean {
    return this.filled === this.papers.length;
  }

  private fill(end: number): void {
    for (; this.filled < end; this.filled++) {
      const paper = this.papers[this.filled];
      this.map.set(this.keyOf(paper), paper);
    }
  }

  private fillInBackground(): void {
    if (this.complete) return;
    setImmediate(() => {
      this.fill(Math.min(this.papers.length, this.filled + PAPERS_PER_SLICE));
      this.fillInBackground();
    });
  }
}
