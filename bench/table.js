// Prints the Markdown results table from bench/results/<papers>.json (written by `npm run --silent bench -- --papers N --json > ...`).
const fs = require('fs');
const path = require('path');

const dir = path.join(__dirname, 'results');
const runs = fs
  .readdirSync(dir)
  .filter((name) => /^\d+\.json$/.test(name))
  .flatMap((name) => {
    try {
      return [JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'))];
    } catch {
      return []; // still being written, or a failed run
    }
  })
  .sort((a, b) => a.papers - b.papers);

const rows = [
  ['papers (after merging)', (r) => r.papers.toLocaleString('en-US')],
  ['files / MB', (r) => `${r.files} / ${(r.bytes / 1e6).toFixed(1)}`],
  ['parse MB/s', (r) => r.parseMBps],
  ['cold load ms (CPU ms)', (r) => `${r.coldLoadMs} (${r.coldLoadCpuMs})`],
  ['warm load ms (CPU ms)', (r) => `${r.warmLoadMs} (${r.warmLoadCpuMs})`],
  ['search p50 / p95 ms', (r) => `${r.searchP50Ms} / ${r.searchP95Ms}`],
  ['linear scan p95 ms', (r) => r.scanP95Ms],
  ['speed-up at p95', (r) => `${r.searchSpeedup}×`],
  ['tree top level ms', (r) => r.treeTopLevelMs],
  ['max stall ms, cold / warm', (r) => `${r.maxStallMs} / ${r.warmMaxStallMs}`],
  ['memory MB (V8 heap + external)', (r) => r.heapMB],
  ['activation ms', (r) => r.activationMs ?? 'n/a'],
  ['VSIX KB', (r) => r.vsixKB ?? 'n/a'],
  ['runs (medians)', (r) => r.runs],
  ['load average at the end', (r) => r.machine.loadAverage.join(' ')],
  ['speed probe ms (lower: faster machine)', (r) => r.machine.speedProbeMs ?? 'n/a'],
];
const out = [];
out.push(`| | ${runs.map((r) => `${r.papers >= 1000 ? `${Math.round(r.papers / 1000)}k` : r.papers}`).join(' | ')} |`);
out.push(`|---|${runs.map(() => '---:').join('|')}|`);
for (const [label, value] of rows) out.push(`| ${label} | ${runs.map((r) => value(r)).join(' | ')} |`);
out.push('');
out.push('Cold-load phases in the worker (ms, medians):');
out.push('');
const phaseNames = Object.keys(runs[0]?.phases?.coldWorker ?? {});
out.push(`| phase | ${runs.map((r) => r.papers.toLocaleString('en-US')).join(' | ')} |`);
out.push(`|---|${runs.map(() => '---:').join('|')}|`);
for (const name of phaseNames) out.push(`| ${name} | ${runs.map((r) => r.phases.coldWorker[name]).join(' | ')} |`);
out.push(`| main thread: decode (sliced) | ${runs.map((r) => r.phases.coldDecodeMs).join(' | ')} |`);
out.push(`| main thread: index restore (sliced) | ${runs.map((r) => r.phases.coldIndexRestoreMs).join(' | ')} |`);
out.push(`| cache write (after the result) | ${runs.map((r) => r.phases.cacheWriteMs).join(' | ')} |`);
process.stdout.write(`${out.join('\n')}\n`);
