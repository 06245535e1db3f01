import * as assert from 'assert';
import {
  inferPageYear,
  isoDate,
  parseCount,
  parseDateWithUpvotes,
  parseMonthDay,
  parseMonthYear,
  resolveDate,
} from '../../src/core/parse/dates';

describe('parseMonthDay', () => {
  it('reads short and long month names with and without a year', () => {
    assert.deepStrictEqual(parseMonthDay('Dec 6, 2021'), { year: 2021, month: 12, day: 6 });
    assert.deepStrictEqual(parseMonthDay('Feb 22'), { year: null, month: 2, day: 22 });
    assert.deepStrictEqual(parseMonthDay('February 5, 2026'), { year: 2026, month: 2, day: 5 });
    assert.deepStrictEqual(parseMonthDay('Sept. 30, 2020'), { year: 2020, month: 9, day: 30 });
    assert.deepStrictEqual(parseMonthDay('  may 1,2024 '), { year: 2024, month: 5, day: 1 });
  });

  it('rejects days that do not exist', () => {
    assert.strictEqual(parseMonthDay('Dec 32, 2021'), null);
    assert.strictEqual(parseMonthDay('Apr 31'), null);
    assert.strictEqual(parseMonthDay('Feb 29, 2023'), null);
    assert.strictEqual(parseMonthDay('Jan 0'), null);
  });

  it('accepts Feb 29 in a leap year and, without a year, leaves the check for later', () => {
    assert.deepStrictEqual(parseMonthDay('Feb 29, 2024'), { year: 2024, month: 2, day: 29 });
    assert.deepStrictEqual(parseMonthDay('Feb 29'), { year: null, month: 2, day: 29 });
  });

  it('rejects text that is not a whole date line', () => {
    for (const text of ['Foo 3', 'Feb', '22 Feb', 'Feb 3 7', 'Published Feb 3, 2024', 'Feb 3, 2024.', '', 'Show Abstract', 'March 3, 2024 and more words']) {
      assert.strictEqual(parseMonthDay(text), null, text);
    }
  });

  it('does not read a long line even when it starts like a date', () => {
    assert.strictEqual(parseMonthDay(`Feb 3, 2024${' '.repeat(100)}x`), null);
  });
});

describe('parseDateWithUpvotes', () => {
  it('reads the upvote count after a date with a year', () => {
    assert.deepStrictEqual(parseDateWithUpvotes('Oct 23, 2025 3'), { date: { year: 2025, month: 10, day: 23 }, upvotes: 3 });
    assert.deepStrictEqual(parseDateWithUpvotes('Sep 12, 2019 1'), { date: { year: 2019, month: 9, day: 12 }, upvotes: 1 });
  });

  it('reads "Feb 3 7" as Feb 3 with 7 upvotes, and "Feb 22" as Feb 22 with none', () => {
    assert.deepStrictEqual(parseDateWithUpvotes('Feb 3 7'), { date: { year: null, month: 2, day: 3 }, upvotes: 7 });
    assert.deepStrictEqual(parseDateWithUpvotes('Feb 22'), { date: { year: null, month: 2, day: 22 }, upvotes: null });
    assert.deepStrictEqual(parseDateWithUpvotes('Apr 16 1'), { date: { year: null, month: 4, day: 16 }, upvotes: 1 });
  });

  it('reads abbreviated counts such as 1.2k', () => {
    assert.deepStrictEqual(parseDateWithUpvotes('Jan 5, 2024 1.2k')?.upvotes, 1200);
  });

  it('rejects anything else', () => {
    for (const text of ['Oct 23, 2025 3 4', 'Oct 23, 2025 x', 'Dec 32 1', '4 authors', '·']) {
      assert.strictEqual(parseDateWithUpvotes(text), null, text);
    }
  });
});

describe('parseMonthYear and parseCount', () => {
  it('reads a month page header', () => {
    assert.deepStrictEqual(parseMonthYear('April 2026'), { year: 2026, month: 4 });
    assert.deepStrictEqual(parseMonthYear('Apr 2026'), { year: 2026, month: 4 });
    assert.strictEqual(parseMonthYear('Apr 21'), null);
    assert.strictEqual(parseMonthYear('Week 2026'), null);
  });

  it('reads plain and thousands counts', () => {
    assert.deepStrictEqual(['0', '7', '1.2k', '3K'].map(parseCount), [0, 7, 1200, 3000]);
  });
});

describe('isoDate and resolveDate', () => {
  it('formats with zero padding', () => {
    assert.strictEqual(isoDate(2026, 2, 5), '2026-02-05');
    assert.strictEqual(isoDate(987, 12, 31), '0987-12-31');
  });

  it('returns null for impossible days', () => {
    assert.strictEqual(isoDate(2025, 2, 29), null);
    assert.strictEqual(isoDate(2025, 13, 1), null);
  });

  it('uses the page year only when the date has none', () => {
    assert.strictEqual(resolveDate({ year: 2021, month: 12, day: 6 }, 2026), '2021-12-06');
    assert.strictEqual(resolveDate({ year: null, month: 2, day: 22 }, 2026), '2026-02-22');
    assert.strictEqual(resolveDate({ year: null, month: 2, day: 29 }, 2025), null);
  });
});

describe('inferPageYear', () => {
  const today = new Date(Date.UTC(2026, 3, 21));

  it('is the year after the latest explicit year on the page', () => {
    assert.strictEqual(inferPageYear(2024, { today }), 2025);
    assert.strictEqual(inferPageYear(2025, { today }), 2026);
  });

  it('is never later than today\'s year', () => {
    assert.strictEqual(inferPageYear(2026, { today }), 2026);
    assert.strictEqual(inferPageYear(2030, { today }), 2026);
  });

  it('is today\'s year when the page shows no year at all', () => {
    assert.strictEqual(inferPageYear(null, { today }), 2026);
  });

  it('is the user\'s pageYear whenever it is set', () => {
    assert.strictEqual(inferPageYear(2025, { today, pageYear: 2019 }), 2019);
    assert.strictEqual(inferPageYear(null, { pageYear: 2040 }), 2040);
  });

  it('defaults "today" to the clock', () => {
    assert.strictEqual(inferPageYear(null), new Date().getUTCFullYear());
  });
});
