// Prints the Markdown table for RESULTS.md from a bench:quickpick result: node bench/quickPick/table.js [FILE]
const fs = require('fs');
const path = require('path');

const file = process.argv[2] ?? path.join(__dirname, '..', 'results', 'quickpick-10000.json');
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const order = ['naive', 'roundtrip', 'shelf'].filter((kind) => report.pickers[kind]);
const titles = { naive: "VS Code's own filter, all items", roundtrip: 'round trip only (50 fixed rows)', shelf: 'Paper Shelf: Search Papers' };
const ms = (value) => (value === null || value === undefined ? '–' : value < 100 ? value.toFixed(1) : value.toFixed(0));
const pair = (p) => `${ms(p.p50)} / ${ms(p.p95)}`;

const lines = [];
lines.push(`| ${['', ...order.map((kind) => titles[kind])].join(' | ')} |`);
lines.push(`|${['---', ...order.map(() => '---:')].join('|')}|`);
const row = (label, cell) => lines.push(`| ${[label, ...order.map((kind) => cell(report.pickers[kind]))].join(' | ')} |`);
row('open, keybinding → rows painted, p50 / p95 ms', (p) => pair(p.open.keyToPaintMs));
row('keystroke → rows painted, all queries, p50 / p95 ms', (p) => pair(p.sets.all.keystrokeToPaintMs));
row('… plain words (no field filters, quotes, OR, -)', (p) => pair(p.sets.plain.keystrokeToPaintMs));
row('… field filters, phrases, OR, exclusions', (p) => pair(p.sets.syntax.keystrokeToPaintMs));
row('… only keystrokes that changed the list', (p) => pair(p.sets.all.changedKeystrokeToPaintMs));
row('keystrokes timed (queries × reps) / unchanged', (p) => `${p.sets.all.keystrokeToPaintMs.samples} / ${p.sets.all.unchanged}`);
row('queries with no rows at all', (p) => `${p.queries.filter((q) => q.rows === 0).length} of ${p.queries.length}`);
row('load average before → after', (p) => `${p.loadAverageBefore.join(' ')} → ${p.loadAverageAfter.join(' ')}`);
console.log(lines.join('\n'));
console.log(`\n${report.machine.nproc} cores (${report.machine.cpu}), load average ${report.machine.loadAverage.join(' ')} at the start, ` +
  `${report.machine.loadAverageAtEnd.join(' ')} at the end; code-server ${report.host.codeServer}; commit ${report.build.commit ?? 'unknown'}.`);
