/**
 * The diagnosis machine wired to AWS: clients per region (and per account, where the access
 * config maps an API to another account's role) and the collectors as the machine's actors.
 * Shared by the bot, the Lambda worker and the CLI; the Lambda ingress never loads it, so the
 * collectors stay out of its bundle.
 */
import { createClientsForAccount, type ClientsForAccount } from '../../adapters/aws/clients-for-account.ts';
import { provideAwsActors } from '../../adapters/aws/provide-aws-actors.ts';
import type { AccessConfig } from '../../adapters/config/access-config-schema.ts';
import type { DiagnosisLogic } from './diagnosis-runner.ts';

export interface AwsLogic {
  logic: DiagnosisLogic;
  clients: ClientsForAccount;
  /** Closes every AWS client's sockets. */
  destroy(): void;
}

export function createAwsLogic(options: { config: AccessConfig; now?: () => Date }): AwsLogic {
  const clients = createClientsForAccount({ config: options.config });
  const logic = provideAwsActors({ clientsFor: clients.clientsFor, ...(options.now ? { now: options.now } : {}) });
  return { logic, clients, destroy: () => clients.destroy() };
}
