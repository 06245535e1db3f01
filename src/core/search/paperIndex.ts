import type { Paper } from '../types';
import { StoredPaper } from '../storedPaper';
import { parseQuery, type NumberRange, type ParsedQuery, type QueryTerm } from './parseQuery';
import { ABSTRACT, AUTHORS, buildSegment, FIELD_COUNT, fieldText, ORGANIZATION, PostingBuffer, postingCount, readPostings, TITLE, type FieldPostings, type Segment } from './segment';
import { makeSnippet, phraseRegex } from './snippet';
import { TermDictionary } from './termDictionary';
import { ABSTRACT_STOP_WORDS, foldedChar, isIndexedAbstractTerm, tokenize } from './tokenize';
import { decodeInt32, decodeUint16, decodeUint8, encodeBase64, type Encoded } from './typedArrayCodec';

export interface TopicRef {
  id: string;
  label: string;
}

/** Topic assignments come from outside the index: a map by paper id, or a lookup function. */
export type TopicSource = ReadonlyMap<string, TopicRef> | ((paperId: string) => TopicRef | undefined);

export type MatchField = 'title' | 'authors' | 'abstract';

export interface FieldMatch {
  field: MatchField;
  /** The paper's own terms (lower-cased, accents folded) that matched the query. */
  terms: string[];
}

export interface SearchHit {
  paper: Paper;
  score: number;
  matches: FieldMatch[];
  /** About 120 characters of the abstract around its first match (its opening when only other fields matched). */
  snippet?: string;
}

export interface SearchOptions {
  /** At most this many hits; 50 when not given. */
  limit?: number;
}

export interface PaperIndexOptions {
  topics?: TopicSource;
}

/** Restores an index a slice at a time; see `PaperIndex.restorer`. */
export interface IndexRestorer {
  /** Works until `performance.now()` passes `deadline`; true once the index is ready. */
  step(deadline: number): boolean;
  /** The index, finishing the work first if `step` has not. */
  result(): PaperIndex;
  /** Why the snapshot was rejected (the index is then built from the papers); undefined while it is accepted. */
  readonly problem?: string;
}

/**
 * What restoring an index works out from each paper alone, worked out a slice at a time before the index is at
 * hand ({@link PaperIndex.prepareRestore}): while a cold load's index is still being built, say.
 */
export interface RestorePreparation {
  /** Works until `performance.now()` passes `deadline`; true once every paper is done. */
  step(deadline: number): boolean;
}

/** Each paper's fingerprint, year, date key and upvotes, in the arrays the index keeps them in. */
class PaperFacts implements RestorePreparation {
  done = 0;
  readonly fingerprints: Int32Array;
  readonly years: Int16Array;
  readonly dateKeys: Int32Array;
  readonly upvotes: Int32Array;

  constructor(readonly papers: readonly Paper[]) {
    this.fingerprints = new Int32Array(papers.length);
    this.years = new Int16Array(papers.length);
    this.dateKeys = new Int32Array(papers.length);
    this.upvotes = new Int32Array(papers.length);
  }

  step(deadline: number): boolean {
    const { papers } = this;
    while (this.done < papers.length) {
      const end = Math.min(papers.length, this.done + 1024);
      for (let doc = this.done; doc < end; doc++) {
        const paper = papers[doc];
        this.fingerprints[doc] = fingerprint(paper);
        this.years[doc] = yearOf(paper.date);
        this.dateKeys[doc] = dateKeyOf(paper.date);
        this.upvotes[doc] = upvotesOf(paper);
      }
      this.done = end;
      if (performance.now() > deadline) break;
    }
    return this.done === papers.length;
  }
}

/** What a paper is checked against besides its own fields. */
export interface MatchContext {
  topicOf?: (paperId: string) => TopicRef | undefined;
  /** Whether a bare 4-digit year in the query acts as a year filter; when absent it always does. */
  hasYear?: (year: number) => boolean;
}

/**
 * A snapshot of the index. `toJSON()` gives typed arrays (for the binary cache); `toPortableJSON()` gives
 * base64 text (for a JSON file). `fromJSON` reads either.
 */
export interface SerializedPaperIndex {
  format: typeof SERIAL_FORMAT;
  version: number;
  docCount: number;
  /** Paper ids back to back: doc `d`'s ends at `docIdEnds[d]`; a removed doc's is empty. */
  docIds: string;
  docIdEnds: Encoded<Int32Array>;
  fingerprints: Encoded<Int32Array>;
  fieldLengths: Array<Encoded<Uint16Array>>;
  dictionary: {
    termCount: number;
    chars: Encoded<Uint16Array>;
    starts: Encoded<Int32Array>;
    table: Encoded<Int32Array>;
    firstCharOffsets: Encoded<Int32Array>;
    firstCharIds: Encoded<Int32Array>;
    twoCharOffsets: Encoded<Int32Array>;
    twoCharIds: Encoded<Int32Array>;
  };
  segments: Array<{ firstDoc: number; endDoc: number; fields: Array<{ starts: Encoded<Int32Array>; counts: Encoded<Int32Array>; postings: Encoded<Uint8Array> }> }>;
}

const SERIAL_FORMAT = 'paper-shelf-search-index';
const SERIAL_VERSION = 2;
/** `topicOfDoc` for a doc whose topic has not been looked up since the topics were set. */
const UNRESOLVED_TOPIC = -2;
/** Work per event-loop turn when looking topics up in the background. */
const TOPIC_SLICE_MS = 4;
const DEFAULT_LIMIT = 50;
const FIELD_WEIGHTS = [4, 3, 1.5, 1];
const ALL_FIELDS = 0b1111;
const NAME_AND_TITLE_FIELDS = (1 << TITLE) | (1 << AUTHORS) | (1 << ORGANIZATION);
const FUZZY_WEIGHT = 0.45;
const PREFIX_WEIGHT = 0.6;
const PHRASE_WEIGHT = 1.5;
const MIN_FUZZY_LENGTH = 4;
/** Bounds the work of a short last word (`t`, `ne`) whose prefix matches thousands of terms. */
const PREFIX_POSTINGS_BUDGET = 60_000;
const PREFIX_TERMS_MAX = 48;
/** Scored alternatives are tracked as bits of an Int32 per doc. */
const MAX_SCORED_ALTERNATIVES = 31;
const MAX_SCORED_GROUPS = 16;
const MAX_TYPO_TOLERANT_GROUPS = 6;
/** Typo variants of a longer word would cost more than they find. */
const MAX_FUZZY_LENGTH = 24;
/** A phrase's candidates come from its rarest words; its text confirms the rest. */
const MAX_PHRASE_CANDIDATE_WORDS = 4;
const MAX_SEGMENTS = 8;
/** A segment's build packs a doc number and a frequency into 32 bits (see `buildSegment`). */
const MAX_SEGMENT_DOCS = 1 << 22;
const BM25_K1 = 1.2;
const BM25_B = 0.75;
const FUZZY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Above every `dateKeyOf` (9999-99-99), so newest-first keys stay positive. */
const LATEST_DATE_KEY = 100_000_000;

type WordTerm = Extract<QueryTerm, { kind: 'word' }>;
type PhraseTerm = Extract<QueryTerm, { kind: 'phrase' }>;

interface Expansion {
  termId: number;
  weight: number;
  fieldMask: number;
  /** The term whose rarity (idf) scores this one; typo variants all take the commonest variant's. */
  idfTermId: number;
}

interface ScoredAlternative {
  term: WordTerm | PhraseTerm;
  bit: number;
}

interface ScoredGroup {
  alternatives: ScoredAlternative[];
  mask: number;
  /** Bits of alternatives that are phrases, which a doc's postings suggest but its text must confirm. */
  phraseMask: number;
}

/** Docs whose score or mask a query set, to reset them afterwards. */
interface Touched {
  docs: Int32Array;
  count: number;
}

interface QueryPlan {
  scored: ScoredGroup[];
  boolean: QueryTerm[][];
  /** Long queries are pasted, not typed: no typo variants for them. */
  typoTolerant: boolean;
}

/**
 * The search index over a corpus: postings per field for ranked, prefix- and typo-tolerant search, plus
 * per-paper year, date, upvotes and topic arrays so field filters never re-read strings. Everything that grows
 * with the corpus lives in typed arrays (delta-varint postings, the dictionary's text and hash table), so a
 * snapshot restores by wrapping them, and 100k papers take about 20 MB.
 */
export class PaperIndex {
  private readonly dictionary: TermDictionary;
  private readonly stopCount = ABSTRACT_STOP_WORDS.length;
  private papers: Array<Paper | undefined> = [];
  private docOfId = new Map<string, number>();
  /** `docOfId` is the map a restore was given, the caller's: copied before the index first changes it. */
  private docOfIdShared = false;
  private segments: Segment[] = [];
  private capacity = 0;
  private alive = new Uint8Array(0);
  private years = new Int16Array(0);
  private dateKeys = new Int32Array(0);
  private upvotes = new Int32Array(0);
  private topicOfDoc = new Int32Array(0);
  private fingerprints = new Int32Array(0);
  private fieldLengths: Uint16Array[] = [];
  private readonly fieldLengthTotals = [0, 0, 0, 0];
  private liveCount = 0;
  private readonly yearCounts = new Map<number, number>();
  private topics: TopicRef[] = [];
  /** Topic number by id and label, so equal topics share one number. */
  private readonly topicNumbers = new Map<string, number>();
  /** Topic number by the object the source returned: a source usually hands out one object per topic. */
  private topicNumbersByRef = new Map<TopicRef, number>();
  /** Whether some live doc's `topicOfDoc` is still {@link UNRESOLVED_TOPIC}. */
  private topicsPending = false;
  /** Where topic look-ups resume; docs before it are looked up. */
  private topicCursor = 0;
  /** Bumped by `setTopics`, so background look-ups for older topics stop. */
  private topicGeneration = 0;
  private topicSource: TopicSource | undefined;
  private readonly postingBuffer = new PostingBuffer();
  private newestFirst: Int32Array | undefined;
  private scores = new Float64Array(0);
  private masks = new Int32Array(0);
  private touchedDocs = new Int32Array(0);
  private norms: Array<Float32Array | undefined> = [];
  private stages = new Uint8Array(0);
  private phraseScores = new Float64Array(0);
  /** Zero except while `abstractTermsOf` runs. */
  private hitPositionOf = new Int32Array(0);

  private constructor(options: PaperIndexOptions = {}, dictionary?: TermDictionary) {
    if (dictionary) {
      this.dictionary = dictionary;
    } else {
      this.dictionary = new TermDictionary();
      for (const word of ABSTRACT_STOP_WORDS) this.dictionary.intern(word);
    }
    for (let field = 0; field < FIELD_COUNT; field++) this.fieldLengths.push(new Uint16Array(0));
    this.topicSource = options.topics;
  }

  static build(papers: readonly Paper[], options: PaperIndexOptions = {}): PaperIndex {
    const index = new PaperIndex(options);
    index.append(papers);
    return index;
  }

  /**
   * What `build(papers).toJSON()` gives, for papers no two of which share an id (a merged corpus's, as its caller
   * has checked), without what only a search needs: ids mapped to docs, years, dates and upvotes (the 100k ids'
   * map alone took 35-50 ms), for a thread that builds the index only to send it.
   */
  static snapshotOfDistinct(papers: readonly Paper[]): SerializedPaperIndex {
    const index = new PaperIndex();
    index.indexDocs(papers);
    index.alive.fill(1, 0, papers.length);
    return index.toJSON();
  }

  /**
   * Restores a `toJSON()`/`toPortableJSON()` snapshot over `papers`; papers missing from it, or changed since,
   * are indexed afresh, and anything that is not a valid snapshot means a full build.
   */
  static fromJSON(json: unknown, papers: readonly Paper[], options: PaperIndexOptions = {}): PaperIndex {
    const restorer = PaperIndex.restorer(json, papers, options);
    restorer.step(Infinity);
    return restorer.result();
  }

  /**
   * `fromJSON` in slices of about `sliceMs`, yielding to the event loop in between, so restoring 100k papers
   * on the extension host's thread never blocks it for long.
   */
  static async fromJSONInSlices(json: unknown, papers: readonly Paper[], options: PaperIndexOptions & { sliceMs?: number } = {}): Promise<PaperIndex> {
    const restorer = PaperIndex.restorer(json, papers, options);
    const sliceMs = options.sliceMs ?? 8;
    while (!restorer.step(performance.now() + sliceMs)) await new Promise<void>((resolve) => setImmediate(resolve));
    return restorer.result();
  }

  /** Starts on the per-paper part of restoring `papers`' index, to hand to {@link restorer} with them. */
  static prepareRestore(papers: readonly Paper[]): RestorePreparation {
    return new PaperFacts(papers);
  }

  /**
   * Restores a `toJSON()`/`toPortableJSON()` snapshot step by step: `step(deadline)` works until
   * `performance.now()` passes `deadline` and says whether it finished. The snapshot's arrays are kept as they
   * are, checked one array per step; then each paper is matched to its doc. Papers missing from the snapshot,
   * or changed since, are indexed afresh; a snapshot that fails a check means a full build, and `problem` says why.
   * A `preparation` from {@link prepareRestore} for these same papers spares the per-paper work it has done;
   * `positionOfId`, the caller's map of these papers' positions by id (a snapshot decoder has one), spares
   * making another of 100k entries (35-50 ms): when the papers are in snapshot order it is the index's own
   * until the index first changes it, which copies it first.
   */
  static restorer(json: unknown, papers: readonly Paper[], options: PaperIndexOptions = {}, preparation?: RestorePreparation, positionOfId?: ReadonlyMap<string, number>): IndexRestorer {
    let result: PaperIndex | undefined;
    let problem: string | undefined;
    const reject = (reason: string): boolean => {
      problem = reason;
      result = PaperIndex.build(papers, options);
      return true;
    };
    const opened = openSnapshot(json);
    if (typeof opened === 'string') {
      return {
        step: () => result !== undefined || reject(opened),
        result: () => {
          if (!result) reject(opened);
          return result!;
        },
        get problem() {
          return opened;
        },
      };
    }
    const { docCount, docIds, docIdEnds, fingerprints, fieldLengths, segments } = opened;
    const index = new PaperIndex(options, opened.dictionary);
    // The contents are checked in the steps, an array per check, so that even a large snapshot never blocks.
    const tasks = opened.checks;
    let nextTask = 0;
    let prepared = false;
    let sameOrder = papers.length === docCount;
    let orderChecked = 0;
    let byId: Map<string, Paper> | undefined;
    let mapped = 0;
    let nextDoc = 0;
    const fresh: Paper[] = [];
    const idOf = (doc: number): string => docIds.slice(doc === 0 ? 0 : docIdEnds[doc - 1], docIdEnds[doc]);
    const facts = preparation instanceof PaperFacts && preparation.papers === papers ? preparation : undefined;
    /** Every doc is in the index's map by id already: it is the caller's map of the papers' positions. */
    let callersMap = false;
    const prepare = (): void => {
      index.ensureCapacity(docCount);
      for (let field = 0; field < FIELD_COUNT; field++) index.fieldLengths[field].set(fieldLengths[field].subarray(0, docCount));
      index.segments = segments;
      index.papers = new Array<Paper | undefined>(docCount);
      prepared = true;
    };
    const step = (deadline: number): boolean => {
      if (result) return true;
      while (nextTask < tasks.length) {
        const failure = tasks[nextTask++]();
        if (failure) return reject(failure);
        if (performance.now() > deadline) return false;
      }
      if (!prepared) prepare();
      // The cache hands back papers in snapshot order: then no id map is needed.
      while (sameOrder && orderChecked < docCount) {
        const end = Math.min(docCount, orderChecked + 4096);
        for (; orderChecked < end; orderChecked++) {
          const id = papers[orderChecked]?.id;
          const start = orderChecked === 0 ? 0 : docIdEnds[orderChecked - 1];
          if (typeof id !== 'string' || id.length !== docIdEnds[orderChecked] - start || !docIds.startsWith(id, start)) {
            sameOrder = false;
            break;
          }
        }
        if (performance.now() > deadline) return false;
      }
      if (!sameOrder && !byId) byId = new Map();
      while (!sameOrder && mapped < papers.length) {
        const end = Math.min(papers.length, mapped + 4096);
        for (; mapped < end; mapped++) {
          const paper = papers[mapped];
          if (paper && typeof paper.id === 'string') byId!.set(paper.id, paper);
        }
        if (performance.now() > deadline) return false;
      }
      // Papers in snapshot order are docs at their positions: the caller's map of positions is the map of docs.
      if (sameOrder && nextDoc === 0 && !callersMap && positionOfId !== undefined && mapsPositions(positionOfId, papers, docCount)) {
        index.docOfId = positionOfId as Map<string, number>;
        index.docOfIdShared = true;
        callersMap = true;
      }
      while (nextDoc < docCount) {
        const end = Math.min(docCount, nextDoc + 1024);
        for (; nextDoc < end; nextDoc++) {
          const paper = sameOrder ? papers[nextDoc] : docIdEnds[nextDoc] === (nextDoc === 0 ? 0 : docIdEnds[nextDoc - 1]) ? undefined : byId!.get(idOf(nextDoc));
          // In snapshot order every id is one doc's: only papers found by id can repeat.
          if (!paper || (!sameOrder && index.docOfId.has(paper.id))) continue;
          byId?.delete(paper.id);
          // Worked out ahead for this paper when the papers are in snapshot order.
          const known = facts !== undefined && sameOrder && nextDoc < facts.done;
          if ((known ? facts.fingerprints[nextDoc] : fingerprint(paper)) !== fingerprints[nextDoc]) {
            if (callersMap) index.ownDocOfId().delete(paper.id);
            fresh.push(paper);
            continue;
          }
          index.papers[nextDoc] = paper;
          index.fingerprints[nextDoc] = fingerprints[nextDoc];
          if (known) index.activateWith(nextDoc, paper, facts.years[nextDoc], facts.dateKeys[nextDoc], facts.upvotes[nextDoc], callersMap);
          else index.activate(nextDoc, paper, callersMap);
        }
        if (performance.now() > deadline) return false;
      }
      if (byId) fresh.push(...byId.values());
      if (fresh.length > 0) index.append(fresh);
      if (index.topicSource) index.scheduleTopicResolution();
      result = index;
      return true;
    };
    return {
      step,
      result: () => {
        step(Infinity);
        return result!;
      },
      get problem() {
        return problem;
      },
    };
  }

  /** Indexes new papers; a paper whose id is already indexed replaces the old version. */
  add(papers: readonly Paper[]): void {
    this.append(papers);
    if (this.segments.length > MAX_SEGMENTS || this.liveCount * 2 < this.papers.length) this.compact();
  }

  /** Same as `add`: for live reload of a file whose papers changed. */
  replace(papers: readonly Paper[]): void {
    this.add(papers);
  }

  remove(paperIds: Iterable<string>): void {
    for (const id of paperIds) {
      const doc = this.docOfId.get(id);
      if (doc !== undefined) this.deactivate(doc);
    }
    if (this.liveCount * 2 < this.papers.length) this.compact();
  }

  get size(): number {
    return this.liveCount;
  }

  has(paperId: string): boolean {
    return this.docOfId.has(paperId);
  }

  /**
   * Assigns topics without touching the text postings. Cheap at any size: papers' topics are looked up only
   * when a query filters by topic.
   */
  setTopics(topics: TopicSource): void {
    this.topicSource = topics;
    this.topics = [];
    this.topicNumbers.clear();
    this.topicNumbersByRef = new Map();
    this.topicOfDoc.fill(UNRESOLVED_TOPIC);
    this.topicsPending = true;
    this.scheduleTopicResolution();
  }

  topicOf(paperId: string): TopicRef | undefined {
    const doc = this.docOfId.get(paperId);
    if (doc === undefined) return undefined;
    const topic = this.topicOfDoc[doc];
    if (topic !== UNRESOLVED_TOPIC) return topic >= 0 ? this.topics[topic] : undefined;
    const number = this.topicNumber(paperId);
    this.topicOfDoc[doc] = number;
    return number >= 0 ? this.topics[number] : undefined;
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = resultLimit(options?.limit, this.liveCount);
    if (limit === 0 || this.liveCount === 0) return [];
    const plan = this.plan(parseQuery(query));
    const allowed = plan.boolean.length > 0 ? this.evaluate(plan.boolean) : undefined;
    if (plan.scored.length === 0) return this.newest(limit, allowed).map((doc) => this.hit(doc, 0, new Map<number, number>()));
    return this.ranked(plan, allowed, limit);
  }

  /** Ids of every paper the query matches, ignoring ranking (an empty query matches all). */
  filter(query: string): Set<string> {
    const parsed = parseQuery(query);
    const ids = new Set<string>();
    const groups = this.resolveYears(parsed.groups);
    const matched = groups.length > 0 ? this.evaluate(groups) : this.alive;
    for (let doc = 0; doc < this.papers.length; doc++) if (matched[doc] && this.alive[doc]) ids.add(this.papers[doc]!.id);
    return ids;
  }

  /** The membership test `filter` applies, for one paper (which need not be indexed). */
  matchesQuery(paper: Paper, query: ParsedQuery | string): boolean {
    const parsed = typeof query === 'string' ? parseQuery(query) : query;
    const doc = this.docOfId.get(paper.id);
    const indexed = doc !== undefined && this.papers[doc] === paper;
    return paperMatchesQuery(paper, parsed, {
      topicOf: (id) => (indexed ? this.topicOf(id) : lookupTopic(this.topicSource, id)),
      hasYear: (year) => (this.yearCounts.get(year) ?? 0) > 0,
    });
  }

  /**
   * A snapshot with typed arrays, for the binary cache (views: encode it before changing the index). Called by
   * `JSON.stringify` (which passes a key), it gives the base64 form instead, so JSON text stays compact.
   */
  toJSON(key?: string): SerializedPaperIndex {
    if (typeof key === 'string') return this.toPortableJSON();
    const docCount = this.papers.length;
    const docIdEnds = new Int32Array(docCount);
    const ids: string[] = [];
    let length = 0;
    for (let doc = 0; doc < docCount; doc++) {
      const paper = this.papers[doc];
      if (paper && this.alive[doc]) {
        ids.push(paper.id);
        length += paper.id.length;
      }
      docIdEnds[doc] = length;
    }
    const dictionary = this.dictionary.serialize();
    return {
      format: SERIAL_FORMAT,
      version: SERIAL_VERSION,
      docCount,
      docIds: ids.join(''),
      docIdEnds,
      fingerprints: this.fingerprints.subarray(0, docCount),
      fieldLengths: this.fieldLengths.map((lengths) => lengths.subarray(0, docCount)),
      // The table is copied: the index keeps adding terms to its own.
      dictionary: { ...dictionary, table: dictionary.table.slice() },
      segments: this.segments.map((segment) => ({
        firstDoc: segment.firstDoc,
        endDoc: segment.endDoc,
        fields: segment.fields.map((field) => ({ starts: field.starts, counts: field.counts, postings: field.postings })),
      })),
    };
  }

  /** The same snapshot with base64 text instead of typed arrays, for `JSON.stringify`. */
  toPortableJSON(): SerializedPaperIndex {
    const snapshot = this.toJSON();
    const text = (array: Encoded<Int32Array | Uint16Array | Uint8Array>): string => (typeof array === 'string' ? array : encodeBase64(array));
    const { dictionary } = snapshot;
    return {
      ...snapshot,
      docIdEnds: text(snapshot.docIdEnds),
      fingerprints: text(snapshot.fingerprints),
      fieldLengths: snapshot.fieldLengths.map(text),
      dictionary: {
        termCount: dictionary.termCount,
        chars: text(dictionary.chars),
        starts: text(dictionary.starts),
        table: text(dictionary.table),
        firstCharOffsets: text(dictionary.firstCharOffsets),
        firstCharIds: text(dictionary.firstCharIds),
        twoCharOffsets: text(dictionary.twoCharOffsets),
        twoCharIds: text(dictionary.twoCharIds),
      },
      segments: snapshot.segments.map((segment) => ({
        ...segment,
        fields: segment.fields.map((field) => ({ starts: text(field.starts), counts: text(field.counts), postings: text(field.postings) })),
      })),
    };
  }

  /**
   * Bytes the index holds in its own arrays (postings, dictionary, per-paper arrays); not the papers, and not
   * the per-paper id map.
   */
  get byteSize(): number {
    let bytes = this.dictionary.byteSize;
    for (const segment of this.segments) for (const field of segment.fields) bytes += field.starts.byteLength + field.counts.byteLength + field.postings.byteLength;
    const perDoc = [this.hitPositionOf, this.alive, this.years, this.dateKeys, this.upvotes, this.topicOfDoc, this.fingerprints, this.scores, this.masks, this.touchedDocs, this.stages, this.phraseScores, ...this.fieldLengths];
    for (const array of [...perDoc, ...this.norms]) bytes += array?.byteLength ?? 0;
    return bytes + (this.newestFirst?.byteLength ?? 0);
  }

  // ---- indexing ----

  private append(papers: readonly Paper[]): void {
    const firstDoc = this.indexDocs(papers);
    for (let doc = firstDoc; doc < this.papers.length; doc++) {
      const paper = this.papers[doc]!;
      const later = this.docOfId.get(paper.id);
      if (later !== undefined) this.deactivate(later);
      this.activate(doc, paper);
    }
  }

  /** Adds the papers as docs, with their fingerprints and postings, not yet live; returns the first one's doc. */
  private indexDocs(papers: readonly Paper[]): number {
    const firstDoc = this.papers.length;
    this.ensureCapacity(firstDoc + papers.length);
    for (const paper of papers) {
      const doc = this.papers.length;
      this.papers.push(paper);
      this.fingerprints[doc] = fingerprint(paper);
    }
    for (let from = 0; from < papers.length; from += MAX_SEGMENT_DOCS) {
      const batch = papers.length <= MAX_SEGMENT_DOCS ? papers : papers.slice(from, from + MAX_SEGMENT_DOCS);
      this.segments.push(buildSegment(this.dictionary, batch, firstDoc + from, this.fieldLengths, this.stopCount));
    }
    return firstDoc;
  }

  private activate(doc: number, paper: Paper, mapped = false): void {
    this.activateWith(doc, paper, yearOf(paper.date), dateKeyOf(paper.date), upvotesOf(paper), mapped);
  }

  /** The map of docs by id, the index's own to change: a caller's map it was restored with is copied first. */
  private ownDocOfId(): Map<string, number> {
    if (this.docOfIdShared) {
      this.docOfId = new Map(this.docOfId);
      this.docOfIdShared = false;
    }
    return this.docOfId;
  }

  /** {@link activate} with the paper's year, date key and upvotes worked out already (and, `mapped`, its id in the map). */
  private activateWith(doc: number, paper: Paper, year: number, dateKey: number, upvotes: number, mapped = false): void {
    if (!mapped) this.ownDocOfId().set(paper.id, doc);
    this.alive[doc] = 1;
    this.liveCount++;
    this.years[doc] = year;
    if (year > 0) this.yearCounts.set(year, (this.yearCounts.get(year) ?? 0) + 1);
    this.dateKeys[doc] = dateKey;
    this.upvotes[doc] = upvotes;
    this.topicOfDoc[doc] = this.topicSource ? UNRESOLVED_TOPIC : -1;
    if (this.topicSource) {
      this.topicsPending = true;
      this.topicCursor = Math.min(this.topicCursor, doc);
    }
    for (let field = 0; field < FIELD_COUNT; field++) this.fieldLengthTotals[field] += this.fieldLengths[field][doc];
    this.newestFirst = undefined;
    // Not a fresh array per paper: a restore activates 100k of them in a row.
    if (this.norms.length > 0) this.norms = [];
  }

  private deactivate(doc: number): void {
    const paper = this.papers[doc];
    if (!paper || !this.alive[doc]) return;
    this.alive[doc] = 0;
    this.liveCount--;
    if (this.docOfId.get(paper.id) === doc) this.ownDocOfId().delete(paper.id);
    const year = this.years[doc];
    if (year > 0) this.yearCounts.set(year, (this.yearCounts.get(year) ?? 1) - 1);
    for (let field = 0; field < FIELD_COUNT; field++) this.fieldLengthTotals[field] -= this.fieldLengths[field][doc];
    this.papers[doc] = undefined;
    this.newestFirst = undefined;
    this.norms = [];
  }

  /**
   * After many live reloads: re-indexes the papers added since the build into one segment, which costs in
   * proportion to them; only when half the docs are dead is everything rebuilt.
   */
  private compact(): void {
    const base = this.segments[0];
    if (!base || this.liveCount * 2 < this.papers.length) {
      this.rebuild();
      return;
    }
    let baseLive = 0;
    for (let doc = base.firstDoc; doc < base.endDoc; doc++) baseLive += this.alive[doc];
    if (baseLive * 2 < base.endDoc - base.firstDoc) {
      this.rebuild();
      return;
    }
    const moved: Paper[] = [];
    for (let doc = base.endDoc; doc < this.papers.length; doc++) {
      if (!this.alive[doc]) continue;
      moved.push(this.papers[doc]!);
      this.deactivate(doc);
    }
    this.segments = [base];
    if (moved.length > 0) this.append(moved);
  }

  private rebuild(): void {
    const fresh = PaperIndex.build(
      this.papers.filter((paper): paper is Paper => paper !== undefined),
      { topics: this.topicSource },
    );
    Object.assign(this, fresh);
  }

  private ensureCapacity(docCount: number): void {
    if (docCount <= this.capacity) return;
    let capacity = Math.max(16, this.capacity);
    while (capacity < docCount) capacity *= 2;
    this.alive = grow(this.alive, capacity);
    this.years = grow(this.years, capacity);
    this.dateKeys = grow(this.dateKeys, capacity);
    this.upvotes = grow(this.upvotes, capacity);
    this.topicOfDoc = grow(this.topicOfDoc, capacity);
    this.fingerprints = grow(this.fingerprints, capacity);
    this.fieldLengths = this.fieldLengths.map((lengths) => grow(lengths, capacity));
    this.scores = new Float64Array(capacity);
    this.masks = new Int32Array(capacity);
    this.touchedDocs = new Int32Array(capacity);
    this.stages = new Uint8Array(capacity);
    this.phraseScores = new Float64Array(capacity);
    this.hitPositionOf = new Int32Array(capacity);
    this.capacity = capacity;
  }

  /**
   * Looks up the topic of live docs not looked up since the topics were set, until `deadline`
   * (`performance.now()`); true once none is left.
   */
  private resolveTopics(deadline = Infinity): boolean {
    if (!this.topicsPending) return true;
    const end = this.papers.length;
    while (this.topicCursor < end) {
      const stop = Math.min(end, this.topicCursor + 1024);
      for (let doc = this.topicCursor; doc < stop; doc++) {
        if (this.topicOfDoc[doc] !== UNRESOLVED_TOPIC) continue;
        const paper = this.papers[doc];
        this.topicOfDoc[doc] = paper ? this.topicNumber(paper.id) : -1;
      }
      this.topicCursor = stop;
      if (performance.now() > deadline) return false;
    }
    this.topicsPending = false;
    this.topicCursor = 0;
    return true;
  }

  /**
   * Looks topics up in the background, a few milliseconds per event-loop turn, so that the first topic: query
   * finds them ready instead of looking up every paper at once.
   */
  private scheduleTopicResolution(): void {
    const generation = ++this.topicGeneration;
    this.topicCursor = 0;
    if (typeof setImmediate !== 'function') return;
    const slice = (): void => {
      if (generation !== this.topicGeneration) return;
      if (!this.resolveTopics(performance.now() + TOPIC_SLICE_MS)) setImmediate(slice);
    };
    setImmediate(slice);
  }

  private topicNumber(paperId: string): number {
    const topic = lookupTopic(this.topicSource, paperId);
    if (!topic || typeof topic !== 'object') return -1;
    const known = this.topicNumbersByRef.get(topic);
    if (known !== undefined && this.topics[known].id === topic.id && this.topics[known].label === topic.label) return known;
    if (typeof topic.id !== 'string' || typeof topic.label !== 'string') return -1;
    const key = `${topic.id}\u0000${topic.label}`;
    let number = this.topicNumbers.get(key);
    if (number === undefined) {
      number = this.topics.length;
      this.topics.push({ id: topic.id, label: topic.label });
      this.topicNumbers.set(key, number);
    }
    this.topicNumbersByRef.set(topic, number);
    return number;
  }

  // ---- planning ----

  private plan(parsed: ParsedQuery): QueryPlan {
    const scored: ScoredGroup[] = [];
    const boolean: QueryTerm[][] = [];
    const groups = this.resolveYears(parsed.groups);
    const isPlainWord = (group: QueryTerm[]): boolean => group.length === 1 && group[0].kind === 'word' && !group[0].negated;
    // "the diffusion" means diffusion: stop words and single letters only count while being typed or alone.
    const isFiller = (group: QueryTerm[]): boolean => isPlainWord(group) && !(group[0] as WordTerm).prefix && !isIndexedAbstractTerm((group[0] as WordTerm).text);
    const hasContent = groups.some((group) => !isFiller(group) && group.every((term) => (term.kind === 'word' || term.kind === 'phrase') && !term.negated));
    let nextBit = 0;
    for (const group of groups) {
      if (hasContent && isFiller(group)) continue;
      const scorable = group.every((term) => (term.kind === 'word' || term.kind === 'phrase') && !term.negated);
      if (scorable && scored.length < MAX_SCORED_GROUPS && nextBit + group.length <= MAX_SCORED_ALTERNATIVES) {
        const planned: ScoredGroup = { alternatives: [], mask: 0, phraseMask: 0 };
        for (const term of group as Array<WordTerm | PhraseTerm>) {
          const bit = 1 << nextBit++;
          planned.alternatives.push({ term, bit });
          planned.mask |= bit;
          if (term.kind === 'phrase') planned.phraseMask |= bit;
        }
        scored.push(planned);
        continue;
      }
      // Beyond what ranking tracks, a pasted paragraph's extra words are dropped rather than required.
      if (!isPlainWord(group)) boolean.push(group);
    }
    return { scored, boolean, typoTolerant: scored.length <= MAX_TYPO_TOLERANT_GROUPS };
  }

  /** `tu 2026`: a bare year filters by year when the corpus has papers from that year. */
  private resolveYears(groups: QueryTerm[][]): QueryTerm[][] {
    return groups.map((group) => {
      const term = group[0];
      if (group.length !== 1 || term.kind !== 'word' || term.year === undefined || !this.yearCounts.get(term.year)) return group;
      return [{ kind: 'year', range: { min: term.year, max: term.year }, negated: false }];
    });
  }

  // ---- ranked search ----

  private ranked(plan: QueryPlan, allowed: Uint8Array | undefined, limit: number): SearchHit[] {
    const groups = plan.scored;
    const touched: Touched = { docs: this.touchedDocs, count: 0 };
    const matchedTerms = new Map<number, number>();
    const expansions = groups.map((group) =>
      group.alternatives.map((alternative) => (alternative.term.kind === 'word' ? this.rankingExpansions(alternative.term, plan.typoTolerant) : [])),
    );
    const costs = groups.map((group, index) =>
      group.alternatives.reduce(
        (sum, alternative, position) =>
          sum +
          (alternative.term.kind === 'word'
            ? expansions[index][position].reduce((total, expansion) => total + this.totalPostings(expansion.termId), 0)
            : this.phraseCost(alternative.term.tokens)),
        0,
      ),
    );
    // Matched terms are listed in query order, whatever order they are scored in.
    groups.forEach((group, index) =>
      group.alternatives.forEach((alternative, position) => {
        if (alternative.term.kind === 'phrase') {
          for (const token of alternative.term.tokens) {
            const termId = this.dictionary.lookup(token);
            if (termId >= 0) matchedTerms.set(termId, ALL_FIELDS);
          }
          return;
        }
        for (const { termId, fieldMask } of expansions[index][position]) matchedTerms.set(termId, (matchedTerms.get(termId) ?? 0) | fieldMask);
      }),
    );
    const order = groups.map((_, index) => index).sort((a, b) => costs[a] - costs[b]);
    // Every group must hold, so after the cheapest one only the papers it reached can still qualify.
    const score = (pruned: boolean): void => {
      for (let position = 0; position < order.length; position++) {
        const group = groups[order[position]];
        const onlyTouched = pruned && position > 0;
        group.alternatives.forEach((alternative, index) => {
          if (alternative.term.kind === 'word') this.scoreWord(expansions[order[position]][index], alternative.bit, touched, onlyTouched);
          else this.scorePhrase(alternative.term, alternative.bit, touched, onlyTouched);
        });
        if (pruned && touched.count === 0) return;
      }
    };
    score(groups.length > 1);
    const { scores, masks } = this;
    let candidates = new Int32Array(touched.count);
    let candidateCount = 0;
    let required = 0;
    for (const group of groups) required |= group.mask;
    const singleBitGroups = groups.every((group) => (group.mask & (group.mask - 1)) === 0);
    for (let index = 0; index < touched.count; index++) {
      const doc = touched.docs[index];
      if (allowed && !allowed[doc]) continue;
      const mask = masks[doc];
      if (singleBitGroups ? (mask & required) === required : groups.every((group) => (mask & group.mask) !== 0)) candidates[candidateCount++] = doc;
    }
    let accepted = this.acceptBest(candidates.subarray(0, candidateCount), limit, (doc) => groups.every((group) => this.groupHolds(group, doc)));
    if (accepted.length === 0 && groups.length > 1) {
      // No paper has every word: rank papers by how many of the words they have.
      this.resetTouched(touched);
      score(false);
      candidates = new Int32Array(touched.count);
      candidateCount = 0;
      for (let index = 0; index < touched.count; index++) {
        const doc = touched.docs[index];
        if (allowed && !allowed[doc]) continue;
        const mask = masks[doc];
        let held = 0;
        for (const group of groups) if ((mask & group.mask) !== 0) held++;
        scores[doc] *= (held / groups.length) ** 2;
        candidates[candidateCount++] = doc;
      }
      accepted = this.acceptBest(candidates.subarray(0, candidateCount), limit, (doc) => groups.some((group) => this.groupHolds(group, doc)));
    }
    const inAbstracts = this.abstractTermsOf(accepted, matchedTerms);
    const hits = accepted.map((doc, index) => this.hit(doc, scores[doc], matchedTerms, inAbstracts[index]));
    this.resetTouched(touched);
    return hits;
  }

  private resetTouched(touched: Touched): void {
    for (let index = 0; index < touched.count; index++) {
      const doc = touched.docs[index];
      this.scores[doc] = 0;
      this.masks[doc] = 0;
    }
    touched.count = 0;
  }

  /** Postings the phrase's candidate search reads: those of its rarest indexed word. */
  private phraseCost(tokens: string[]): number {
    let cost = this.liveCount;
    for (const token of tokens) {
      if (!isIndexedAbstractTerm(token)) continue;
      const id = this.dictionary.lookup(token);
      cost = Math.min(cost, id < 0 ? 0 : this.totalPostings(id));
    }
    return cost;
  }

  private groupHolds(group: ScoredGroup, doc: number): boolean {
    const mask = this.masks[doc] & group.mask;
    if ((mask & ~group.phraseMask) !== 0) return true;
    if (mask === 0) return false;
    const paper = this.papers[doc]!;
    return group.alternatives.some((alternative) => (mask & alternative.bit) !== 0 && alternative.term.kind === 'phrase' && phraseMatches(paper, alternative.term));
  }

  /** Best-first by score, newest first on ties, keeping the first `limit` that `accept` confirms. */
  private acceptBest(candidates: Int32Array, limit: number, accept: (doc: number) => boolean): number[] {
    const verdicts = new Map<number, boolean>();
    let wanted = limit + 8;
    for (;;) {
      const best = this.selectBest(candidates, wanted);
      const accepted: number[] = [];
      for (const doc of best) {
        let verdict = verdicts.get(doc);
        if (verdict === undefined) verdicts.set(doc, (verdict = accept(doc)));
        if (verdict) accepted.push(doc);
        if (accepted.length === limit) return accepted;
      }
      if (best.length < wanted) return accepted;
      wanted *= 4;
    }
  }

  /** The `count` best candidates, best first, through a bounded min-heap (worst kept doc at the root). */
  private selectBest(candidates: Int32Array, count: number): number[] {
    const heap = new Int32Array(Math.min(count, candidates.length));
    let size = 0;
    for (const doc of candidates) {
      if (size < heap.length) {
        let index = size++;
        while (index > 0) {
          const parent = (index - 1) >> 1;
          if (!this.ranksBefore(heap[parent], doc)) break;
          heap[index] = heap[parent];
          index = parent;
        }
        heap[index] = doc;
      } else if (size > 0 && this.ranksBefore(doc, heap[0])) {
        let index = 0;
        for (;;) {
          const left = 2 * index + 1;
          if (left >= size) break;
          const right = left + 1;
          const worse = right < size && this.ranksBefore(heap[left], heap[right]) ? right : left;
          if (!this.ranksBefore(doc, heap[worse])) break;
          heap[index] = heap[worse];
          index = worse;
        }
        heap[index] = doc;
      }
    }
    return Array.from(heap.subarray(0, size)).sort((a, b) => (this.ranksBefore(a, b) ? -1 : 1));
  }

  private ranksBefore(a: number, b: number): boolean {
    const scoreA = this.scores[a];
    const scoreB = this.scores[b];
    if (scoreA !== scoreB) return scoreA > scoreB;
    if (this.dateKeys[a] !== this.dateKeys[b]) return this.dateKeys[a] > this.dateKeys[b];
    return a < b;
  }

  private scoreWord(expansions: Expansion[], bit: number, touched: Touched, onlyTouched: boolean): void {
    for (const expansion of expansions) {
      for (let field = 0; field < FIELD_COUNT; field++) {
        if ((expansion.fieldMask & (1 << field)) === 0) continue;
        this.scorePostings(expansion.termId, field, expansion.weight * this.idf(expansion.idfTermId, field), bit, touched, onlyTouched);
      }
    }
  }

  /** `weight` already includes the idf. */
  private scorePostings(termId: number, field: number, weight: number, bit: number, touched: Touched, onlyTouched: boolean): void {
    const factor = weight * FIELD_WEIGHTS[field] * (BM25_K1 + 1);
    const norms = this.lengthNorms(field);
    const checkAlive = this.liveCount !== this.papers.length;
    const { alive, scores, masks } = this;
    for (const segment of this.segments) {
      const { starts, postings } = segment.fields[field];
      if (termId + 1 >= starts.length) continue;
      const endDoc = segment.endDoc;
      let doc = segment.firstDoc - 1;
      // Decoded inline (see FieldPostings): this loop is most of a search's time.
      for (let at = starts[termId], end = starts[termId + 1]; at < end; ) {
        let value = postings[at++];
        if (value >= 0x80) {
          value &= 0x7f;
          let shift = 7;
          let byte: number;
          do {
            byte = postings[at++] | 0;
            value |= (byte & 0x7f) << shift;
            shift += 7;
          } while (byte >= 0x80 && shift < 28);
        }
        if (value < 2) break;
        doc += value >>> 1;
        if (doc >= endDoc) break;
        const frequency = (value & 1) === 0 ? 1 : Math.min(255, (postings[at++] | 0) + 2);
        if ((checkAlive && alive[doc] === 0) || (onlyTouched && masks[doc] === 0)) continue;
        scores[doc] += (factor * frequency) / (frequency + norms[doc]);
        if (masks[doc] === 0) touched.docs[touched.count++] = doc;
        masks[doc] |= bit;
      }
    }
  }

  /** BM25's length normalisation per doc, recomputed after the corpus changed. */
  private lengthNorms(field: number): Float32Array {
    const cached = this.norms[field];
    if (cached) return cached;
    const averageLength = Math.max(1, this.fieldLengthTotals[field] / Math.max(1, this.liveCount));
    const lengths = this.fieldLengths[field];
    const norms = new Float32Array(this.capacity);
    for (let doc = 0; doc < this.papers.length; doc++) norms[doc] = BM25_K1 * (1 - BM25_B + (BM25_B * lengths[doc]) / averageLength);
    this.norms[field] = norms;
    return norms;
  }

  private idf(termId: number, field: number): number {
    let documentFrequency = 0;
    for (const segment of this.segments) documentFrequency += postingCount(segment.fields[field], termId);
    return Math.log(1 + (this.liveCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /** Exact term, typo variants (one edit, names and titles only) and, for the word being typed, its completions. */
  private rankingExpansions(term: WordTerm, typoTolerant: boolean): Expansion[] {
    const expansions = new Map<number, Expansion>();
    const exact = this.dictionary.lookup(term.text);
    if (exact >= 0) expansions.set(exact, { termId: exact, weight: 1, fieldMask: ALL_FIELDS, idfTermId: exact });
    // A word still being typed is usually incomplete rather than misspelt: only longer ones get typo variants.
    if (typoTolerant && term.text.length >= MIN_FUZZY_LENGTH + (term.prefix ? 1 : 0) && term.text.length <= MAX_FUZZY_LENGTH) {
      const variants: Array<{ id: number; frequency: number }> = [];
      for (const variant of oneEditVariants(term.text)) {
        if (variant.length < MIN_FUZZY_LENGTH) continue;
        const id = this.dictionary.lookup(variant);
        if (id >= 0 && id !== exact && !variants.some((known) => known.id === id)) variants.push({ id, frequency: this.totalPostings(id) });
      }
      // nueral means neural, not the rare queral: a variant counts by how common it is, as a spell checker would.
      let commonest = { id: exact, frequency: exact >= 0 ? this.totalPostings(exact) : 0 };
      for (const variant of variants) if (variant.frequency > commonest.frequency) commonest = variant;
      for (const { id, frequency } of variants) {
        if (frequency === 0 || commonest.id < 0) continue;
        const weight = (FUZZY_WEIGHT * frequency) / Math.max(1, commonest.frequency);
        expansions.set(id, { termId: id, weight, fieldMask: NAME_AND_TITLE_FIELDS, idfTermId: commonest.id });
      }
    }
    if (term.prefix) {
      const completions = this.dictionary
        .withPrefix(term.text)
        .filter((id) => id !== exact)
        .sort((a, b) => this.dictionary.termLength(a) - this.dictionary.termLength(b) || a - b);
      let postings = 0;
      let taken = 0;
      for (const id of completions) {
        if (taken >= PREFIX_TERMS_MAX || postings >= PREFIX_POSTINGS_BUDGET) break;
        const weight = (PREFIX_WEIGHT * term.text.length) / this.dictionary.termLength(id);
        const known = expansions.get(id);
        expansions.set(id, { termId: id, weight: Math.max(weight, known?.weight ?? 0), fieldMask: ALL_FIELDS, idfTermId: id });
        postings += this.totalPostings(id);
        taken++;
      }
    }
    return [...expansions.values()];
  }

  private totalPostings(termId: number): number {
    let total = 0;
    for (const segment of this.segments) for (const field of segment.fields) total += postingCount(field, termId);
    return total;
  }

  private scorePhrase(term: PhraseTerm, bit: number, touched: Touched, onlyTouched: boolean): void {
    const candidates = this.phraseCandidates(term.tokens, true);
    const { scores, masks, phraseScores } = this;
    for (const doc of candidates) {
      const phraseScore = phraseScores[doc];
      phraseScores[doc] = 0;
      if (onlyTouched && masks[doc] === 0) continue;
      scores[doc] += PHRASE_WEIGHT * phraseScore;
      if (masks[doc] === 0) touched.docs[touched.count++] = doc;
      masks[doc] |= bit;
    }
  }

  /**
   * Docs holding every indexed word of the phrase in some field (all live docs when it has none, e.g. "of the").
   * With `score`, leaves each candidate's BM25 sum in `phraseScores`.
   */
  private phraseCandidates(tokens: string[], score: boolean): number[] {
    const ids: number[] = [];
    for (const token of new Set(tokens)) {
      if (!isIndexedAbstractTerm(token)) continue;
      const id = this.dictionary.lookup(token);
      if (id < 0) return [];
      ids.push(id);
    }
    if (ids.length === 0) return this.liveDocs();
    const required = ids.sort((a, b) => this.totalPostings(a) - this.totalPostings(b)).slice(0, MAX_PHRASE_CANDIDATE_WORDS);
    const { stages, phraseScores, alive } = this;
    const reached: number[] = [];
    for (let round = 0; round < required.length; round++) {
      const termId = required[round];
      for (let field = 0; field < FIELD_COUNT; field++) {
        const factor = score ? FIELD_WEIGHTS[field] * this.idf(termId, field) : 0;
        for (const segment of this.segments) {
          const count = readPostings(segment, field, termId, this.postingBuffer);
          const docs = this.postingBuffer.docs;
          for (let entry = 0; entry < count; entry++) {
            const doc = docs[entry];
            const stage = stages[doc];
            if (stage === round) {
              if (round === 0) {
                if (alive[doc] === 0) continue;
                reached.push(doc);
              }
              stages[doc] = round + 1;
            } else if (stage !== round + 1) {
              continue;
            }
            if (score) phraseScores[doc] += factor;
          }
        }
      }
    }
    const candidates: number[] = [];
    for (const doc of reached) {
      if (stages[doc] === required.length) candidates.push(doc);
      else phraseScores[doc] = 0;
      stages[doc] = 0;
    }
    return candidates;
  }

  private liveDocs(): number[] {
    const docs: number[] = [];
    for (let doc = 0; doc < this.papers.length; doc++) if (this.alive[doc]) docs.push(doc);
    return docs;
  }

  private newest(limit: number, allowed: Uint8Array | undefined): number[] {
    if (!this.newestFirst) {
      // Newest first, then by doc: one number per doc, sorted natively (a comparator is ten times slower at 100k).
      const docs = this.liveDocs();
      const span = this.papers.length + 1;
      const keys = new Float64Array(docs.length);
      for (let index = 0; index < docs.length; index++) keys[index] = (LATEST_DATE_KEY - this.dateKeys[docs[index]]) * span + docs[index];
      keys.sort();
      const order = new Int32Array(docs.length);
      for (let index = 0; index < keys.length; index++) order[index] = keys[index] % span;
      this.newestFirst = order;
    }
    const docs: number[] = [];
    for (const doc of this.newestFirst) {
      if (docs.length >= limit) break;
      if (!allowed || allowed[doc]) docs.push(doc);
    }
    return docs;
  }

  /** `matchedTerms`: term id → bit mask of the fields where it counts as a match. */
  /**
   * Per doc of `docs`, which of the matched terms its abstract's postings hold: each term's postings are read
   * once for all the docs (the scoring already read them), where reading every abstract again would not pay.
   */
  private abstractTermsOf(docs: readonly number[], matchedTerms: ReadonlyMap<number, number>): Array<Set<number>> {
    const found = docs.map(() => new Set<number>());
    if (docs.length === 0) return found;
    const positionOf = this.hitPositionOf;
    docs.forEach((doc, index) => (positionOf[doc] = index + 1));
    const buffer = this.postingBuffer;
    for (const [termId, fieldMask] of matchedTerms) {
      if ((fieldMask & (1 << ABSTRACT)) === 0) continue;
      for (const segment of this.segments) {
        const count = readPostings(segment, ABSTRACT, termId, buffer);
        for (let entry = 0; entry < count; entry++) {
          const position = positionOf[buffer.docs[entry]];
          if (position !== 0) found[position - 1].add(termId);
        }
      }
    }
    for (const doc of docs) positionOf[doc] = 0;
    return found;
  }

  /** `inAbstractPostings`: the matched terms in the doc's abstract postings, when the caller has them. */
  private hit(doc: number, score: number, matchedTerms: ReadonlyMap<number, number>, inAbstractPostings?: ReadonlySet<number>): SearchHit {
    const paper = this.papers[doc]!;
    const matches: FieldMatch[] = [];
    const add = (field: MatchField, term: string): void => {
      let match = matches.find((existing) => existing.field === field);
      if (!match) matches.push((match = { field, terms: [] }));
      if (!match.terms.includes(term)) match.terms.push(term);
    };
    if (matchedTerms.size > 0) {
      for (const [field, source] of [
        ['title', TITLE],
        ['authors', AUTHORS],
        ['authors', ORGANIZATION],
      ] as const) {
        this.dictionary.forEachKnownTerm(fieldText(paper, source), (termId) => {
          if (((matchedTerms.get(termId) ?? 0) & (1 << source)) !== 0) add(field, this.dictionary.term(termId));
        });
      }
    }
    const abstract = fieldText(paper, ABSTRACT);
    const inAbstract = new Set<number>();
    const present = inAbstractPostings ?? this.abstractTermsOf([doc], matchedTerms)[0];
    for (const termId of matchedTerms.keys()) {
      if (!present.has(termId)) continue;
      inAbstract.add(termId);
      add('abstract', this.dictionary.term(termId));
    }
    const hit: SearchHit = { paper, score, matches };
    if (abstract.trim().length === 0) return hit;
    hit.snippet = makeSnippet(abstract, this.firstOccurrence(abstract, inAbstract));
    return hit;
  }

  /** Offset of the first of `termIds` in `text` as a whole word; 0 when none is found. */
  private firstOccurrence(text: string, termIds: ReadonlySet<number>): number {
    if (termIds.size === 0) return 0;
    const lower = text.toLowerCase();
    let first = -1;
    for (const termId of termIds) {
      const term = this.dictionary.term(termId);
      for (let from = 0; ; ) {
        const at = lower.indexOf(term, from);
        if (at < 0 || (first >= 0 && at >= first)) break;
        const end = at + term.length;
        if ((at === 0 || foldedChar(lower.charCodeAt(at - 1)) === 0) && (end >= lower.length || foldedChar(lower.charCodeAt(end)) === 0)) {
          first = at;
          break;
        }
        from = at + 1;
      }
    }
    if (first >= 0) return first;
    // Accented text: the folded terms are not substrings of the lower-cased original.
    this.dictionary.forEachKnownTerm(text, (termId, start) => {
      if (!termIds.has(termId)) return false;
      first = start;
      return true;
    });
    return Math.max(0, first);
  }

  // ---- boolean evaluation ----

  /** One byte per doc: 1 where every group holds. */
  private evaluate(groups: QueryTerm[][]): Uint8Array {
    const docCount = this.papers.length;
    let result: Uint8Array | undefined;
    for (const group of groups) {
      const bits = new Uint8Array(docCount);
      for (const term of group) this.markTerm(term, bits);
      if (!result) {
        result = bits;
        continue;
      }
      for (let doc = 0; doc < docCount; doc++) result[doc] &= bits[doc];
    }
    const matched = result ?? new Uint8Array(docCount).fill(1);
    for (let doc = 0; doc < docCount; doc++) matched[doc] &= this.alive[doc];
    return matched;
  }

  /** Sets `bits[doc]` for every doc that `term` holds for. */
  private markTerm(term: QueryTerm, bits: Uint8Array, excluding = false): void {
    if (term.negated) {
      const positive = new Uint8Array(bits.length);
      this.markTerm({ ...term, negated: false } as QueryTerm, positive, true);
      for (let doc = 0; doc < bits.length; doc++) if (!positive[doc] && this.alive[doc]) bits[doc] = 1;
      return;
    }
    switch (term.kind) {
      case 'word':
        if (term.year !== undefined && this.yearCounts.get(term.year)) {
          this.markRange(this.years, { min: term.year, max: term.year }, bits);
          return;
        }
        if (excluding) {
          const id = this.dictionary.lookup(term.text);
          if (id >= 0) this.markPostings(id, ALL_FIELDS, bits);
          return;
        }
        for (const id of this.dictionary.withPrefix(term.text)) this.markPostings(id, ALL_FIELDS, bits);
        return;
      case 'phrase':
        for (const doc of this.phraseCandidates(term.tokens, false)) if (phraseMatches(this.papers[doc]!, term)) bits[doc] = 1;
        return;
      case 'author': {
        const candidates = new Uint8Array(bits.length);
        for (const id of this.dictionary.withPrefix(term.tokens[0])) this.markPostings(id, 1 << AUTHORS, candidates);
        for (let doc = 0; doc < bits.length; doc++) {
          if (candidates[doc] && (term.tokens.length === 1 || authorMatches(this.papers[doc]!, term.tokens))) bits[doc] = 1;
        }
        return;
      }
      case 'topic': {
        this.resolveTopics();
        const wanted = this.topics.map((topic) => topicMatches(topic, term.tokens, term.text));
        for (let doc = 0; doc < bits.length; doc++) {
          const topic = this.topicOfDoc[doc];
          if (topic >= 0 && wanted[topic]) bits[doc] = 1;
        }
        return;
      }
      case 'year':
        this.markRange(this.years, term.range, bits);
        return;
      case 'upvotes':
        this.markRange(this.upvotes, term.range, bits);
        return;
    }
  }

  /** Unknown values (year 0, upvotes -1) never match. */
  private markRange(values: Int16Array | Int32Array, range: NumberRange, bits: Uint8Array): void {
    const unknown = values === this.years ? 0 : -1;
    for (let doc = 0; doc < bits.length; doc++) {
      const value = values[doc];
      if (value !== unknown && value >= range.min && value <= range.max) bits[doc] = 1;
    }
  }

  private markPostings(termId: number, fieldMask: number, bits: Uint8Array): void {
    const buffer = this.postingBuffer;
    for (const segment of this.segments) {
      for (let field = 0; field < FIELD_COUNT; field++) {
        if ((fieldMask & (1 << field)) === 0) continue;
        const count = readPostings(segment, field, termId, buffer);
        const docs = buffer.docs;
        for (let entry = 0; entry < count; entry++) bits[docs[entry]] = 1;
      }
    }
  }
}

/**
 * Whether `paper` satisfies the query, by the same rules `PaperIndex.filter` applies: words match any term of
 * title, authors, organisation or abstract by prefix; phrases verbatim; field filters on their own field.
 */
export function paperMatchesQuery(paper: Paper, query: ParsedQuery | string, context: MatchContext = {}): boolean {
  const parsed = typeof query === 'string' ? parseQuery(query) : query;
  let fieldTerms: string[][] | undefined;
  const termsOf = (): string[][] =>
    (fieldTerms ??= [TITLE, AUTHORS, ORGANIZATION, ABSTRACT].map((field) => {
      const terms = tokenize(fieldText(paper, field));
      return field === ABSTRACT ? terms.filter(isIndexedAbstractTerm) : terms;
    }));
  const holds = (term: QueryTerm): boolean => {
    const positive = ((): boolean => {
      switch (term.kind) {
        case 'word':
          if (term.year !== undefined && !term.negated && (context.hasYear?.(term.year) ?? true)) return yearOf(paper.date) === term.year;
          // An excluded word is excluded as written: -net keeps papers on networks.
          if (term.negated) return termsOf().some((terms) => terms.includes(term.text));
          return termsOf().some((terms) => terms.some((candidate) => candidate.startsWith(term.text)));
        case 'phrase':
          return phraseMatches(paper, term);
        case 'author':
          return authorMatches(paper, term.tokens);
        case 'topic': {
          const topic = context.topicOf?.(paper.id);
          return topic !== undefined && topicMatches(topic, term.tokens, term.text);
        }
        case 'year': {
          const year = yearOf(paper.date);
          return year > 0 && year >= term.range.min && year <= term.range.max;
        }
        case 'upvotes':
          return typeof paper.upvotes === 'number' && paper.upvotes >= term.range.min && paper.upvotes <= term.range.max;
      }
    })();
    return term.negated ? !positive : positive;
  };
  return parsed.groups.every((group) => group.some(holds));
}

function phraseMatches(paper: Paper, term: PhraseTerm): boolean {
  const pattern = phraseRegex(term.text);
  if (!pattern) return false;
  for (let field = 0; field < FIELD_COUNT; field++) {
    const text = field === AUTHORS ? (Array.isArray(paper.authors) ? paper.authors.join(', ') : '') : fieldText(paper, field);
    if (pattern.test(text)) return true;
  }
  return false;
}

/** Some single author has, for every query token, a name token starting with it. */
function authorMatches(paper: Paper, tokens: string[]): boolean {
  if (!Array.isArray(paper.authors)) return false;
  return paper.authors.some((author) => {
    const nameTokens = tokenize(String(author));
    return tokens.every((token) => nameTokens.some((name) => name.startsWith(token)));
  });
}

function topicMatches(topic: TopicRef, tokens: string[], text: string): boolean {
  if (topic.id.toLowerCase() === text.toLowerCase()) return true;
  const labelTokens = tokenize(topic.label);
  return tokens.every((token) => labelTokens.some((word) => word.startsWith(token)));
}

function lookupTopic(source: TopicSource | undefined, paperId: string): TopicRef | undefined {
  if (!source) return undefined;
  return typeof source === 'function' ? source(paperId) : source.get(paperId);
}

/** A whole number of hits: the default for a missing or unreadable limit, every paper for Infinity. */
function resultLimit(limit: unknown, paperCount: number): number {
  if (limit === Infinity) return paperCount;
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.max(0, Math.floor(limit));
}

/** Upvotes as the index stores them: -1 when unknown. */
function upvotesOf(paper: Paper): number {
  return typeof paper.upvotes === 'number' && paper.upvotes >= 0 ? Math.min(paper.upvotes, 2 ** 31 - 1) : -1;
}

function yearOf(date: string | null): number {
  if (typeof date !== 'string' || date.length < 4) return 0;
  const year = digits(date, 0, 4);
  return year > 0 ? year : 0;
}

/** `YYYYMMDD` as a number for ordering; a month-only date sorts before that month's days; -1 when unknown. */
function dateKeyOf(date: string | null): number {
  const year = yearOf(date);
  if (year === 0) return -1;
  const month = date!.length >= 7 && date![4] === '-' ? Math.max(0, digits(date!, 5, 7)) : 0;
  const day = month > 0 && date!.length >= 10 && date![7] === '-' ? Math.max(0, digits(date!, 8, 10)) : 0;
  return year * 10000 + month * 100 + day;
}

/** The number written by `text[start, end)`, or -1 unless they are all digits. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/**
 * Detects a paper that changed since a snapshot was taken: lengths and a few characters near the strings'
 * starts, which a restore of 100k papers can afford (each read further in is a cache miss per paper).
 */
function fingerprint(paper: Paper): number {
  // A stored paper answers for its abstract without decoding it, which restoring 100k papers would otherwise do.
  const stored = paper instanceof StoredPaper ? paper : undefined;
  const abstract = stored ? '' : typeof paper.abstract === 'string' ? paper.abstract : '';
  const title = typeof paper.title === 'string' ? paper.title : '';
  let hash = Math.imul(title.length + 1, 0x9e3779b1) ^ Math.imul((stored ? stored.abstractLength : abstract.length) + 7, 0x85ebca6b);
  hash = mix(hash, title.charCodeAt(0) | 0);
  hash = mix(hash, title.charCodeAt(title.length >> 1) | 0);
  hash = mix(hash, title.charCodeAt(title.length - 1) | 0);
  hash = mix(hash, (stored ? stored.abstractCharCodeAt(0) : abstract.charCodeAt(0)) | 0);
  hash = mix(hash, (stored ? stored.abstractCharCodeAt(7) : abstract.charCodeAt(7)) | 0);
  hash = mix(hash, Array.isArray(paper.authors) ? paper.authors.length : -1);
  return mix(hash, typeof paper.organization === 'string' ? paper.organization.length : -1);
}

/** Whether `positionOfId` plausibly maps each of the first `count` papers' ids to its position: its size, and 64 papers spread over them, checked. */
function mapsPositions(positionOfId: ReadonlyMap<string, number>, papers: readonly Paper[], count: number): boolean {
  if (positionOfId.size !== count) return false;
  for (let probe = 0; probe < 64 && probe < count; probe++) {
    const position = Math.floor((probe * (count - 1)) / 63);
    if (positionOfId.get(papers[position].id) !== position) return false;
  }
  return true;
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 16777619);
}

/** Strings at edit distance one (delete, transpose, substitute, insert) over a-z and 0-9. */
function oneEditVariants(word: string): string[] {
  const variants: string[] = [];
  for (let index = 0; index < word.length; index++) {
    variants.push(word.slice(0, index) + word.slice(index + 1));
    if (index + 1 < word.length) variants.push(word.slice(0, index) + word[index + 1] + word[index] + word.slice(index + 2));
    for (const letter of FUZZY_ALPHABET) if (letter !== word[index]) variants.push(word.slice(0, index) + letter + word.slice(index + 1));
  }
  for (let index = 0; index <= word.length; index++) {
    for (const letter of FUZZY_ALPHABET) variants.push(word.slice(0, index) + letter + word.slice(index));
  }
  return variants;
}

interface OpenedSnapshot {
  /** Checks of the arrays' contents, each one pass over an array, for the restorer's steps. */
  checks: Array<() => string | undefined>;
  docCount: number;
  docIds: string;
  docIdEnds: Int32Array;
  fingerprints: Int32Array;
  fieldLengths: Uint16Array[];
  dictionary: TermDictionary;
  segments: Segment[];
}

/**
 * The snapshot's arrays, checked for shape (lengths, order, ranges) so that reading them can never fail;
 * a sentence naming the first problem otherwise. Postings are checked term by term later, by `checkPostings`.
 */
function openSnapshot(json: unknown): OpenedSnapshot | string {
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== SERIAL_FORMAT) return 'not a search index snapshot';
  const snapshot = json as Partial<Record<keyof SerializedPaperIndex, unknown>>;
  if (snapshot.version !== SERIAL_VERSION) return `search index snapshot version ${String(snapshot.version)}, expected ${SERIAL_VERSION}`;
  const docCount = snapshot.docCount;
  if (typeof docCount !== 'number' || !Number.isInteger(docCount) || docCount < 0) return 'search index snapshot: paper count missing';
  const docIds = snapshot.docIds;
  const docIdEnds = decodeInt32(snapshot.docIdEnds);
  if (typeof docIds !== 'string' || !docIdEnds || docIdEnds.length !== docCount) return 'search index snapshot: paper ids truncated';
  const checks: Array<() => string | undefined> = [
    () => {
      for (let doc = 0, previous = 0; doc < docCount; previous = docIdEnds[doc++]) {
        if (docIdEnds[doc] < previous || docIdEnds[doc] > docIds.length) return 'search index snapshot: paper ids truncated';
      }
      return undefined;
    },
  ];
  const fingerprints = decodeInt32(snapshot.fingerprints);
  if (!fingerprints || fingerprints.length < docCount) return 'search index snapshot: fingerprints truncated';
  if (!Array.isArray(snapshot.fieldLengths) || snapshot.fieldLengths.length !== FIELD_COUNT) return 'search index snapshot: field lengths missing';
  const fieldLengths: Uint16Array[] = [];
  for (const encoded of snapshot.fieldLengths) {
    const lengths = decodeUint16(encoded);
    if (!lengths || lengths.length < docCount) return 'search index snapshot: field lengths truncated';
    fieldLengths.push(lengths);
  }
  const stored = snapshot.dictionary as Partial<Record<keyof SerializedPaperIndex['dictionary'], unknown>> | undefined;
  if (typeof stored !== 'object' || stored === null) return 'search index snapshot: dictionary missing';
  const chars = decodeUint16(stored.chars);
  const arrays = [stored.starts, stored.table, stored.firstCharOffsets, stored.firstCharIds, stored.twoCharOffsets, stored.twoCharIds].map(decodeInt32);
  if (!chars || arrays.some((array) => array === undefined)) return 'search index snapshot: dictionary truncated';
  const [starts, table, firstCharOffsets, firstCharIds, twoCharOffsets, twoCharIds] = arrays as Int32Array[];
  const storedDictionary = { termCount: stored.termCount as number, chars, starts, table, firstCharOffsets, firstCharIds, twoCharOffsets, twoCharIds };
  const dictionary = TermDictionary.restore(storedDictionary);
  if (typeof dictionary === 'string') return `search index snapshot: ${dictionary}`;
  for (const check of TermDictionary.checks(storedDictionary)) {
    checks.push(() => {
      const problem = check();
      return problem === undefined ? undefined : `search index snapshot: ${problem}`;
    });
  }
  // After the term table is known to be in order, so that reading a term stays inside the text.
  checks.push(() =>
    dictionary.size < ABSTRACT_STOP_WORDS.length || ABSTRACT_STOP_WORDS.some((word, id) => dictionary.term(id) !== word) ? 'search index snapshot: stop words differ' : undefined,
  );
  if (!Array.isArray(snapshot.segments)) return 'search index snapshot: postings missing';
  const segments: Segment[] = [];
  for (const segment of snapshot.segments as unknown[]) {
    const { firstDoc, endDoc, fields } = (segment ?? {}) as { firstDoc?: unknown; endDoc?: unknown; fields?: unknown };
    if (typeof firstDoc !== 'number' || typeof endDoc !== 'number' || !Number.isInteger(firstDoc) || !Number.isInteger(endDoc) || firstDoc < 0 || firstDoc > endDoc || endDoc > docCount) {
      return 'search index snapshot: a segment covers papers that do not exist';
    }
    if (!Array.isArray(fields) || fields.length !== FIELD_COUNT) return 'search index snapshot: postings missing';
    const decoded: FieldPostings[] = [];
    for (const field of fields as Array<Record<string, unknown> | null>) {
      const starts = decodeInt32(field?.starts);
      const counts = decodeInt32(field?.counts);
      const postings = decodeUint8(field?.postings);
      if (!starts || !counts || !postings) return 'search index snapshot: postings truncated';
      decoded.push({ starts, counts, postings });
    }
    const opened: Segment = { firstDoc, endDoc, fields: decoded };
    for (const field of decoded) checks.push(() => checkPostings(field, opened, dictionary.size));
    segments.push(opened);
  }
  return { checks, docCount, docIds, docIdEnds, fingerprints, fieldLengths, dictionary, segments };
}

/** Whether one field's postings are consistent: term ranges in order and inside the bytes, counts possible. */
function checkPostings(field: FieldPostings, segment: Segment, termCount: number): string | undefined {
  const { starts, counts, postings } = field;
  const terms = counts.length;
  if (terms > termCount || starts.length !== terms + 1 || starts[0] !== 0 || starts[terms] !== postings.length) return 'search index snapshot: postings truncated';
  const docs = segment.endDoc - segment.firstDoc;
  for (let termId = 0; termId < terms; termId++) {
    const count = counts[termId];
    // Every posting takes at least one byte and names a different doc.
    if (count < 0 || count > docs || count > starts[termId + 1] - starts[termId]) return `search index snapshot: postings of term ${termId} are damaged`;
  }
  return undefined;
}

function grow<T extends Uint8Array | Int16Array | Int32Array | Uint16Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}
