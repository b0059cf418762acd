import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBillingConfig } from '../../src/config/load.js';
import { readCountFiles } from '../../src/counts/files.js';
import { ruleRegistry } from '../../src/rules/registry.js';
import { writeSandboxFiles } from '../../src/sandbox/files.js';

const folder = () => mkdtempSync(join(tmpdir(), 'billing-guard-files-'));
const tenant = { countsFiles: [{ name: 'licences.csv', text: '\uFEFFcompany,item,count\r\nACME,"Microsoft 365 Business Premium",12\r\n' }] };

describe('writeSandboxFiles', () => {
  it('writes the counts folder and config/demo.yaml pointing its counts.directory there', async () => {
    const directory = folder();
    const files = writeSandboxFiles(tenant, directory);
    expect(files).toEqual({ config: join(directory, 'billing.yaml'), countsDirectory: join(directory, 'counts') });
    const billing = parseBillingConfig(readFileSync(files.config, 'utf8'), files.config, ruleRegistry);
    expect(billing.counts.directory).toBe(files.countsDirectory);
    expect(billing.tenant).toBe('demo');
    const { rows, unusable } = await readCountFiles(files.countsDirectory);
    expect(rows.map(({ company, item, count }) => ({ company, item, count }))).toEqual([
      { company: 'ACME', item: 'Microsoft 365 Business Premium', count: 12 },
    ]);
    expect(unusable).toEqual([]);
  });

  it('replaces what an earlier sandbox left in the counts folder, and takes another base configuration', () => {
    const directory = folder();
    writeSandboxFiles({ countsFiles: [{ name: 'old.csv', text: 'company,item,count\r\n' }] }, directory);
    const base = join(folder(), 'base.yaml');
    writeFileSync(base, readFileSync('config/demo.yaml', 'utf8').replace('tenant: demo', 'tenant: other'));
    const files = writeSandboxFiles(tenant, directory, base);
    expect(readdirSync(files.countsDirectory)).toEqual(['licences.csv']);
    expect(parseBillingConfig(readFileSync(files.config, 'utf8'), files.config, ruleRegistry).tenant).toBe('other');
  });
});
