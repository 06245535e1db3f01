/**
 * Topic labels: the most distinctive phrases of each group (class-based TF-IDF), shown in the
 * casing researchers write them (`CRISPR`, `Single-Cell`, `Langevin`), title-cased otherwise.
 */
import { isSpecificWord, scanWords, STOP_WORDS, WEAK, type WordMemo } from './text';

export interface GroupTermStats {
  /** Term names (`diffusion model`), indexed like the arrays below. */
  names: string[];
  /** Weighted term frequency per group: [group * names.length + term]. */
  frequency: Float64Array;
  /** Papers of the group containing the term: [group * names.length + term]. */
  papers: Int32Array;
  groupSizes: number[];
  /** Frequency of each term over the whole corpus. */
  corpusFrequency: Float64Array;
  /** 1 where {@link isLabelTerm}; filled on first use, shared by all groups. */
  eligible?: Uint8Array;
}

export interface RankedTerm {
  name: string;
  score: number;
}

const PHRASE_BONUS = 1.6;
const TERMS_KEPT = 12;
const EXPANSION_RATIO = 0.3;
/** Longer forms are looked for among this many best terms; beyond them no phrase is strong enough. */
const EXPANSION_POOL = 300;

function wordsOf(name: string): string[] {
  return name.split(' ');
}

/** Vague in a label though harmless as a feature (kept out of labels only, so clustering is unchanged). */
const VAGUE = new Set(
  `resulting modern change fact need perspective govern smaller larger higher lower comparable whole part way kind thing
  lens view idea notion concept consequence advance progress role recent`.split(/\s+/),
);

const MODIFIER_ENDING = /(al|ic|ive|ous|ed|ary|en|ly|ar|ory)$/;
const NOUNS_LIKE_MODIFIERS = new Set(
  `signal animal interval potential material crystal metal spiral fractal survival terminal journal tutorial manual speed
  seed feed need logic topic music clinic epidemic derivative incentive archive perspective boundary library dictionary
  vocabulary summary token oxygen hydrogen nitrogen pathogen antigen allergen screen women children garden kitchen anomaly
  family assembly supply monopoly butterfly star bar car radar lidar seminar grammar sugar pillar scholar dollar calendar
  war memory history category trajectory inventory territory factory laboratory repository directory story victory
  theory`.split(/\s+/),
);

/** `Stochastic Differential`, `Thermal` and `Unpaired` are fragments: a shelf is named by a noun. */
function endsOnModifier(word: string): boolean {
  const last = word.slice(word.lastIndexOf('-') + 1);
  return MODIFIER_ENDING.test(last) && !NOUNS_LIKE_MODIFIERS.has(last);
}

/** A unigram must be specific; a phrase needs one specific word, no repeats, and must not open on a weak word unless both are specific enough together. */
export function isLabelTerm(name: string): boolean {
  const words = wordsOf(name);
  if (endsOnModifier(words[words.length - 1]) || words.some((word) => VAGUE.has(word))) return false;
  if (words.length === 1) return isSpecificWord(words[0]);
  if (words[0] === words[1]) return false;
  return words.some(isSpecificWord) && !(WEAK.has(words[0]) && WEAK.has(words[1]));
}

/** Class-based TF-IDF: how much more a group uses a term than the corpus does, best first. */
export function rankGroupTerms(stats: GroupTermStats, group: number): RankedTerm[] {
  const termCount = stats.names.length;
  const groupCount = stats.groupSizes.length;
  let groupTotal = 0;
  for (let t = 0; t < termCount; t++) groupTotal += stats.frequency[group * termCount + t];
  let allTotal = 0;
  for (let t = 0; t < termCount; t++) allTotal += stats.corpusFrequency[t];
  if (groupTotal === 0) return [];
  const averageTotal = allTotal / groupCount;
  const size = stats.groupSizes[group];
  const minPapers = size <= 2 ? 1 : Math.max(2, Math.ceil(0.15 * size));
  const eligible = (stats.eligible ??= Uint8Array.from(stats.names, (name) => (isLabelTerm(name) ? 1 : 0)));
  const ranked: RankedTerm[] = [];
  for (let t = 0; t < termCount; t++) {
    const frequency = stats.frequency[group * termCount + t];
    if (frequency === 0 || stats.papers[group * termCount + t] < minPapers || eligible[t] === 0) continue;
    const name = stats.names[t];
    const bonus = name.includes(' ') ? PHRASE_BONUS : 1;
    // Spread across the group's papers counts: a term one paper repeats names that paper, not the topic.
    const spread = Math.sqrt(stats.papers[group * termCount + t] / size);
    const score = (frequency / groupTotal) * Math.log(1 + averageTotal / stats.corpusFrequency[t]) * bonus * spread;
    ranked.push({ name, score });
  }
  ranked.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return dropRedundant(expandToPhrases(ranked.slice(0, EXPANSION_POOL))).slice(0, TERMS_KEPT);
}

/** A term's words, and those words with their hyphenated parts: what {@link extendsTerm} compares. */
interface TermShape {
  words: number;
  pieces: Set<string>;
}

const shapes = new Map<string, TermShape>();

function shapeOf(name: string): TermShape {
  let shape = shapes.get(name);
  if (shape === undefined) {
    const words = wordsOf(name);
    shape = { words: words.length, pieces: new Set(words.flatMap((word) => [word, ...word.split('-')])) };
    // Labels of a whole corpus ask about a few thousand terms; the cache is emptied rather than left to grow.
    if (shapes.size >= 20000) shapes.clear();
    shapes.set(name, shape);
  }
  return shape;
}

/** `single-cell perturbation` contains `single-cell`, `single-cell` contains `cell`. */
function extendsTerm(longer: string, shorter: string): boolean {
  if (longer === shorter) return false;
  const shorterShape = shapeOf(shorter);
  if (shorterShape.words === 1) return shapeOf(longer).pieces.has(shorter);
  return shapeOf(longer).words > shorterShape.words && longer.includes(shorter);
}

/**
 * A strong term gives its place to its best longer form when that form is common enough
 * (`descent` -> `gradient descent`, `cell` -> `single-cell` -> `single-cell perturbation`).
 */
function expandToPhrases(ranked: RankedTerm[]): RankedTerm[] {
  const out: RankedTerm[] = [];
  const placed = new Set<string>();
  for (const term of ranked) {
    if (out.length >= 3 * TERMS_KEPT) break;
    let name = term.name;
    let anchor = term.score;
    for (let step = 0; step < 3; step++) {
      const current = name;
      const longer = ranked.find((other) => extendsTerm(other.name, current));
      if (longer === undefined || longer.score < EXPANSION_RATIO * anchor) break;
      name = longer.name;
      anchor = longer.score;
    }
    if (placed.has(name)) continue;
    placed.add(name);
    out.push({ name, score: term.score });
  }
  return out;
}

/** Same word family: `cells`/`cellular`, `private`/`privacy`, but not `diffusion`/`differential`. */
function sameFamily(a: string, b: string): boolean {
  const length = Math.min(5, a.length, b.length);
  return a.slice(0, length) === b.slice(0, length);
}

function overlaps(a: string, b: string): boolean {
  const partsOf = (name: string) => wordsOf(name).flatMap((word) => word.split('-')).filter((part) => !STOP_WORDS.has(part));
  const first = partsOf(a);
  return partsOf(b).some((part) => first.some((other) => sameFamily(part, other)));
}

/** A part of a better-ranked term adds nothing (`diffusion` after `diffusion model`). */
function dropRedundant(ranked: RankedTerm[]): RankedTerm[] {
  const kept: RankedTerm[] = [];
  for (const term of ranked) {
    if (kept.some((other) => extendsTerm(other.name, term.name))) continue;
    kept.push(term);
  }
  return kept;
}

function wordCount(parts: string[]): number {
  return parts.reduce((sum, part) => sum + wordsOf(part).length, 0);
}

/**
 * Label parts for one group: the best term, plus the best term that does not repeat it,
 * within four words; the first combination not already taken by another group.
 */
export function chooseLabelParts(ranked: RankedTerm[], taken: Set<string>): string[] {
  const options: string[][] = [];
  const primaries = ranked.slice(0, 5);
  for (const primary of primaries) {
    const partners = ranked.filter((term) => term !== primary && !overlaps(primary.name, term.name) && term.score >= 0.25 * primary.score);
    for (const partner of partners.slice(0, 4)) {
      if (wordCount([primary.name, partner.name]) <= 4) options.push([primary.name, partner.name]);
    }
    if (wordsOf(primary.name).length >= 2) options.push([primary.name]);
  }
  for (const primary of primaries) options.push([primary.name]);
  // A phrase already naming a larger topic would make two shelves look alike.
  const fresh = options.find((option) => !taken.has(option.join(' | ')) && option.every((part) => !taken.has(part)));
  const chosen = fresh ?? options.find((option) => !taken.has(option.join(' | ')));
  if (chosen === undefined) return [];
  taken.add(chosen.join(' | '));
  for (const part of chosen) taken.add(part);
  return chosen;
}

interface SurfaceStats {
  /** Term name -> lower-case surface (`single-cell perturbation`) -> count. */
  surfaces: Map<string, Map<string, number>>;
  /** Word key -> written form outside sentence starts and title case -> count. */
  casings: Map<string, Map<string, number>>;
}

function bump(map: Map<string, Map<string, number>>, key: string, value: string): void {
  let inner = map.get(key);
  if (inner === undefined) map.set(key, (inner = new Map()));
  inner.set(value, (inner.get(value) ?? 0) + 1);
}

function mostFrequent(counts: Map<string, number> | undefined): string | null {
  if (counts === undefined) return null;
  let best: string | null = null;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

const INNER_CAPITAL = /.\p{Lu}/u;

/** Collects how the wanted terms are written in these texts. */
export function collectSurfaces(texts: { title: string; abstract: string }[], wanted: Set<string>, memo: WordMemo = new Map()): SurfaceStats {
  const wantedWords = new Set<string>();
  for (const name of wanted) for (const word of wordsOf(name)) wantedWords.add(word);
  const stats: SurfaceStats = { surfaces: new Map(), casings: new Map() };
  for (const text of texts) {
    for (const [part, isAbstract] of [[text.title, false], [text.abstract, true]] as const) {
      // The word before, when it is one of the wanted names' words (a wanted phrase is two of them), else null.
      let previousKey: string | null = null;
      let previousRaw = '';
      scanWords(part, (word) => {
        if (word.key === null || !wantedWords.has(word.key)) {
          previousKey = null;
          return;
        }
        const lower = word.raw.toLowerCase();
        if ((isAbstract && !word.sentenceStart) || INNER_CAPITAL.test(word.raw)) bump(stats.casings, word.key, word.raw);
        if (wanted.has(word.key)) bump(stats.surfaces, word.key, lower);
        if (previousKey !== null && !word.breakBefore) {
          const name = `${previousKey} ${word.key}`;
          if (wanted.has(name)) bump(stats.surfaces, name, `${previousRaw.toLowerCase()} ${lower}`);
        }
        previousKey = word.key;
        previousRaw = word.raw;
      }, memo);
    }
  }
  return stats;
}

function titleCaseWord(word: string): string {
  return word
    .split('-')
    .map((part, index) => (index > 0 && STOP_WORDS.has(part) ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('-');
}

/** `diffusion model` -> `Diffusion Models`, `crispr screen` -> `CRISPR Screens`, as the papers write them. */
export function displayTerm(name: string, stats: SurfaceStats): string {
  const keys = wordsOf(name);
  const surface = mostFrequent(stats.surfaces.get(name)) ?? name;
  const written = surface.split(' ');
  if (written.length !== keys.length) return keys.map(titleCaseWord).join(' ');
  return written
    .map((word, index) => {
      const forms = stats.casings.get(keys[index]);
      const matching = new Map([...(forms ?? new Map<string, number>())].filter(([form]) => form.toLowerCase() === word));
      const form = mostFrequent(matching);
      return form !== null && form !== form.toLowerCase() ? form : titleCaseWord(word);
    })
    .join(' ');
}
