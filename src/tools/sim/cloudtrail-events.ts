import type { CloudTrailEventSpec, Scenario } from './scenario-schema.ts';
import { hexFor, randomFor, uuidFor } from './seeded-random.ts';

/**
 * CloudTrail event history for one instant: each scenario event (or each repetition of a
 * recurring one) at its minute plus a seeded second, newest first as LookupEvents returns them,
 * with the full record as the JSON string CloudTrail puts in `CloudTrailEvent`.
 */

export interface SimTrailEvent {
  scenario: Scenario;
  time: number;
  eventId: string;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  username: string;
  accessKeyId: string;
  resources: Array<{ type: string; name: string }>;
  cloudTrailEvent: string;
}

const MINUTE = 60_000;

export function materializeTrailEvents(scenarios: readonly Scenario[], anchorMs: number): SimTrailEvent[] {
  const out: SimTrailEvent[] = [];
  for (const s of scenarios) {
    const visibleUntil = anchorMs - s.cloudtrailDelayMinutes * MINUTE;
    s.cloudtrail.forEach((spec, index) => {
      const minutes = spec.every === undefined ? [spec.at ?? 0] : range(spec.from ?? 0, spec.to ?? 0, spec.every);
      for (const m of minutes) {
        const minuteStart = Math.floor(anchorMs / MINUTE) * MINUTE + m * MINUTE;
        // Within the current minute, only the part that has already elapsed can hold events.
        const room = Math.min(MINUTE, anchorMs - minuteStart + 1);
        const time = minuteStart + Math.floor(randomFor(s.seed, s.id, 'trail', index, m) * room);
        if (time > visibleUntil) continue;
        out.push(buildEvent(s, spec, index, m, time));
      }
    });
  }
  return out.sort((a, b) => b.time - a.time);
}

function range(from: number, to: number, every: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m += every) out.push(m);
  return out;
}

function buildEvent(s: Scenario, spec: CloudTrailEventSpec, index: number, minute: number, time: number): SimTrailEvent {
  const eventId = uuidFor(s.seed, s.id, 'trail-id', index, minute);
  const readOnly = spec.readOnly ?? /^(Get|Describe|List|Lookup|Head|BatchGet|Search)/.test(spec.eventName);
  const who = spec.username ?? spec.role ?? 'unknown';
  const accessKeyId = `${spec.role ? 'ASIA' : 'AKIA'}${hexFor(16, s.id, 'key', who).toUpperCase()}`;
  const principalId = `AIDA${hexFor(17, s.id, 'principal', who).toUpperCase()}`;
  let username = who;
  let userIdentity: Record<string, unknown>;
  if (spec.role) {
    const [roleName = '', session = ''] = spec.role.split('/');
    username = session;
    const roleId = `AROA${hexFor(17, s.id, 'role', roleName).toUpperCase()}`;
    userIdentity = {
      type: 'AssumedRole',
      principalId: `${roleId}:${session}`,
      arn: `arn:aws:sts::${s.account}:assumed-role/${roleName}/${session}`,
      accountId: s.account,
      accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: `arn:aws:iam::${s.account}:role/${roleName}`, accountId: s.account, userName: roleName },
        attributes: { creationDate: new Date(time - 20 * MINUTE).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' },
      },
    };
  } else {
    userIdentity = { type: 'IAMUser', principalId, arn: `arn:aws:iam::${s.account}:user/${who}`, accountId: s.account, accessKeyId, userName: who };
  }
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity,
    eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: spec.eventSource,
    eventName: spec.eventName,
    awsRegion: s.region,
    sourceIPAddress: spec.sourceIPAddress ?? `198.51.100.${1 + Math.floor(randomFor(s.id, 'ip', who) * 254)}`,
    userAgent: spec.userAgent ?? 'aws-cli/2.17.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.4',
    requestParameters: spec.requestParameters,
    responseElements: spec.responseElements,
    requestID: uuidFor(s.id, 'trail-request', index, minute),
    eventID: eventId,
    readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: s.account,
    eventCategory: 'Management',
  };
  if (spec.errorCode) record.errorCode = spec.errorCode;
  if (spec.errorMessage) record.errorMessage = spec.errorMessage;
  return {
    scenario: s,
    time,
    eventId,
    eventName: spec.eventName,
    eventSource: spec.eventSource,
    readOnly,
    username,
    accessKeyId,
    resources: spec.resources,
    cloudTrailEvent: JSON.stringify(record),
  };
}
