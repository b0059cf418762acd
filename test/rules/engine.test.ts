import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRule, noOptions } from '../../src/rules/define.js';
import type { RuleDefinition, RuleFinding } from '../../src/rules/define.js';
import { pullNeedsOf, ruleContextFor, validateSnapshot } from '../../src/rules/engine.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import { resolveRuleSettings } from '../../src/rules/settings.js';
import { byProblem, defineEntryRule } from '../../src/rules/shared/time-entries.js';
import { contextFor, member, snapshot, timeEntry } from './fixtures.js';

function found(message: string, fields: Partial<RuleFinding> = {}): RuleFinding {
  return { company: null, member: null, records: [], date: null, hours: null, amount: null, message, ...fields };
}

const early = defineRule({
  id: 'test.early',
  severity: 'warning',
  scope: 'company',
  description: 'Two findings in its own order.',
  fix: 'Correct the record.',
  options: noOptions,
  check: () => [found('early b'), found('early a')],
});

/** A rule that gives some findings a severity of its own, as agreement.overage does. */
const tiered = defineRule({
  id: 'test.tiered',
  severity: 'warning',
  scope: 'company',
  description: 'A plain finding, one the table makes an error and a notice near a threshold.',
  fix: 'Correct the record.',
  options: noOptions,
  check: () => [found('plain'), found('table error', { severity: 'error' }), found('near threshold', { severity: 'info' })],
});

/** A rule whose scope depends on the record, as data.invalid's does. */
const scoped = defineRule({
  id: 'test.scoped',
  severity: 'error',
  scope: 'company',
  description: 'One finding in the rule scope, one internal.',
  fix: 'Correct the record.',
  options: noOptions,
  check: () => [found('rule scope'), found('own scope', { scope: 'internal' })],
});

const counted = defineRule({
  id: 'test.counted',
  severity: 'info',
  scope: 'internal',
  description: 'As many findings as its option says.',
  fix: 'Correct the record.',
  options: z.object({ times: z.number().int().default(1) }).strict(),
  check: (_snapshot, { times }) => Array.from({ length: times }, (_, index) => found(`counted ${index + 1}`)),
});

const RULES = [early, tiered, scoped, counted] as RuleDefinition[];

const DEFAULTS = [
  'test.early warning company early b',
  'test.early warning company early a',
  'test.tiered warning company plain',
  'test.tiered error company table error',
  'test.tiered info company near threshold',
  'test.scoped error company rule scope',
  'test.scoped error internal own scope',
  'test.counted info internal counted 1',
];

describe('validateSnapshot', () => {
  it.each([
    { name: "runs every rule in the order given, each rule's findings in its own order", config: {}, expected: DEFAULTS },
    {
      name: 'skips a rule with enabled: false',
      config: { 'test.early': { enabled: false } },
      expected: DEFAULTS.filter((line) => !line.startsWith('test.early')),
    },
    {
      name: 'replaces the rule default severity with the configured one',
      config: { 'test.early': { severity: 'error' } },
      expected: ['test.early error company early b', 'test.early error company early a', ...DEFAULTS.slice(2)],
    },
    {
      name: 'replaces the severity a rule gives a finding by the configured one, but keeps an info notice near a threshold',
      config: { 'test.tiered': { severity: 'warning' } },
      expected: [
        ...DEFAULTS.slice(0, 2),
        'test.tiered warning company plain',
        'test.tiered warning company table error',
        'test.tiered info company near threshold',
        ...DEFAULTS.slice(5),
      ],
    },
    {
      name: 'keeps an info notice near a threshold even when config raises the rule to error',
      config: { 'test.tiered': { severity: 'error' } },
      expected: [
        ...DEFAULTS.slice(0, 2),
        'test.tiered error company plain',
        'test.tiered error company table error',
        'test.tiered info company near threshold',
        ...DEFAULTS.slice(5),
      ],
    },
    {
      name: 'hands each rule its configured options',
      config: { 'test.counted': { times: 2 } },
      expected: [...DEFAULTS, 'test.counted info internal counted 2'],
    },
  ])('$name', ({ config, expected }) => {
    const shot = snapshot();
    const { settings, issues } = resolveRuleSettings(config, RULES);
    expect(issues).toEqual([]);
    const findings = validateSnapshot(shot, RULES, settings, contextFor(shot));
    expect(findings.map(({ rule, severity, scope, message }) => `${rule} ${severity} ${scope} ${message}`)).toEqual(expected);
  });

  it('follows the order of the rules it is given', () => {
    const shot = snapshot();
    const findings = validateSnapshot(shot, [scoped, early] as RuleDefinition[], new Map(), contextFor(shot));
    expect(findings.map((finding) => finding.message)).toEqual(['rule scope', 'own scope', 'early b', 'early a']);
  });

  it('runs a rule without settings, with its default options and severity', () => {
    const shot = snapshot();
    const findings = validateSnapshot(shot, [counted, tiered] as RuleDefinition[], new Map(), contextFor(shot));
    expect(findings.map((finding) => `${finding.severity} ${finding.message}`)).toEqual([
      'info counted 1',
      'warning plain',
      'error table error',
      'info near threshold',
    ]);
  });
});

/** Judges each entry of the period on its own: entries whose id is a multiple of `every`. */
const multiples = (id: string, every: number) =>
  defineEntryRule({
    id,
    severity: 'warning',
    scope: 'company',
    description: 'Entries whose id is a multiple of a number.',
    fix: 'Correct the entry.',
    options: z.object({ every: z.number().int().default(every), off: z.boolean().default(false) }).strict(),
    perEntry: {
      entries: 'periodEntries',
      findingOf: ({ every: by, off }) => (off ? null : byProblem(({ entry }) => (entry.id % by === 0 ? `is a multiple of ${by}` : null))),
    },
  });

/** The one rule that judges the entries before the period. */
const earlier = defineEntryRule({
  id: 'test.earlier',
  severity: 'warning',
  scope: 'company',
  description: 'Every entry before the period.',
  fix: 'Correct the entry.',
  options: noOptions,
  perEntry: { entries: 'earlierEntries', findingOf: () => byProblem(() => 'is before the period') },
});

describe('validateSnapshot with rules that judge each entry', () => {
  const shot = snapshot({
    timeEntries: [1, 2, 3, 4, 5, 6].map((id) => timeEntry({ id, timeStart: `2026-10-0${id}T14:00:00Z`, timeEnd: null, actualHours: 1 })),
  });
  const withEarlier = snapshot({
    timeEntries: [timeEntry({ id: 9, timeStart: '2026-09-29T14:00:00Z', timeEnd: null, actualHours: 1 }), ...shot.timeEntries],
  });
  const rules = [multiples('test.twos', 2), early, multiples('test.threes', 3), earlier] as RuleDefinition[];
  const lines = (findings: ReturnType<typeof validateSnapshot>) => findings.map((finding) => `${finding.rule} ${finding.message}`);

  it('gives each rule the findings its own check gives, in the order of the rules, with their options', () => {
    const { settings } = resolveRuleSettings({ 'test.threes': { every: 5 } }, rules);
    const context = contextFor(withEarlier);
    const alone = rules.flatMap((rule) => lines(validateSnapshot(withEarlier, [rule], settings, context)));

    expect(lines(validateSnapshot(withEarlier, rules, settings, contextFor(withEarlier)))).toEqual(alone);
    expect(alone).toEqual([
      'test.twos Time entry #2 (jsmith, 2026-10-02, 1.00 h) for Acme Corp is a multiple of 2.',
      'test.twos Time entry #4 (jsmith, 2026-10-04, 1.00 h) for Acme Corp is a multiple of 2.',
      'test.twos Time entry #6 (jsmith, 2026-10-06, 1.00 h) for Acme Corp is a multiple of 2.',
      'test.early early b',
      'test.early early a',
      'test.threes Time entry #5 (jsmith, 2026-10-05, 1.00 h) for Acme Corp is a multiple of 5.',
      'test.earlier Time entry #9 (jsmith, 2026-09-29, 1.00 h) for Acme Corp is before the period.',
    ]);
  });

  it("reads the period's entries once for all the rules that judge them", () => {
    const context = contextFor(shot);
    const facts = context.facts;
    let reads = 0;
    const counting = new Proxy(facts, {
      get: (target, key) => {
        if (key === 'periodEntries') reads++;
        return Reflect.get(target, key);
      },
    });
    const judged = [multiples('test.twos', 2), multiples('test.threes', 3)] as RuleDefinition[];

    expect(validateSnapshot(shot, judged, new Map(), { ...context, facts: counting })).toHaveLength(5);
    expect(reads).toBe(1);
  });

  it('skips a disabled rule and one whose options leave nothing to look for', () => {
    const { settings } = resolveRuleSettings({ 'test.twos': { enabled: false }, 'test.threes': { off: true } }, rules);
    expect(lines(validateSnapshot(shot, rules, settings, contextFor(shot)))).toEqual(['test.early early b', 'test.early early a']);
  });
});

describe('ruleContextFor', () => {
  it('computes the shared facts once per run, and afresh for another run over the same snapshot', () => {
    const shot = snapshot({ members: [member(), member({ id: 8, identifier: 'adoe', licenseClass: 'A' })] });
    const calendar = { timezone: shot.period.timezone, holidays: [], excludedMembers: [] };
    const fieldTechnicians = ruleContextFor(shot, { ...calendar, licenseClasses: ['F'] });
    const everyone = ruleContextFor(shot, { ...calendar, licenseClasses: ['A', 'F'] });
    expect(fieldTechnicians.facts).toBe(fieldTechnicians.facts);
    expect(fieldTechnicians.appliedHours).toBe(fieldTechnicians.appliedHours);
    expect(fieldTechnicians.previousTotals).toBe(fieldTechnicians.previousTotals);
    expect(fieldTechnicians.facts.technicians.map((technician) => technician.identifier)).toEqual(['jsmith']);
    expect(everyone.facts.technicians.map((technician) => technician.identifier)).toEqual(['jsmith', 'adoe']);
  });
});

const looksBack = (id: string) =>
  defineRule({
    id,
    severity: 'warning',
    scope: 'company',
    description: 'Reads time entries from before the period.',
    fix: 'Correct the record.',
    options: z.object({ days: z.number().int().default(30) }).strict(),
    reads: ({ days }) => ({ lookbackDays: days }),
    check: () => [],
  });

const FAKE_RULES = [looksBack('test.back'), looksBack('test.further'), early] as RuleDefinition[];

describe('pullNeedsOf', () => {
  it.each([
    { name: 'the shipped rules by default', rules: ruleRegistry, config: {}, expected: { lookbackDays: 90, exclusions: true } },
    {
      name: 'the configured stale-time lookback',
      rules: ruleRegistry,
      config: { 'time.stale': { lookbackDays: 30 } },
      expected: { lookbackDays: 30, exclusions: true },
    },
    {
      name: 'no lookback when time.stale is disabled',
      rules: ruleRegistry,
      config: { 'time.stale': { enabled: false, lookbackDays: 30 } },
      expected: { lookbackDays: 0, exclusions: true },
    },
    {
      name: 'no exclusions when agreement.out-of-scope is disabled',
      rules: ruleRegistry,
      config: { 'agreement.out-of-scope': { enabled: false } },
      expected: { lookbackDays: 90, exclusions: false },
    },
    { name: 'the longest lookback of the rules', rules: FAKE_RULES, config: { 'test.further': { days: 120 } }, expected: { lookbackDays: 120, exclusions: false } },
    {
      name: 'the longest lookback of the enabled rules only',
      rules: FAKE_RULES,
      config: { 'test.further': { days: 120, enabled: false } },
      expected: { lookbackDays: 30, exclusions: false },
    },
    { name: 'nothing for rules that read nothing more', rules: [early] as RuleDefinition[], config: {}, expected: { lookbackDays: 0, exclusions: false } },
    { name: 'nothing without rules', rules: [], config: {}, expected: { lookbackDays: 0, exclusions: false } },
  ])('$name', ({ rules, config, expected }) => {
    const { settings, issues } = resolveRuleSettings(config, rules);
    expect(issues).toEqual([]);
    expect(pullNeedsOf(rules, settings)).toEqual(expected);
  });

  it('reads a rule without settings with its default options', () => {
    expect(pullNeedsOf(FAKE_RULES, new Map())).toEqual({ lookbackDays: 30, exclusions: false });
  });
});
