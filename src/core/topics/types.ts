import type { Paper } from '../types';

export type TopicKind = 'auto' | 'user' | 'other' | 'pinned';

/** What topics read of a paper: a thread that only clusters needs no more than this. */
export type TopicPaper = Pick<Paper, 'id' | 'title' | 'abstract'> & {
  /** The abstract's first `length` code units (all of it when shorter), for papers that can give part of it for less than all. */
  abstractOpening?(length: number): string;
};

export interface Topic {
  /** Stable across runs: derived from the kind and the label, never from a position. */
  id: string;
  label: string;
  kind: TopicKind;
  /** Sorted by paper id. */
  paperIds: string[];
  /** The topic's most distinctive phrases, readable casing, best first. */
  topTerms: string[];
}

/** A researcher's own shelf: papers matching `query` (search syntax) go here first. */
export interface UserTopic {
  name: string;
  query: string;
}

/** One fitted automatic topic, as stored in the model. */
export interface ModelTopic {
  id: string;
  label: string;
  topTerms: string[];
  /** Indices into {@link TopicModel.vocabulary}, with the unit-length centroid's weights. */
  terms: number[];
  weights: number[];
}

/**
 * Everything needed to place new papers in the same topics later; plain JSON, so it can be
 * stored in workspace state and sent to or from a worker thread.
 */
export interface TopicModel {
  version: 1;
  /** Feature keys: stemmed words and two-word phrases (`diffusion model`). */
  vocabulary: string[];
  /** Inverse document frequency of each vocabulary term, from the corpus the model was fitted on. */
  idf: number[];
  topics: ModelTopic[];
  /** A paper less similar than this (cosine) to every topic goes to `Other`. */
  minSimilarity: number;
  /** Number of papers the model was fitted on. */
  fittedOn: number;
  /** Ids of fitted papers unlike every topic: they stay in Other until a re-cluster. */
  others: string[];
}

export interface TopicOptions {
  userTopics?: UserTopic[];
  /** Paper ids matching a search query; injected so topics stay independent of the search module. */
  match?: (query: string) => Set<string>;
  /** Paper ids per user-topic query, computed beforehand: a function cannot cross into a worker thread. */
  matches?: Record<string, string[]>;
  /** paperId -> topic name (from "Move to Topic…"); wins over everything else. */
  pins?: Record<string, string>;
  /** A model from an earlier run: papers are assigned to its topics instead of re-clustering. */
  previous?: TopicModel;
  /** Fit anew even when `previous` is given. */
  recluster?: boolean;
  /** Number of automatic topics to fit; chosen from the corpus size when absent. */
  k?: number;
  /** Seed of the deterministic random generator used by k-means++. */
  seed?: number;
}

export interface TopicAssignment {
  model: TopicModel;
  /** paperId -> topic id; every paper appears exactly once. A decoded snapshot answers it through its map of paper positions. */
  topicOf: ReadonlyMap<string, string>;
  /** User topics (in the given order), automatic topics (largest first), pinned-only topics, then `Other`. */
  topics: Topic[];
}
