import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { parseCountFile } from '../../src/counts/files.js';
import type { CwRecord } from '../../src/sandbox/data.js';
import { generateTenant, sandboxCountedProducts } from '../../src/sandbox/generate.js';

const tenant = generateTenant({ period: '2026-10', timezone: 'America/New_York', holidays: ['2026-10-12'] });
const plantedOf = (rule: string) => tenant.planted.filter((planted) => planted.rule === rule);

/** What the generated MSP has deployed, and the values at the edge of possible beside its planted mistakes. */
describe('generateTenant: deployed counts and near misses', () => {
  it('gives clients devices of mapped and unmapped types, some retired, and a licence export as distributors write it', () => {
    const { configurations, additions, agreements } = tenant.data;
    const managedTypes = new Set(sandboxCountedProducts['MANAGED-WS']!.configurationTypes);
    const billedPerDevice = new Set(
      additions
        .filter((addition) => (addition.product as { identifier: string }).identifier === 'MANAGED-WS')
        .map((addition) => (agreements.find((agreement) => agreement.id === addition.agreementId)!.company as { id: number }).id),
    );
    const typeOf = (record: CwRecord) => (record.type as { name: string }).name;
    const companyOf = (record: CwRecord) => (record.company as { id: number }).id;
    const retired = configurations.filter((record) => managedTypes.has(typeOf(record)) && record.activeFlag === false);
    expect(retired.some((record) => billedPerDevice.has(companyOf(record)))).toBe(true);
    expect(new Set(configurations.map(typeOf))).toEqual(
      new Set(['Managed Workstation', 'Managed Laptop', 'Managed Server', 'Network Switch', 'Printer', 'Workstation']),
    );
    expect(configurations.filter((record) => record.activeFlag === false).every((record) => (record.status as { name: string }).name === 'Inactive')).toBe(true);

    expect(tenant.countsFiles.map((file) => file.name)).toEqual(['licences.csv']);
    const [text] = tenant.countsFiles.map((file) => file.text);
    expect(text!.startsWith('\uFEFFcustomer,company,subscription,item,count,term\r\n')).toBe(true);
    expect(text).toMatch(/\r\n"[^"\r\n]+, Inc\.",/);
    const { rows } = parseCountFile('licences.csv', text!);
    const premium = rows.filter((row) => row.item === sandboxCountedProducts['M365-BP']!.item);
    expect(premium.length).toBeGreaterThan(5);
  });

  it('sets values at the edge of possible beside the impossible ones, and placeholders beside words that contain them', () => {
    const { timeEntries, expenses, additions } = tenant.data;
    expect(timeEntries.filter((entry) => entry.actualHours === 24 && entry.billableOption === 'Billable')).toHaveLength(1);
    expect(timeEntries.filter((entry) => String(entry.notes).includes('Mastodon'))).toHaveLength(1);
    expect(expenses.filter((expense) => (expense.invoiceAmount ?? expense.amount) === 500)).toHaveLength(1);
    expect(additions.filter((addition) => addition.quantity === 999_999_999 && addition.billCustomer === 'NoCharge')).toHaveLength(1);
    const atCost = additions.filter((addition) => addition.billCustomer === 'Billable' && addition.unitCost === addition.unitPrice);
    expect(atCost).toHaveLength(1);
    const belowCost = plantedOf('addition.below-cost').flatMap((planted) => planted.records.filter((ref) => ref.type === 'addition'));
    for (const ref of belowCost) {
      const addition = additions.find((record) => record.id === ref.id)!;
      expect(addition.unitCost).toBeGreaterThan(addition.unitPrice as number);
    }
  });

  it('counts what config/demo.yaml maps', () => {
    const demo = YAML.parse(readFileSync('config/demo.yaml', 'utf8')) as { counts: { products: unknown } };
    expect(demo.counts.products).toEqual(sandboxCountedProducts);
  });

  it('plants each drift of deployed counts: more deployed than billed, fewer, and deployed with no addition', () => {
    const drifts = plantedOf('addition.count-drift');
    const kinds = drifts.map((planted) => planted.records.map((ref) => ref.type).join(' '));
    expect(kinds.sort()).toEqual(['addition agreement', 'addition agreement', 'company']);
    expect(plantedOf('data.invalid').filter((planted) => planted.countsRow)).toHaveLength(1);
  });
});
