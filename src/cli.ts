import { buildCorpus, type Corpus } from './core/corpus';
import { PaperIndex } from './core/search';
import { computeTopics, describeTopics, formatTopicsText } from './core/topics';
import type { Diagnostic, Paper } from './core/types';
import { listCorpusFiles, readCorpusFile } from './node/corpusFiles';

const USAGE = `Usage:
  paper-shelf parse PATH... [--json] [--page-year YYYY]
  paper-shelf export --format bibtex|csl-json PATH...
  paper-shelf topics PATH... [--json]

PATH is a listing page (.txt), a .bib or CSL-JSON file, or a folder of them.`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface Args {
  command: string;
  paths: string[];
  json: boolean;
  format?: string;
  pageYear?: number;
}

function parseArgs(argv: string[]): Args | string {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') return USAGE;
  const args: Args = { command, paths: [], json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--format') args.format = rest[++i];
    else if (arg.startsWith('--format=')) args.format = arg.slice('--format='.length);
    else if (arg === '--page-year') args.pageYear = Number(rest[++i]);
    else if (arg.startsWith('--')) return `unknown option ${arg}\n\n${USAGE}`;
    else args.paths.push(arg);
  }
  if (args.paths.length === 0) return `no PATH given\n\n${USAGE}`;
  return args;
}

function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.severity}: ${d.message}`;
}

/** Loads the corpus; null (after explaining why on stderr) when nothing could be read. */
function loadCorpus(args: Args, io: Io): Corpus | null {
  const { files, missing } = listCorpusFiles(args.paths);
  for (const path of missing) io.err(`paper-shelf: ${path}: no such file or folder\n`);
  const corpus = buildCorpus(files.map((file) => readCorpusFile(file, { pageYear: args.pageYear })));
  for (const d of corpus.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
  if (corpus.papers.length === 0) {
    const named = files.length > 0 ? files.join(', ') : args.paths.join(', ');
    io.err(`paper-shelf: no papers could be read from ${named}\n`);
    return null;
  }
  return corpus;
}

function describePaper(paper: Paper): string {
  const who = paper.authors.length > 0
    ? paper.authors.slice(0, 3).join(', ') + (paper.authors.length > 3 || paper.authorsTruncated ? ' et al.' : '')
    : paper.organization ?? (paper.authorCount !== null ? `${paper.authorCount} authors` : 'authors unknown');
  return `${paper.citationKey}  ${paper.date ?? 'undated'}  ${paper.title}\n    ${who}`;
}

export function main(argv: string[], io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    (args === USAGE ? io.out : io.err)(`${args}\n`);
    return args === USAGE ? 0 : 2;
  }
  switch (args.command) {
    case 'parse': {
      const corpus = loadCorpus(args, io);
      if (!corpus) return 1;
      if (args.json) {
        io.out(`${JSON.stringify({ papers: corpus.papers, diagnostics: corpus.diagnostics }, null, 2)}\n`);
      } else {
        for (const paper of corpus.papers) io.out(`${describePaper(paper)}\n`);
        io.out(`\n${corpus.papers.length} papers, ${corpus.diagnostics.length} diagnostics\n`);
      }
      return 0;
    }
    case 'export': {
      if (args.format !== 'bibtex' && args.format !== 'csl-json') {
        io.err(`paper-shelf export: --format must be bibtex or csl-json\n`);
        return 2;
      }
      const corpus = loadCorpus(args, io);
      if (!corpus) return 1;
      // Loaded lazily: the citation library is the heaviest part of the bundle.
      const { toBibtex, toCslJson } = require('./core/export/bibliography') as typeof import('./core/export/bibliography');
      io.out(args.format === 'bibtex' ? toBibtex(corpus.papers, corpus.extras) : toCslJson(corpus.papers, corpus.extras));
      return 0;
    }
    case 'topics': {
      const corpus = loadCorpus(args, io);
      if (!corpus) return 1;
      const index = PaperIndex.build(corpus.papers);
      const assignment = computeTopics(corpus.papers, { match: (query) => index.filter(query) });
      const description = describeTopics(assignment, corpus.papers);
      io.out(args.json ? `${JSON.stringify(description, null, 2)}\n` : formatTopicsText(description));
      return 0;
    }
    default:
      io.err(`paper-shelf: unknown command ${args.command}\n\n${USAGE}\n`);
      return 2;
  }
}

if (require.main === module) {
  // A closed pipe (`paper-shelf parse … | head`) is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  process.exitCode = main(process.argv.slice(2));
}
