/**
 * AWS clients per region and account for the long-running bot. APIs the config maps to another
 * account are read through that account's role (STS AssumeRole via `fromTemporaryCredentials`,
 * which caches and refreshes the session); everything else uses the bot's own credentials.
 */
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { ApiRef } from '../../core/api/api-ref.ts';
import type { AccessConfig } from '../config/access-config-schema.ts';
import { createAwsClients, type AwsClientOptions, type AwsClients } from './aws-clients.ts';

export interface ClientsForAccount {
  /** Clients for the API's region, under the credentials of the account the config maps it to. */
  clientsFor(ref: Pick<ApiRef, 'apiId' | 'region'>): AwsClients;
  /** Clients for a region under an account of the config (its role), or the bot's own account. */
  clientsIn(region: string, accountId?: string): AwsClients;
  /** Closes every client's sockets. */
  destroy(): void;
}

export interface ClientsForAccountOptions {
  config: AccessConfig;
  /** Shown in CloudTrail of the target account as the assumed-role session name. */
  sessionName?: string;
  /** Builder override for tests. */
  create?: (options: AwsClientOptions) => AwsClients;
  /** Client sets kept at once (one per region and account); the least recently used is closed. Default 32. */
  maxClientSets?: number;
}

function destroyAll(clients: AwsClients): void {
  for (const client of Object.values(clients)) if (typeof client === 'object') client.destroy();
}

export function createClientsForAccount(options: ClientsForAccountOptions): ClientsForAccount {
  const create = options.create ?? createAwsClients;
  const max = options.maxClientSets ?? 32;
  // Insertion order is recency order: a hit is moved to the end, the first entry is the oldest.
  const cache = new Map<string, AwsClients>();
  const clients: ClientsForAccount = {
    clientsFor({ apiId, region }) {
      return clients.clientsIn(region, options.config.apis?.[apiId]?.account);
    },
    clientsIn(region, accountId) {
      const account = accountId ? options.config.accounts?.[accountId] : undefined;
      const key = `${region}:${accountId ?? 'own'}`;
      let clients = cache.get(key);
      if (clients) {
        cache.delete(key);
        cache.set(key, clients);
      } else {
        const credentials = account
          ? fromTemporaryCredentials({
              params: {
                RoleArn: account.roleArn,
                RoleSessionName: options.sessionName ?? 'diagnose-502',
                ...(account.externalId ? { ExternalId: account.externalId } : {}),
              },
              clientConfig: { region },
            })
          : undefined;
        clients = create({ region, ...(credentials ? { credentials } : {}) });
        cache.set(key, clients);
        while (cache.size > max) {
          const [oldestKey, oldest] = cache.entries().next().value as [string, AwsClients];
          cache.delete(oldestKey);
          // Rare with real regions; a diagnosis still using this set may see a call fail, reported as missing evidence.
          destroyAll(oldest);
        }
      }
      return clients;
    },
    destroy() {
      for (const clients of cache.values()) destroyAll(clients);
      cache.clear();
    },
  };
  return clients;
}
