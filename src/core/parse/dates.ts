/** Month-name dates as the listing pages print them (`Dec 6, 2021`, `Feb 22`, `February 5, 2026`). */
import { ParseOptions } from '../types';

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['january', 1],
  ['feb', 2], ['february', 2],
  ['mar', 3], ['march', 3],
  ['apr', 4], ['april', 4],
  ['may', 5],
  ['jun', 6], ['june', 6],
  ['jul', 7], ['july', 7],
  ['aug', 8], ['august', 8],
  ['sep', 9], ['sept', 9], ['september', 9],
  ['oct', 10], ['october', 10],
  ['nov', 11], ['november', 11],
  ['dec', 12], ['december', 12],
]);

/** A date as printed; `year` is null when the page left it out. */
export interface PageDate {
  year: number | null;
  month: number;
  day: number;
}

/** A Hugging Face date line: the date, then optionally the upvote count. */
export interface DateWithUpvotes {
  date: PageDate;
  upvotes: number | null;
}

// Date lines are short; longer lines are never parsed, so a regex never runs over an abstract.
const MAX_DATE_LINE = 48;
const MONTH_DAY_YEAR = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,\s*(\d{4}))?$/;
const MONTH_DAY_YEAR_UPVOTES = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+(\d{1,7}(?:\.\d+)?[kK]?))?$/;
const MONTH_YEAR = /^([A-Za-z]{3,9})\.?\s+(\d{4})$/;

export function monthNumber(name: string): number | null {
  return MONTHS.get(name.toLowerCase()) ?? null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

function toPageDate(monthName: string, dayText: string, yearText: string | undefined): PageDate | null {
  const month = monthNumber(monthName);
  if (month === null) return null;
  const day = Number(dayText);
  const year = yearText === undefined ? null : Number(yearText);
  // A year-less Feb 29 is checked once its year is known.
  const maxDay = year === null ? daysInMonth(2000, month) : daysInMonth(year, month);
  if (day < 1 || day > maxDay) return null;
  return { year, month, day };
}

/** `Dec 6, 2021`, `Feb 22`, `February 5, 2026` (the whole line); null for anything else. */
export function parseMonthDay(line: string): PageDate | null {
  const text = line.trim();
  if (text.length > MAX_DATE_LINE) return null;
  const match = MONTH_DAY_YEAR.exec(text);
  return match ? toPageDate(match[1], match[2], match[3]) : null;
}

/** `Oct 23, 2025 3` (3 upvotes), `Feb 3 7` (Feb 3, 7 upvotes), `Feb 22` (no upvotes). */
export function parseDateWithUpvotes(line: string): DateWithUpvotes | null {
  const text = line.trim();
  if (text.length > MAX_DATE_LINE) return null;
  const match = MONTH_DAY_YEAR_UPVOTES.exec(text);
  if (!match) return null;
  const date = toPageDate(match[1], match[2], match[3]);
  if (date === null) return null;
  return { date, upvotes: match[4] === undefined ? null : parseCount(match[4]) };
}

/** `April 2026` or `Apr 2026`, as a monthly page header prints it. */
export function parseMonthYear(line: string): { year: number; month: number } | null {
  const text = line.trim();
  if (text.length > MAX_DATE_LINE) return null;
  const match = MONTH_YEAR.exec(text);
  if (!match) return null;
  const month = monthNumber(match[1]);
  return month === null ? null : { year: Number(match[2]), month };
}

/** `7` -> 7, `1.2k` -> 1200. */
export function parseCount(text: string): number {
  const thousands = /k$/i.test(text);
  const value = Number(thousands ? text.slice(0, -1) : text);
  return Math.round(thousands ? value * 1000 : value);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** ISO `YYYY-MM-DD`, or null when the day does not exist in that month and year. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function isoMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}`;
}

/** The date as ISO, taking `pageYear` when the page printed no year; null when the day is impossible. */
export function resolveDate(date: PageDate, pageYear: number): string | null {
  return isoDate(date.year ?? pageYear, date.month, date.day);
}

export function todayYear(options?: ParseOptions): number {
  return (options?.today ?? new Date()).getUTCFullYear();
}

/**
 * The year of a page's year-less dates. The site omits the year for the current year, so it is
 * the year after the latest explicit one, capped at today's year; the user's `pageYear` wins.
 */
export function inferPageYear(latestExplicitYear: number | null, options?: ParseOptions): number {
  if (options?.pageYear !== undefined) return options.pageYear;
  const currentYear = todayYear(options);
  if (latestExplicitYear === null) return currentYear;
  return Math.min(latestExplicitYear + 1, currentYear);
}
