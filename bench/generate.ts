/**
 * Synthetic corpus for the benchmark: listing pages in both seed formats (Hugging Face Daily Papers
 * and Flatiron publications text), with the seeds' quirks, deterministic by seed.
 *
 *   npm run bench:generate -- --papers 10000 [--seed 1] [--out bench/corpus/10000]
 */
import * as fs from 'fs';
import * as path from 'path';
import { AuthorName, authorPool, fullName, initialName } from './lib/names';
import { Random, ZipfSampler, createRandom } from './lib/random';
import { FIELDS, FUNCTION_WORDS, SCIENCE_TERMS, SCIENTIFIC_PHRASES, inventTerms } from './lib/vocabulary';

export const VOCABULARY_SIZE = 50_000;
export const AUTHOR_POOL_SIZE = 20_000;
export const DUPLICATE_RATE = 0.05;
/** Year-less dates on Hugging Face pages mean this year; no date is later than REFERENCE_DATE. */
export const REFERENCE_YEAR = 2026;
const REFERENCE_MONTH = 11;
const FIRST_YEAR = 1990;
const FIELD_SLICE = 1500;
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ORGANIZATIONS = ['polymathic-ai Polymathic AI', 'google Google', 'nvidia NVIDIA', 'facebook AI at Meta', 'allenai Ai2', 'flatiron Flatiron Institute', 'deepmind Google DeepMind', 'microsoft Microsoft'];
const HF_HEADER = 'new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\n';
const FLATIRON_FOOTER = '  • Previous Page\n  • Viewing\n  • Next Page\nAdvancing Research in Basic Science and MathematicsSubscribe to Flatiron Institute announcements and other foundation updates\n';

export interface GeneratedPaper {
  title: string;
  authors: AuthorName[];
  abstract: string;
  year: number;
  month: number;
  day: number;
  field: number;
}

export interface GenerateOptions {
  /** Distinct papers to write (malformed entries come on top). */
  papers: number;
  seed?: number;
}

export interface GeneratedPage {
  name: string;
  text: string;
}

export interface GenerationSummary {
  papers: number;
  pages: number;
  sightings: number;
  duplicateSightings: number;
  malformedEntries: number;
  bytes: number;
}

/** Draws the words of one paper: its field's words often, the whole vocabulary's Zipf head otherwise. */
class TextModel {
  readonly vocabulary: string[];
  private readonly global: ZipfSampler;
  private readonly fieldSampler = new ZipfSampler(FIELD_SLICE, 1.0);
  private readonly fieldSlices: string[][];

  constructor(random: Random) {
    const real = [...new Set([...SCIENCE_TERMS, ...FIELDS.flatMap((f) => f.terms)])];
    this.vocabulary = [...real, ...inventTerms(random, VOCABULARY_SIZE - real.length, new Set(real))];
    this.global = new ZipfSampler(this.vocabulary.length, 1.05);
    // Each field owns its real words plus a block of invented ones from the middle of the tail.
    this.fieldSlices = FIELDS.map((field, i) => {
      const start = real.length + 2000 + i * FIELD_SLICE;
      return [...field.terms, ...this.vocabulary.slice(start, start + FIELD_SLICE - field.terms.length)];
    });
  }

  term(random: Random, field: number): string {
    if (random.chance(0.4)) return this.fieldSlices[field][this.fieldSampler.sample(random)];
    return this.vocabulary[this.global.sample(random)];
  }

  nounPhrase(random: Random, field: number): string[] {
    if (random.chance(0.12)) return random.pick(SCIENTIFIC_PHRASES).split(' ');
    const words: string[] = [];
    if (random.chance(0.35)) words.push(random.pick(FUNCTION_WORDS.adjectives));
    const nouns = random.int(1, 2);
    for (let i = 0; i < nouns; i++) words.push(this.term(random, field));
    return words;
  }
}

function capitalize(word: string): string {
  return word.length === 0 ? word : word[0].toUpperCase() + word.slice(1);
}

const TITLE_LOWER = new Set([...FUNCTION_WORDS.prepositions, ...FUNCTION_WORDS.determiners, 'and', 'to']);

function makeTitle(random: Random, model: TextModel, field: number): string {
  const target = random.int(6, 15);
  const words: string[] = [];
  let coined: string | null = null;
  if (random.chance(0.2)) {
    const a = model.term(random, field);
    const b = model.term(random, field);
    coined = capitalize(a.slice(0, Math.min(a.length, 6))) + capitalize(b.slice(0, Math.min(b.length, 4)));
    words.push(`${coined}:`);
  }
  while (words.length < target) {
    words.push(...model.nounPhrase(random, field));
    if (words.length < target - 1) words.push(random.pick(random.chance(0.7) ? FUNCTION_WORDS.prepositions : ['and', 'via', 'beyond']));
  }
  words.length = target;
  if (TITLE_LOWER.has(words[words.length - 1])) words[words.length - 1] = model.term(random, field);
  const titleCase = random.chance(0.7);
  return words.map((word, i) => (i === 0 || (titleCase && !TITLE_LOWER.has(word)) ? capitalize(word) : word)).join(' ');
}

function sentence(random: Random, model: TextModel, field: number): string {
  const np = (): string => model.nounPhrase(random, field).join(' ');
  const det = (): string => random.pick(FUNCTION_WORDS.determiners);
  const prep = (): string => random.pick(FUNCTION_WORDS.prepositions);
  switch (random.int(0, 6)) {
    case 0:
      return `We ${random.pick(FUNCTION_WORDS.verbs)} ${det()} ${np()} ${prep()} ${np()}.`;
    case 1:
      return `${capitalize(det())} ${np()} ${random.pick(FUNCTION_WORDS.verbs3)} ${np()} ${prep()} ${np()}.`;
    case 2:
      return `Our results show that ${np()} ${random.pick(FUNCTION_WORDS.verbs3)} ${det()} ${np()}, and ${np()} ${random.pick(FUNCTION_WORDS.verbs3)} ${np()}.`;
    case 3:
      return `Using ${np()} and ${np()}, we ${random.pick(FUNCTION_WORDS.verbs)} ${np()} ${prep()} ${det()} ${np()}.`;
    case 4:
      return `In this work, we ${random.pick(FUNCTION_WORDS.verbs)} ${np()} that ${random.pick(FUNCTION_WORDS.verbs3)} ${np()} with ${np()} (${np()}).`;
    case 5:
      return `${capitalize(np())} is ${random.pick(FUNCTION_WORDS.adjectives)} ${prep()} ${np()}, yet ${det()} ${np()} remains ${random.pick(['unclear', 'open', 'poorly understood', 'debated'])}.`;
    default:
      return `Experiments ${prep()} ${np()} ${random.pick(FUNCTION_WORDS.verbs3)} ${np()} by ${random.int(2, 60)}% ${prep()} ${np()}.`;
  }
}

function makeAbstract(random: Random, model: TextModel, field: number): string {
  const target = random.int(150, 230);
  const sentences: string[] = [];
  let words = 0;
  while (words < target) {
    const next = sentence(random, model, field);
    sentences.push(next);
    words += next.split(' ').length;
  }
  return sentences.join(' ');
}

/** More papers in recent years, as in any real listing. */
function makeDate(random: Random): { year: number; month: number; day: number } {
  const span = REFERENCE_YEAR - FIRST_YEAR;
  const year = FIRST_YEAR + Math.min(span, Math.floor(span * Math.pow(random.next(), 0.45) + 0.5));
  const month = year === REFERENCE_YEAR ? random.int(1, REFERENCE_MONTH) : random.int(1, 12);
  return { year, month, day: random.int(1, 28) };
}

function hfDate(paper: GeneratedPaper): string {
  const monthDay = `${MONTHS_SHORT[paper.month - 1]} ${paper.day}`;
  return paper.year === REFERENCE_YEAR ? monthDay : `${monthDay}, ${paper.year}`;
}

function flatironDate(paper: GeneratedPaper): string {
  return `${MONTHS_LONG[paper.month - 1]} ${paper.day}, ${paper.year}`;
}

function flatironAuthors(random: Random, authors: AuthorName[]): string {
  const shown = authors.length > 6 && random.chance(0.6) ? authors.slice(0, 3) : authors;
  const names = shown.map((name, i) => (i === shown.length - 1 && random.chance(0.3) ? initialName(name) : fullName(name)));
  // The page sometimes puts a space before a comma (`Ali Siahkoohi , R. Morel`).
  const joined = names.map((name, i) => (i < names.length - 1 && random.chance(0.03) ? `${name} ` : name)).join(', ');
  return shown.length < authors.length ? `${joined}, et al.` : joined;
}

/** One entry as the Hugging Face page shows it, with its quirks. */
function hfEntry(random: Random, paper: GeneratedPaper): string {
  if (random.chance(0.01)) {
    // A title and a cut abstract with no metadata block at all (`Dale meets Langevin` in seed 004).
    const words = paper.abstract.split(' ');
    return `${paper.title}\n\n${words.slice(0, random.int(10, 30)).join(' ')}\n\n`;
  }
  const attribution = random.chance(0.02) ? random.pick(ORGANIZATIONS) : `  • ${paper.authors.length} authors`;
  const upvotes = random.chance(0.15) ? ` ${random.int(1, 300)}` : '';
  return `${paper.title}\n\n${paper.abstract}\n\n${attribution}\n·\n${hfDate(paper)}${upvotes}\n\n`;
}

function flatironEntry(random: Random, paper: GeneratedPaper): string {
  const authors = random.chance(0.05) ? '' : `${flatironAuthors(random, paper.authors)}\n\n`;
  const date = random.chance(0.3) ? '' : `${flatironDate(paper)}\n`;
  return `${paper.title}\n\n${authors}${paper.abstract}\n\nShow Abstract\n${date}\n`;
}

/** Entries the parsers must skip or repair with a diagnostic while loading the rest. */
function malformedEntry(random: Random, hf: boolean, paper: GeneratedPaper): string {
  if (hf) {
    switch (random.int(0, 2)) {
      case 0:
        return `  • ${paper.authors.length} authors\n·\n${hfDate(paper)}\n\n`;
      case 1:
        return `${paper.title}\n\n${paper.abstract}\n\n  • ${paper.authors.length} authors\n·\nyesterday\n\n`;
      default:
        return `${paper.abstract} ${paper.abstract}\n\n`;
    }
  }
  return random.chance(0.5) ? 'Show Abstract\n\n' : `${paper.title}\n\n${flatironAuthors(random, paper.authors)}\n\nShow Abstract\n${flatironDate(paper)}\n\n`;
}

/** The pages of a corpus, one at a time, so 100k papers never sit in memory as text at once. */
export function* generatePages(options: GenerateOptions, summary?: GenerationSummary): Generator<GeneratedPage> {
  const random = createRandom(options.seed ?? 1);
  const model = new TextModel(random);
  const pool = authorPool(random, AUTHOR_POOL_SIZE);
  const poolSampler = new ZipfSampler(pool.length, 0.6);
  const titles = new Set<string>();
  const newPaper = (): GeneratedPaper => {
    const field = random.int(0, FIELDS.length - 1);
    let title = makeTitle(random, model, field);
    while (titles.has(title.toLowerCase())) title = makeTitle(random, model, field);
    titles.add(title.toLowerCase());
    const authorCount = random.chance(0.03) ? random.int(13, 40) : random.int(1, 12);
    const authors: AuthorName[] = [];
    for (let i = 0; i < authorCount; i++) authors.push(pool[poolSampler.sample(random)]);
    return { title, authors, abstract: makeAbstract(random, model, field), ...makeDate(random), field };
  };

  const stats: GenerationSummary = summary ?? { papers: 0, pages: 0, sightings: 0, duplicateSightings: 0, malformedEntries: 0, bytes: 0 };
  /** Papers to show again on a later page, by page number. */
  const repeats = new Map<number, GeneratedPaper[]>();
  let made = 0;
  let page = 0;
  while (made < options.papers || repeats.size > 0) {
    page++;
    const hf = random.chance(0.7);
    const size = Math.min(random.int(20, 150), Math.max(0, options.papers - made));
    const entries: GeneratedPaper[] = [];
    for (let i = 0; i < size; i++) {
      const paper = newPaper();
      made++;
      entries.push(paper);
      if (random.chance(DUPLICATE_RATE)) {
        const later = page + random.int(1, 4);
        const list = repeats.get(later) ?? [];
        list.push(paper);
        repeats.set(later, list);
      }
    }
    for (const paper of repeats.get(page) ?? []) {
      entries.splice(random.int(0, entries.length), 0, paper);
      stats.duplicateSightings++;
    }
    repeats.delete(page);
    if (entries.length === 0) continue;

    let text = hf
      ? `${HF_HEADER}${MONTHS_SHORT[random.int(0, 10)]} ${random.int(1, 28)}\n\n`
      : `${random.int(entries.length, 5000).toLocaleString('en-US')} Publications\n\n`;
    for (let i = 0; i < entries.length; i++) {
      if (i > 0 && random.chance(0.004)) {
        text += malformedEntry(random, hf, entries[i]);
        stats.malformedEntries++;
      }
      text += hf ? hfEntry(random, entries[i]) : flatironEntry(random, entries[i]);
    }
    if (!hf) text += FLATIRON_FOOTER;
    else if (random.chance(0.02)) {
      // The copy stopped in the middle of the last abstract.
      const last = newPaper();
      text += `${last.title}\n\n${last.abstract.slice(0, last.abstract.length >> 1)}\n`;
      stats.malformedEntries++;
    }
    stats.pages++;
    stats.sightings += entries.length;
    stats.bytes += Buffer.byteLength(text);
    yield { name: `page-${String(page).padStart(5, '0')}-${hf ? 'hf' : 'flatiron'}.txt`, text };
  }
  stats.papers = made;
}

/** Writes the pages (and one file in no known format) into `outDir`, replacing what was there. */
export function writeCorpus(options: GenerateOptions, outDir: string): GenerationSummary {
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const summary: GenerationSummary = { papers: 0, pages: 0, sightings: 0, duplicateSightings: 0, malformedEntries: 0, bytes: 0 };
  for (const page of generatePages(options, summary)) fs.writeFileSync(path.join(outDir, page.name), page.text);
  const stray = 'Reading list for the group meeting\n\nAsk about the seminar schedule.\n';
  fs.writeFileSync(path.join(outDir, 'zz-notes.txt'), stray);
  summary.bytes += stray.length;
  fs.writeFileSync(path.join(outDir, 'corpus.json.meta'), JSON.stringify({ ...options, ...summary }, null, 2));
  return summary;
}

/** The corpus for `papers` and `seed` in bench/corpus/, generated only when missing or from other options. */
export function ensureCorpus(papers: number, seed = 1, root = path.join(__dirname, '..', '..', 'bench', 'corpus')): { dir: string; summary: GenerationSummary } {
  const dir = path.join(root, String(papers));
  const metaFile = path.join(dir, 'corpus.json.meta');
  try {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as GenerateOptions & GenerationSummary;
    if (meta.papers === papers && (meta.seed ?? 1) === seed) return { dir, summary: meta };
  } catch {
    // Missing or unreadable: generate it below.
  }
  return { dir, summary: writeCorpus({ papers, seed }, dir) };
}

function main(argv: string[]): void {
  let papers = 1000;
  let seed = 1;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--papers') papers = Number(argv[++i]);
    else if (argv[i] === '--seed') seed = Number(argv[++i]);
    else if (argv[i] === '--out') out = argv[++i];
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!Number.isInteger(papers) || papers <= 0) throw new Error('--papers must be a positive integer');
  const dir = out ?? path.join('bench', 'corpus', String(papers));
  const started = Date.now();
  const summary = writeCorpus({ papers, seed }, dir);
  process.stdout.write(`${dir}: ${summary.papers} papers (${summary.duplicateSightings} repeated sightings, ${summary.malformedEntries} malformed entries) on ${summary.pages} pages, ${(summary.bytes / 1e6).toFixed(1)} MB in ${Date.now() - started} ms\n`);
}

// Bundled into the benchmark too, where this module is not the program.
if (require.main === module && path.basename(process.argv[1] ?? '').startsWith('generate')) main(process.argv.slice(2));
