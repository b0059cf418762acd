import type { Services } from '../services.js';
import { ConnectWiseClient } from './client.js';

/** A client for the configured tenant; one per job, so its request count is the job's. */
export function connectWiseFor(services: Services): ConnectWiseClient {
  const { env, billing } = services.config;
  return new ConnectWiseClient({
    settings: {
      site: env.CW_SITE,
      codebase: env.CW_CODEBASE,
      companyId: env.CW_COMPANY_ID,
      publicKey: env.CW_PUBLIC_KEY,
      privateKey: env.CW_PRIVATE_KEY,
      clientId: env.CW_CLIENT_ID,
      ...billing.connectwise,
      ca: services.connectWiseCa,
    },
    tenant: billing.tenant,
    redis: services.redis,
    keyPrefix: env.QUEUE_PREFIX,
    logger: services.logger,
  });
}
