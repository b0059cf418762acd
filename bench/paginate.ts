import https from 'node:https';
import tls from 'node:tls';
import { ManageAPI } from 'connectwise-rest';
import type { Period } from '../src/calendar.js';
import { mappedConfigurationTypes, type CountsConfig } from '../src/counts/config.js';
import { configurationConditions } from '../src/counts/configurations.js';
import { agreementParts, periodLists } from '../src/connectwise/lists.js';
import type { FetchPage } from '../src/connectwise/read.js';
import { fieldsOf } from '../src/connectwise/records.js';

/**
 * What an integrator would write with connectwise-rest alone: each list the pull reads, with the
 * same conditions and fields, through its `paginate`, one page after another; then one additions
 * request per agreement. Like connectwise-rest itself it does not retry a 429: the first one ends it.
 */

export interface ManageConnection {
  /** 'host:port', as CW_SITE */
  site: string;
  credentials: { companyId: string; publicKey: string; privateKey: string; clientId: string };
  /** PEM of a CA to trust besides the public roots */
  ca: string;
}

export interface PaginateOptions {
  lookbackDays: number;
  counts: CountsConfig;
  pageSize: number;
}

export async function pullWithPaginate(connection: ManageConnection, period: Period, options: PaginateOptions): Promise<void> {
  // connectwise-rest takes no agent or CA: trusting one means trusting it process-wide, as NODE_EXTRA_CA_CERTS would
  https.globalAgent = new https.Agent({ keepAlive: true, secureContext: tls.createSecureContext({ ca: [...tls.rootCertificates, connection.ca] }) });
  const api = new ManageAPI({
    ...connection.credentials,
    companyUrl: connection.site,
    // its default logger prints failed requests with their headers, the private key among them
    logger: () => undefined,
  });
  const { pageSize } = options;
  const all = (fetchPage: FetchPage, params: { conditions?: string; fields: string }) =>
    api.paginate(fetchPage, { pageSize }, params);

  const lists = [periodLists.members, periodLists.timeEntries, periodLists.expenses, periodLists.tickets, periodLists.invoices];
  for (const list of lists) {
    await all(list.fetchPage(api), { conditions: list.conditions?.(period, options.lookbackDays), fields: fieldsOf(list.schema) });
  }
  const configurations = periodLists.configurations;
  for (const conditions of configurationConditions(mappedConfigurationTypes(options.counts))) {
    await all(configurations.fetchPage(api), { conditions, fields: fieldsOf(configurations.schema) });
  }
  const { agreements: agreementList } = periodLists;
  const agreements = (await all(agreementList.fetchPage(api), {
    conditions: agreementList.conditions?.(period, options.lookbackDays),
    fields: fieldsOf(agreementList.schema),
  })) as Array<{ id: number }>;
  const { additions } = agreementParts;
  for (const agreement of agreements) {
    await all(additions.fetchPage(api, agreement.id), { fields: fieldsOf(additions.schema) });
  }
}

/**
 * The HTTP status a connectwise-rest call failed with, without touching the rest of the error (it
 * carries the credentials): it rejects with a plain `{ status, data, message }` once the server
 * answered, with the axios error itself otherwise.
 */
export function failedStatus(error: unknown): number | undefined {
  const failed = error as { status?: unknown; response?: { status?: unknown } } | null;
  const status = failed?.status ?? failed?.response?.status;
  return typeof status === 'number' ? status : undefined;
}
