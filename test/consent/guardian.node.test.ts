/** Who decides for a minor (PIPL art. 31): ages counted by calendar date, bad dates never guessed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageOn, deciderFor, DEFAULT_MINOR_AGE, parseBirthDate } from '../../src/consent/guardian.js';

const today = new Date(2026, 10, 28); // 28 November 2026, local time

test('ages change on the birthday, not before', () => {
  assert.equal(ageOn('2012-11-28', today), 14);
  assert.equal(ageOn('2012-11-29', today), 13);
  assert.equal(ageOn('2012-12-01', today), 13);
  assert.equal(ageOn('2026-11-28', today), 0);
  assert.equal(ageOn('2008-02-29', new Date(2026, 1, 28)), 17, 'a 29 February birthday in a common year');
});

test('under the threshold (14 by default) a guardian decides; from it the person', () => {
  assert.equal(DEFAULT_MINOR_AGE, 14);
  assert.equal(deciderFor('2012-11-29', undefined, today), 'guardian');
  assert.equal(deciderFor('2012-11-28', undefined, today), 'self');
  assert.equal(deciderFor('2010-01-01', 18, today), 'guardian', 'a host may set a higher age');
});

test('dates that are not real, or lie ahead, are unknown, never a guess', () => {
  for (const bad of ['', '2012-02-30', '2012-13-01', '12-11-2012', '2012-1-1', 'x', '2027-01-01']) {
    assert.equal(deciderFor(bad, undefined, today), undefined, bad);
  }
  assert.equal(parseBirthDate(' 2012-02-29 ')?.day, 29);
});
