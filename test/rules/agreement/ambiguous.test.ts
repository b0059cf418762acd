import { describe, expect, it } from 'vitest';
import { agreementAmbiguous } from '../../../src/rules/agreement/ambiguous.js';
import { ACME, GLOBEX, agreement, runRule, snapshot } from '../fixtures.js';

const BLOCK = { id: 4, name: 'Block Time' };

function check(agreements: ReturnType<typeof agreement>[]) {
  return runRule(agreementAmbiguous, snapshot({ agreements }));
}

describe('agreement.ambiguous', () => {
  it('fires once per company and type, naming the agreements by ascending id', () => {
    const findings = check([agreement({ id: 90, name: 'MSA 2026' }), agreement({ id: 88, name: 'MSA 2025' })]);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.records).toEqual([
      { type: 'agreement', id: 88 },
      { type: 'agreement', id: 90 },
    ]);
    expect(finding?.company).toEqual(ACME);
    expect(finding?.hours).toBeNull();
    expect(finding?.amount).toBeNull();
    expect(finding?.message).toBe(
      'Acme Corp has 2 Active agreements of type "Managed Services" (agreement #88 "MSA 2025" and agreement #90 "MSA 2026"): time and additions can land on the wrong one.',
    );
  });

  it('puts three agreements of one type in one finding', () => {
    const findings = check([agreement({ id: 88 }), agreement({ id: 89 }), agreement({ id: 90 })]);
    expect(findings.map((finding) => finding.records.map((record) => record.id))).toEqual([[88, 89, 90]]);
  });

  it('reports each company separately', () => {
    const findings = check([
      agreement({ id: 91, company: GLOBEX }),
      agreement({ id: 92, company: GLOBEX }),
      agreement({ id: 88 }),
      agreement({ id: 89 }),
    ]);
    expect(findings.map((finding) => [finding.company?.id, finding.records.map((record) => record.id)])).toEqual([
      [ACME.id, [88, 89]],
      [GLOBEX.id, [91, 92]],
    ]);
  });

  it.each([
    ['a single agreement', [agreement()]],
    ['a second agreement that is cancelled', [agreement(), agreement({ id: 89, cancelledFlag: true })]],
    ['a second agreement that is not Active', [agreement(), agreement({ id: 89, agreementStatus: 'Inactive' })]],
    ['agreements of different types', [agreement(), agreement({ id: 89, type: BLOCK })]],
    ['agreements of one type at different companies', [agreement(), agreement({ id: 89, company: GLOBEX })]],
    ['agreements without a type', [agreement({ type: null }), agreement({ id: 89, type: null })]],
  ])('stays quiet for %s', (_name, agreements) => {
    expect(check(agreements)).toEqual([]);
  });
});
