import type { Services } from '../services.js';
import { ConnectWiseClient, type ConnectWiseSettings } from './client.js';

export function connectWiseSettings(services: Pick<Services, 'config' | 'connectWiseCa'>): ConnectWiseSettings {
  const { env, billing } = services.config;
  return {
    site: env.CW_SITE,
    codebase: env.CW_CODEBASE,
    companyId: env.CW_COMPANY_ID,
    publicKey: env.CW_PUBLIC_KEY,
    privateKey: env.CW_PRIVATE_KEY,
    clientId: env.CW_CLIENT_ID,
    ...billing.connectwise,
    ca: services.connectWiseCa,
  };
}

/** A client for the configured tenant; one per job, so its request count is the job's. */
export function connectWiseFor(services: Services): ConnectWiseClient {
  return new ConnectWiseClient({
    settings: connectWiseSettings(services),
    tenant: services.config.billing.tenant,
    redis: services.redis,
    keyPrefix: services.config.env.QUEUE_PREFIX,
    logger: services.logger,
  });
}
