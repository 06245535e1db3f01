/** A fixed pool of author names: given names from many languages, invented family names, some accents. */
import type { Random } from './random';

const GIVEN_NAMES = (
  'Albert Ali Alice Amir Ana Andrea Anna Ashutosh Ben Bianca Brian Carlos Caroline Chen Chiara Daniel David Dmitri ' +
  'Elena Elif Emma Erwan Eva Farhad Fatima Felix Francesca Gabriel George Grace Grégory Hannah Hao Hiroshi Ines ' +
  'Ivan Jakob James Javier Jia Jörn Jonas Julia Kai Karim Katarina Kenji Laura Lena Leon Li Lucas Luis Maria Marco ' +
  'Martin Maya Mei Michael Miguel Min Mohammed Nadia Natalia Nikolai Ning Noah Olga Omar Pablo Paul Pedro Priya ' +
  'Rafael Ravi Rosa Ruth Sara Sebastian Sergei Shira Sofia Søren Stefan Sunita Taichi Takeshi Tavis Thomas Tomás ' +
  'Uma Venkatesh Victor Vikrant Wei Will Xin Yan Yikuan Yonghyun Yuki Zainab Zoë Zhang Ángel Łukasz Émilie Çağla'
).split(' ');

const FAMILY_ONSETS = ['B', 'C', 'D', 'F', 'G', 'H', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T', 'V', 'W', 'Y', 'Z', 'Br', 'Ch', 'Kr', 'Sch', 'St', 'Tr'];
const FAMILY_NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ei', 'ou', 'ö', 'é', 'á', 'ü'];
const FAMILY_ENDINGS = ['', 'n', 'r', 'son', 'ski', 'ez', 'ova', 'er', 'mann', 'elli', 'ara', 'ton', 'berg', 'idis', 'uchi', 'oglu'];

export interface AuthorName {
  given: string;
  middleInitial: string | null;
  family: string;
}

export function fullName(name: AuthorName): string {
  return `${name.given}${name.middleInitial ? ` ${name.middleInitial}.` : ''} ${name.family}`;
}

/** `S. Chung`: how the Flatiron page often names its own researchers. */
export function initialName(name: AuthorName): string {
  return `${name.given[0]}. ${name.family}`;
}

function inventFamilyName(random: Random): string {
  let name = random.pick(FAMILY_ONSETS);
  const syllables = random.int(1, 3);
  for (let i = 0; i < syllables; i++) {
    name += random.pick(FAMILY_NUCLEI);
    if (i < syllables - 1) name += random.pick(['l', 'n', 'r', 'k', 'm', 'sh', 't', 'v', 'd']);
  }
  return name + random.pick(FAMILY_ENDINGS);
}

/** `size` distinct names; the same seed always gives the same pool in the same order. */
export function authorPool(random: Random, size: number): AuthorName[] {
  const seen = new Set<string>();
  const pool: AuthorName[] = [];
  while (pool.length < size) {
    const name: AuthorName = {
      given: random.pick(GIVEN_NAMES),
      middleInitial: random.chance(0.2) ? String.fromCharCode(65 + random.int(0, 25)) : null,
      family: inventFamilyName(random),
    };
    const key = fullName(name);
    if (seen.has(key)) continue;
    seen.add(key);
    pool.push(name);
  }
  return pool;
}
