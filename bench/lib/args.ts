/** The benchmark's command line: `--papers N [--runs R] [--json] [--seed S] [--no-vsix]`. */
export interface BenchArgs {
  papers: number;
  /** Loads timed, each figure reported as their median: 3 unless given, at every size. */
  runs: number;
  json: boolean;
  seed: number;
  vsix: boolean;
}

/** Runs when `--runs` is not given: the issue asks for medians over repeated runs, the 100k budget check included. */
const DEFAULT_RUNS = 3;

function positiveInteger(value: number, option: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${option} must be a positive integer`);
  return value;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = { papers: 1000, runs: DEFAULT_RUNS, json: false, seed: 1, vsix: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--papers') args.papers = positiveInteger(Number(argv[++i]), '--papers');
    else if (arg === '--runs') args.runs = positiveInteger(Number(argv[++i]), '--runs');
    else if (arg === '--seed') args.seed = Number(argv[++i]);
    else if (arg === '--json') args.json = true;
    else if (arg === '--no-vsix') args.vsix = false;
    else throw new Error(`unknown option ${arg}`);
  }
  return args;
}
