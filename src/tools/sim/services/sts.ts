import type { QueryOperation, SimService } from '../sim-protocol.ts';

/** STS (AWS Query): GetCallerIdentity, which IAM never denies, tells the caller its account. */
const getCallerIdentity: QueryOperation = (_params, ctx) => {
  const session = ctx.req.accessKeyId || 'sim';
  return {
    UserId: `AROA3SIMULATEDROLE0:${session}`,
    Account: ctx.account,
    Arn: `arn:aws:sts::${ctx.account}:assumed-role/diagnose-502/${session}`,
  };
};

export const stsService: SimService = {
  name: 'sts',
  protocol: 'query',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: { GetCallerIdentity: getCallerIdentity },
};
