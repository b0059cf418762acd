import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { renderConfiguration } from '../../src/commands/config.js';
import { ConfigError } from '../../src/config/errors.js';
import { parseEnv } from '../../src/config/env.js';
import { parseBillingConfig } from '../../src/config/load.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import { writeTemporaryFile } from '../support/files.js';
import { VALID_ENV } from './valid-env.js';

const shipped = readFileSync('config/billing.yaml', 'utf8');
const parse = (text: string) => parseBillingConfig(text, 'billing.yaml', ruleRegistry);
const folder = mkdtempSync(join(tmpdir(), 'billing-guard-counts-'));

/** The shipped file with its counts section replaced by these YAML lines. */
const withCounts = (...lines: string[]) => shipped.replace(/^counts:[\s\S]*?(?=^connectwise:)/m, `counts:\n${lines.map((line) => `  ${line}\n`).join('')}`);

function problemsOf(text: string): string[] {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('counts in config/billing.yaml', () => {
  it('reads no counts by default, in the shipped file and without a counts section', () => {
    expect(parse(shipped).counts).toEqual({ directory: null, products: {} });
    expect(parse('tenant: default\n').counts).toEqual({ directory: null, products: {} });
  });

  it('maps products to configuration types or to an item of the counts folder', () => {
    const config = parse(
      withCounts(
        `directory: ${folder}`,
        'products:',
        '  MANAGED-WS: { configurationTypes: [Managed Workstation, Managed Laptop] }',
        '  M365-BP: { item: "Microsoft 365 Business Premium" }',
      ),
    );
    expect(config.counts).toEqual({
      directory: folder,
      products: {
        'MANAGED-WS': { configurationTypes: ['Managed Workstation', 'Managed Laptop'] },
        'M365-BP': { item: 'Microsoft 365 Business Premium' },
      },
    });
  });

  it('accepts the commented example of the shipped file', () => {
    const example = shipped
      .replace(/^( {2}directory: )null/m, `$1${folder}`)
      .replace(/^( {2}products: )\{\}/m, '$1')
      .replaceAll(/^# {3}(\S+: \{)/gm, '    $1');
    expect(parse(example).counts.products).toEqual({
      'MANAGED-WS': { configurationTypes: ['Managed Workstation', 'Managed Laptop'] },
      'M365-BP': { item: 'Microsoft 365 Business Premium' },
    });
  });

  it('takes a relative folder from the working directory', () => {
    expect(parse(withCounts('directory: config')).counts.directory).toBe(resolve(process.cwd(), 'config'));
  });

  const file = writeTemporaryFile('rmm.csv', 'company,item,count\n');
  it.each([
    ['an unknown key in a product', ['products:', '  MANAGED-WS: { configurationType: [Managed Workstation] }'], 'counts.products.MANAGED-WS.configurationType', /not a known setting/],
    ['an empty list of configuration types', ['products:', '  MANAGED-WS: { configurationTypes: [] }'], 'counts.products.MANAGED-WS.configurationTypes', /at least one/],
    ['both sources', [`directory: ${folder}`, 'products:', '  MANAGED-WS: { configurationTypes: [Managed Workstation], item: Workstations }'], 'counts.products.MANAGED-WS', /exactly one source/],
    ['no source', ['products:', '  MANAGED-WS: {}'], 'counts.products.MANAGED-WS', /exactly one source/],
    ['an item without a counts folder', ['products:', '  M365-BP: { item: "Microsoft 365 Business Premium" }'], 'counts.products.M365-BP.item', /set counts.directory/],
    ['a folder that does not exist', [`directory: ${join(folder, 'missing')}`], 'counts.directory', /does not exist/],
    ['a file given as the folder', [`directory: ${file}`], 'counts.directory', /is a file/],
    ['an unknown key', ['folder: counts'], 'counts.folder', /not a known setting/],
  ])('exits naming the field for %s', (_case, lines, field, message) => {
    const problems = problemsOf(withCounts(...lines));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`billing.yaml: ${field}`);
    expect(problems[0]).toMatch(message);
  });

  it('is shown by billing-guard config', () => {
    const env = parseEnv(VALID_ENV);
    const billing = parse(withCounts(`directory: ${folder}`, 'products:', '  M365-BP: { item: "Microsoft 365 Business Premium" }'));
    const shown = YAML.parse(renderConfiguration({ env, billing }, new Date('2026-11-15T12:00:00Z'))) as { counts: unknown };
    expect(shown.counts).toEqual({ directory: folder, products: { 'M365-BP': { item: 'Microsoft 365 Business Premium' } } });
  });
});
