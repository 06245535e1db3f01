/**
 * Background threads give way to the extension host's main thread: on a 2-core machine, a load's two
 * workers would otherwise delay the main thread's slices and its garbage collections by 100 ms and more.
 */
import * as fs from 'fs';
import * as os from 'os';

/** Niceness of a loading worker: below normal, still far above idle. */
export const BACKGROUND_NICENESS = 5;

/**
 * Lowers the calling thread's scheduling priority. Linux only (a thread is a task with its own id, read
 * from /proc/thread-self); elsewhere, or when not allowed, it does nothing and returns false.
 */
export function lowerThisThreadPriority(niceness = BACKGROUND_NICENESS): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const threadId = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(threadId) || threadId <= 0 || threadId === process.pid) return false;
    os.setPriority(threadId, Math.max(os.getPriority(threadId), niceness));
    return true;
  } catch {
    return false;
  }
}
