/**
 * Node built-ins the extension needs only after activation, required on first use: loading
 * `crypto` alone costs activation about 4 ms.
 */
import type * as WorkerThreads from 'worker_threads';
import { lazyClass } from './lazy';

export function randomBytes(size: number): Buffer {
  return (require('crypto') as typeof import('crypto')).randomBytes(size);
}

export type Worker = WorkerThreads.Worker;
export const Worker = lazyClass(() => (require('worker_threads') as typeof WorkerThreads).Worker);

export type MessageChannel = WorkerThreads.MessageChannel;
export type MessagePort = WorkerThreads.MessagePort;
export const MessageChannel = lazyClass(() => (require('worker_threads') as typeof WorkerThreads).MessageChannel);
