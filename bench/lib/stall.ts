/** How long the event loop was blocked: the largest lateness of a 1 ms timer, and perf_hooks' own histogram. */
import { monitorEventLoopDelay, type IntervalHistogram } from 'perf_hooks';

const INTERVAL_MS = 1;

export class StallMonitor {
  private timer: ReturnType<typeof setInterval> | undefined;
  private last = 0;
  private longest = 0;
  private histogram: IntervalHistogram | undefined;

  start(): void {
    this.longest = 0;
    this.last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.longest = Math.max(this.longest, now - this.last - INTERVAL_MS);
      this.last = now;
    }, INTERVAL_MS);
    this.histogram = monitorEventLoopDelay({ resolution: 1 });
    this.histogram.enable();
  }

  /** Stops and returns the longest block seen, in ms (timer drift; `histogramMaxMs` cross-checks it). */
  stop(): { maxStallMs: number; histogramMaxMs: number } {
    const now = performance.now();
    this.longest = Math.max(this.longest, now - this.last - INTERVAL_MS);
    clearInterval(this.timer);
    this.histogram?.disable();
    const histogramMaxMs = this.histogram ? this.histogram.max / 1e6 : 0;
    return { maxStallMs: Math.max(0, this.longest), histogramMaxMs };
  }
}
