/**
 * The cookie choice rules on their own (src/cookies/decisions.ts): no DOM, no storage, no events. The
 * engine and the cookie manager both get their choices from here; engine.browser.test.ts and the
 * manager's tests check the effects.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateConfig } from '../../src/cookies/config.js';
import {
  applyChoice,
  completeChoices,
  decisionOf,
  editableChoices,
  type ChoiceAction,
  type Choices,
} from '../../src/cookies/decisions.js';

const config = validateConfig({
  categories: [
    { id: 'necessary', necessary: true, services: [{ id: 'session' }] },
    { id: 'analytics', services: [{ id: 'matomo' }, { id: 'plausible' }] },
    { id: 'marketing', gpc: true, services: [{ id: 'ads' }] },
    // `constructor` is a valid id: a lookup that reads inherited members would find a function.
    { id: 'constructor', services: [{ id: 'valueof' }] },
    { id: 'preferences' },
  ],
});

const nothingChosen: Choices = completeChoices(config, {});
const ids = {
  categories: ['necessary', 'analytics', 'marketing', 'constructor', 'preferences'],
  services: ['session', 'matomo', 'plausible', 'ads', 'valueof'],
};

/** Every configured id, and no other, with a boolean; necessary ones on. */
function assertWellFormed(choices: Choices): void {
  assert.deepEqual(Object.keys(choices.categories).sort(), [...ids.categories].sort());
  assert.deepEqual(Object.keys(choices.services).sort(), [...ids.services].sort());
  for (const value of [...Object.values(choices.categories), ...Object.values(choices.services)])
    assert.equal(typeof value, 'boolean');
  assert.equal(choices.categories.necessary, true);
  assert.equal(choices.services.session, true);
  assert.equal(Object.getPrototypeOf(choices.categories), Object.prototype);
  assert.equal(Object.getPrototypeOf(choices.services), Object.prototype);
}

describe('cookie choices: the pure decision model', () => {
  test('starts with everything optional off, the necessary on, and every configured id named', () => {
    assertWellFormed(nothingChosen);
    assert.equal(nothingChosen.categories.analytics, false);
    assert.equal(nothingChosen.categories.constructor, false);
    assert.equal(nothingChosen.services.valueof, false);
  });

  test('accept-all turns everything on; reject-all everything but the necessary off', () => {
    const all = applyChoice(config, nothingChosen, { type: 'accept-all' });
    assertWellFormed(all);
    assert.ok(Object.values(all.categories).every(Boolean));
    assert.ok(Object.values(all.services).every(Boolean));
    const none = applyChoice(config, all, { type: 'reject-all' });
    assertWellFormed(none);
    assert.deepEqual(none, nothingChosen);
    assert.equal(decisionOf(config, all), 'accepted');
    assert.equal(decisionOf(config, none), 'declined');
  });

  test('a category switch carries its services; a service switch sets its category to "any service on"', () => {
    const analytics = applyChoice(config, nothingChosen, {
      type: 'toggle-category',
      id: 'analytics',
      on: true,
    });
    assertWellFormed(analytics);
    assert.equal(analytics.categories.analytics, true);
    assert.equal(analytics.services.matomo, true);
    assert.equal(analytics.services.plausible, true);
    assert.equal(decisionOf(config, analytics), 'updated');

    const oneOff = applyChoice(config, analytics, { type: 'toggle-service', id: 'matomo', on: false });
    assert.equal(oneOff.categories.analytics, true, 'plausible is still on');
    const bothOff = applyChoice(config, oneOff, { type: 'toggle-service', id: 'plausible', on: false });
    assert.equal(bothOff.categories.analytics, false);
    const oneOn = applyChoice(config, bothOff, { type: 'toggle-service', id: 'plausible', on: true });
    assert.equal(oneOn.categories.analytics, true);
    assert.equal(oneOn.services.matomo, false);
  });

  test('never changes the choices it is given', () => {
    const before = structuredClone(nothingChosen);
    applyChoice(config, nothingChosen, { type: 'toggle-category', id: 'analytics', on: true });
    applyChoice(config, nothingChosen, { type: 'accept-all' });
    assert.deepEqual(nothingChosen, before);
  });

  test('a necessary category and its services stay on, whatever the action or the current choices say', () => {
    const forged: Choices = {
      categories: { ...nothingChosen.categories, necessary: false },
      services: { ...nothingChosen.services, session: false },
    };
    const actions: ChoiceAction[] = [
      { type: 'toggle-category', id: 'necessary', on: false },
      { type: 'toggle-service', id: 'session', on: false },
      { type: 'reject-all' },
      { type: 'save', categories: { necessary: false }, services: { session: false } },
    ];
    for (const action of actions) {
      const next = applyChoice(config, forged, action);
      assertWellFormed(next);
      assert.equal(next.categories.necessary, true, action.type);
      assert.equal(next.services.session, true, action.type);
    }
  });

  test('ids that are not configured (__proto__, constructor members, typos) change nothing and add nothing', () => {
    for (const id of ['__proto__', 'prototype', 'hasOwnProperty', 'toString', 'unknown', '']) {
      for (const action of [
        { type: 'toggle-category', id, on: true },
        { type: 'toggle-service', id, on: true },
        { type: 'grant-service', id },
      ] as ChoiceAction[]) {
        const next = applyChoice(config, nothingChosen, action);
        assertWellFormed(next);
        assert.deepEqual(next, nothingChosen, `${action.type} ${id}`);
      }
    }
    // JSON gives `__proto__` as an own key: a save must neither follow it nor set a prototype with it.
    const hostile = JSON.parse(
      '{"__proto__": {"analytics": true}, "constructor": true, "toString": true, "analytics": "yes"}',
    ) as Record<string, boolean>;
    const saved = applyChoice(config, nothingChosen, {
      type: 'save',
      categories: hostile,
      services: hostile,
    });
    assertWellFormed(saved);
    assert.equal(saved.categories.analytics, false, 'a non-boolean is no choice');
    assert.equal(saved.categories.constructor, true, 'an own `constructor` key is the constructor category');
    assert.equal(({} as Record<string, unknown>).analytics, undefined, 'Object.prototype untouched');
  });

  test('current choices with inherited or missing members read as off, never as a function', () => {
    const choices = completeChoices(config, {
      categories: Object.create({ analytics: true }) as Record<string, boolean>,
    });
    assertWellFormed(choices);
    assert.equal(choices.categories.analytics, false);
    assert.equal(choices.categories.constructor, false, 'not Object.prototype.constructor');
  });

  test('the `constructor` category switches like any other', () => {
    const on = applyChoice(config, nothingChosen, { type: 'toggle-category', id: 'constructor', on: true });
    assert.equal(on.categories.constructor, true);
    assert.equal(on.services.valueof, true);
  });

  test('save: categories not named keep their value; services follow their category unless named', () => {
    const current = applyChoice(config, nothingChosen, {
      type: 'toggle-category',
      id: 'marketing',
      on: true,
    });
    const saved = applyChoice(config, current, { type: 'save', categories: { analytics: true } });
    assert.equal(saved.categories.marketing, true, 'kept');
    assert.equal(saved.categories.analytics, true);
    assert.equal(saved.services.matomo, true, 'follows its category');
    assert.equal(saved.categories.preferences, false);

    const oneService = applyChoice(config, nothingChosen, { type: 'save', services: { matomo: true } });
    assert.equal(oneService.categories.analytics, true, 'a category with a named service on is on');
    assert.equal(oneService.services.plausible, false);
    const allServicesOff = applyChoice(config, nothingChosen, {
      type: 'save',
      categories: { analytics: true },
      services: { matomo: false, plausible: false },
    });
    assert.equal(allServicesOff.categories.analytics, false, 'every named service off refuses the category');
  });

  test('grant-service grants that service and its category, other services stay as they were', () => {
    const granted = applyChoice(config, nothingChosen, { type: 'grant-service', id: 'matomo' });
    assertWellFormed(granted);
    assert.equal(granted.services.matomo, true);
    assert.equal(granted.categories.analytics, true);
    assert.equal(granted.services.plausible, false);
    const category = applyChoice(config, nothingChosen, { type: 'grant-service', id: 'preferences' });
    assert.equal(category.categories.preferences, true);
  });

  test('the manager shows a category on when one of its services is allowed on its own', () => {
    const placeholder: Choices = {
      categories: { ...nothingChosen.categories },
      services: { ...nothingChosen.services, plausible: true },
    };
    const editable = editableChoices(config, placeholder);
    assertWellFormed(editable);
    assert.equal(editable.categories.analytics, true);
    assert.equal(editable.services.matomo, false);
  });
});
