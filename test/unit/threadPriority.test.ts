import * as assert from 'assert';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { BACKGROUND_NICENESS, lowerThisThreadPriority } from '../../src/node/threadPriority';

const MODULE = path.join(__dirname, '..', '..', 'src', 'node', 'threadPriority.js');

/** Runs lowerThisThreadPriority() in a fresh worker thread; replies with what it returned and the thread's niceness after. */
function inWorker(): Promise<{ lowered: boolean; niceness: number | null }> {
  const code = `
const { parentPort } = require('worker_threads');
const fs = require('fs');
const os = require('os');
const { lowerThisThreadPriority } = require(${JSON.stringify(MODULE)});
const lowered = lowerThisThreadPriority();
let niceness = null;
try { niceness = os.getPriority(Number(fs.readlinkSync('/proc/thread-self').split('/').pop())); } catch {}
parentPort.postMessage({ lowered, niceness });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', (reply) => {
      resolve(reply);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('background thread priority', () => {
  it('lowers a worker thread (on Linux; elsewhere it reports that it did not) and leaves the main thread as it was', async () => {
    const mainBefore = os.getPriority();
    const reply = await inWorker();
    const expected = process.platform === 'linux' ? { lowered: true, niceness: Math.max(mainBefore, BACKGROUND_NICENESS) } : { lowered: false, niceness: null };
    assert.deepStrictEqual(reply, expected);
    assert.strictEqual(os.getPriority(), mainBefore);
  });

  it('refuses to lower the main thread, which is the whole process', () => {
    const before = os.getPriority();
    assert.strictEqual(lowerThisThreadPriority(), false);
    assert.strictEqual(os.getPriority(), before);
  });
});
