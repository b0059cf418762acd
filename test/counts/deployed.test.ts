import { describe, expect, it } from 'vitest';
import type { CountsConfig } from '../../src/counts/config.js';
import { configurationSchema } from '../../src/connectwise/records.js';
import { companiesOf, deployedCountsOf, identifiersToFind, type CountSources } from '../../src/counts/deployed.js';
import type { CountFiles, CountRow } from '../../src/counts/files.js';
import { ACME, GLOBEX, addition, agreement } from '../rules/fixtures.js';

const INITECH = { id: 21, identifier: 'INITECH', name: 'Initech' };
const WORKSTATIONS = 'ConnectWise configurations: Managed Workstation, Managed Laptop';

const products: CountsConfig['products'] = {
  'MANAGED-WS': { configurationTypes: ['Managed Workstation', 'Managed Laptop'] },
  'M365-BP': { item: 'Microsoft 365 Business Premium' },
};

let nextId = 1;
function configuration(company: typeof ACME, type: string, activeFlag?: boolean) {
  return configurationSchema.parse({ id: nextId++, company, type: { id: 4, name: type }, ...(activeFlag === undefined ? {} : { activeFlag }) });
}

function countRow(file: string, line: number, company: string, count: number, item = 'Microsoft 365 Business Premium'): CountRow {
  return { file, line, company, item, count };
}

function deployed(sources: Partial<CountSources>) {
  const files: CountFiles = sources.files ?? { rows: [], unusable: [] };
  return deployedCountsOf({ products, configurations: [], companies: [ACME, GLOBEX], agreements: [], ...sources, files });
}

describe('deployed counts from ConnectWise configurations', () => {
  it('counts each company’s active configurations of the mapped types, whatever the case of the type name', () => {
    const configurations = [
      configuration(ACME, 'Managed Workstation'),
      configuration(ACME, 'managed laptop', true),
      configuration(ACME, 'Managed Workstation', false),
      configuration(ACME, 'Firewall'),
      configuration(GLOBEX, 'Managed Laptop'),
    ];
    expect(deployed({ configurations }).deployedCounts).toEqual([
      { company: ACME, product: 'MANAGED-WS', count: 2, source: WORKSTATIONS },
      { company: GLOBEX, product: 'MANAGED-WS', count: 1, source: WORKSTATIONS },
    ]);
  });

  it('gives a company billed for the product and without such a configuration a count of 0, and no other company a count', () => {
    const agreements = [
      agreement({ id: 88, company: GLOBEX }, { additions: [addition({ product: { id: 12, identifier: 'MANAGED-WS' } })] }),
      agreement({ id: 89, company: INITECH }, { additions: [addition({ product: { id: 11, identifier: 'M365-BP' } })] }),
    ];
    const configurations = [configuration(ACME, 'Managed Workstation'), configuration(GLOBEX, 'Managed Workstation', false)];
    expect(deployed({ configurations, agreements }).deployedCounts).toEqual([
      { company: ACME, product: 'MANAGED-WS', count: 1, source: WORKSTATIONS },
      { company: GLOBEX, product: 'MANAGED-WS', count: 0, source: WORKSTATIONS },
    ]);
  });
});

describe('deployed counts from the counts files', () => {
  it('sums the rows of every file for a company and item, naming the files', () => {
    const files = {
      rows: [countRow('distributor.csv', 2, 'ACME', 30), countRow('rmm.csv', 2, 'acme', 12), countRow('rmm.csv', 3, 'GLOBEX', 5)],
      unusable: [],
    };
    expect(deployed({ files })).toEqual({
      deployedCounts: [
        { company: ACME, product: 'M365-BP', count: 42, source: 'distributor.csv, rmm.csv' },
        { company: GLOBEX, product: 'M365-BP', count: 5, source: 'rmm.csv' },
      ],
      unusableCountRows: [],
      countRows: 3,
    });
  });

  it('gives a company without a row for the item no count', () => {
    const files = { rows: [countRow('rmm.csv', 2, 'ACME', 12), countRow('rmm.csv', 3, 'GLOBEX', 5, 'Antivirus')], unusable: [] };
    expect(deployed({ files }).deployedCounts).toEqual([{ company: ACME, product: 'M365-BP', count: 12, source: 'rmm.csv' }]);
  });

  it('keeps a row naming a company ConnectWise does not know as unusable, in file and line order with the others', () => {
    const files = {
      rows: [countRow('rmm.csv', 2, 'ACM', 12), countRow('rmm.csv', 4, 'ACME', 3), countRow('rmm.csv', 5, 'NOPE', 1, 'Antivirus')],
      unusable: [{ file: 'rmm.csv', line: 3, problem: 'the company is empty' }],
    };
    expect(deployed({ files })).toEqual({
      deployedCounts: [{ company: ACME, product: 'M365-BP', count: 3, source: 'rmm.csv' }],
      unusableCountRows: [
        { file: 'rmm.csv', line: 2, problem: 'no company with identifier "ACM" in ConnectWise' },
        { file: 'rmm.csv', line: 3, problem: 'the company is empty' },
      ],
      // the Antivirus row counts no product, so its company is not looked up
      countRows: 2,
    });
  });
});

describe('the companies a counts file names', () => {
  const files = {
    rows: [
      countRow('rmm.csv', 2, 'ACME', 1),
      countRow('rmm.csv', 3, 'initech', 1),
      countRow('rmm.csv', 4, 'INITECH', 1),
      countRow('rmm.csv', 5, 'HOOLI', 1, 'Antivirus'),
      countRow('rmm.csv', 6, 'ACM', 1),
    ],
    unusable: [],
  };

  it('are looked up only when no record carries them and a product counts their item', () => {
    expect(identifiersToFind(files, products, [ACME])).toEqual(['ACM', 'initech']);
  });

  it('are found among every record’s company, once each', () => {
    expect(companiesOf([{ company: ACME }, { company: null }], [{ company: ACME }, { company: GLOBEX }, {}])).toEqual([ACME, GLOBEX]);
  });
});
