/**
 * Weighs every piece of evidence for and against each cause. Pure: the same evidence and answers
 * always give the same hypotheses, so guards and tests can rely on it.
 *
 * Each item carries a weight in [0, 1]. Support combines as a noisy-OR (independent reasons each
 * close part of the remaining doubt); each item against multiplies the score by (1 - weight).
 * The point is to weigh everything at once rather than stop at the first match: latency at the
 * timeout is explained away when the VPC link's targets went unhealthy right after a security-group
 * change, and the network cause wins.
 */
import type { ApiDescriptor } from '../api/api-descriptor.ts';
import { relateChangesToOnset } from '../evidence/relate-changes-to-onset.ts';
import type { ChangeEvent, Evidence, LogsFindings } from '../evidence/types.ts';
import { LOG_SIGNALS } from './log-signals.ts';
import { CAUSES, type Cause, type EvidenceItem, type Hypothesis, type StepRecord } from './types.ts';

export interface WeighInput {
  api: ApiDescriptor;
  evidence: Evidence;
  steps: StepRecord[];
  rejected: Cause[];
}

/** Changes older than this before the onset are not counted as suspects. */
export const CHANGE_HORIZON_MINUTES = 120;

class Ledger {
  readonly for = new Map<Cause, EvidenceItem[]>(CAUSES.map((c) => [c, []]));
  readonly against = new Map<Cause, EvidenceItem[]>(CAUSES.map((c) => [c, []]));
  readonly confirm = new Map<Cause, string[]>(CAUSES.map((c) => [c, []]));

  support(cause: Cause, source: EvidenceItem['source'], weight: number, summary: string): void {
    if (weight > 0) this.for.get(cause)!.push({ source, summary, weight: round(clamp(weight)) });
  }

  oppose(cause: Cause, source: EvidenceItem['source'], weight: number, summary: string): void {
    if (weight > 0) this.against.get(cause)!.push({ source, summary, weight: round(clamp(weight)) });
  }

  toConfirm(cause: Cause, text: string): void {
    const list = this.confirm.get(cause)!;
    if (!list.includes(text)) list.push(text);
  }

  score(cause: Cause): number {
    const support = 1 - this.for.get(cause)!.reduce((doubt, item) => doubt * (1 - item.weight), 1);
    const kept = this.against.get(cause)!.reduce((left, item) => left * (1 - item.weight), 1);
    return round(support * kept);
  }
}

export function weighEvidence(input: WeighInput): Hypothesis[] {
  const ledger = new Ledger();
  const { evidence, api } = input;
  const onset = evidence.metrics?.onset;
  const changes = relateChangesToOnset(evidence.changes?.changes ?? [], onset ?? evidence.changes?.lookedAt.end);

  weighLogs(ledger, evidence.logs ?? null);
  weighPassedThrough(ledger, evidence, api);
  weighFunctionLogs(ledger, evidence);
  weighMetrics(ledger, evidence, api);
  weighConfig(ledger, evidence, changes);
  weighChanges(ledger, changes, evidence, api);
  explainAway(ledger, evidence, changes, api);
  weighAnswers(ledger, input.steps);
  addConfirmations(ledger, suspectFunction(api, evidence));

  const rejected = new Set(input.rejected);
  return CAUSES.map((cause) => ({
    cause,
    score: rejected.has(cause) ? 0 : ledger.score(cause),
    evidence: ledger.for.get(cause)!.sort(byWeight),
    against: ledger.against.get(cause)!.sort(byWeight),
    confirm: ledger.confirm.get(cause)!,
    ...(rejected.has(cause) ? { rejected: true } : {}),
  })).sort((a, b) => b.score - a.score || CAUSES.indexOf(a.cause) - CAUSES.indexOf(b.cause));
}

function weighLogs(ledger: Ledger, logs: LogsFindings | null): void {
  if (!logs) return;
  const failures = logs.classes.filter((c) => LOG_SIGNALS[c.category] !== null);
  const total = failures.reduce((n, c) => n + c.count, 0);
  for (const cls of failures) {
    const signal = LOG_SIGNALS[cls.category]!;
    const share = total > 0 ? cls.count / total : 0;
    ledger.support(
      signal.cause,
      'logs',
      signal.base + 0.35 * share,
      `${cls.count} ${plural(cls.count, 'log line')} (${percent(share)} of classified failures): ${signal.label}`,
    );
  }
  const mix = logs.statusMix;
  const fivexx = Object.values(mix).reduce((n, v) => n + v, 0);
  const gatewayTimeouts = mix['504'] ?? 0;
  if (fivexx > 0 && gatewayTimeouts / fivexx >= 0.5) {
    ledger.support('timeout', 'logs', 0.15, `${gatewayTimeouts} of ${fivexx} failed requests ended with 504, the status of an integration timeout`);
  }
}

/**
 * A request that ended in 5xx with no failure line of API Gateway's own: the gateway passed on the
 * status the backend answered. HTTP and HTTP_PROXY integrations return the backend's status, and a
 * Lambda proxy integration returns the statusCode the function chose, so on those routes (reached
 * over the internet, not through a VPC link, where a load balancer answers 5xx of its own) such 5xx
 * are the backend's own errors, unless the latency says the requests were cut off.
 */
function weighPassedThrough(ledger: Ledger, evidence: Evidence, api: ApiDescriptor): void {
  const logs = evidence.logs;
  const other = logs?.classes.find((c) => c.category === 'other-5xx')?.count ?? 0;
  if (!logs || other === 0) return;
  if ((evidence.metrics?.latencyAtTimeout?.share ?? 0) >= 0.5) return;
  const total = logs.classes.reduce((n, c) => n + c.count, 0);
  const failingRoutes = (logs.endpoints ?? []).filter((e) => (e.classes?.['other-5xx'] ?? 0) > 0).map((e) => `${e.method} ${e.resource}`);
  const served = api.integrations.filter((i) => i.type !== 'MOCK' && (failingRoutes.length === 0 || failingRoutes.includes(i.route)));
  if (served.length === 0 || !served.every((i) => i.connectionType !== 'VPC_LINK' && ['HTTP', 'HTTP_PROXY', 'AWS_PROXY'].includes(i.type))) return;
  const share = other / total;
  const what = served.every((i) => i.type === 'AWS_PROXY') ? 'the statusCode the function returned' : "the backend's own status";
  const where = failingRoutes.length > 0 ? ` on ${failingRoutes.slice(0, 3).join(', ')}` : '';
  ledger.support(
    'backend-error',
    'logs',
    0.4 + 0.35 * share,
    `${other} ${plural(other, 'request')}${where} ended in 5xx with no failure of API Gateway's own (${percent(share)} of the failures): it passed on ${what}`,
  );
}

function weighMetrics(ledger: Ledger, evidence: Evidence, api: ApiDescriptor): void {
  const metrics = evidence.metrics;
  if (!metrics) return;
  const at = metrics.latencyAtTimeout;
  const streamed = api.integrations.filter((i) => isStreamed(i));
  if (streamed.length > 0 && streamed.length === api.integrations.filter((i) => i.type !== 'MOCK').length && at && at.share >= 0.5) {
    // A streamed response may run 15 minutes: its integration latency runs until the stream ends.
    ledger.oppose(
      'timeout',
      'config',
      0.5,
      `${streamed.map((i) => i.route).join(', ')} ${streamed.length === 1 ? 'streams its response' : 'stream their responses'} (responseTransferMode STREAM, up to 15 min): a long integration latency there is not a timeout`,
    );
  } else if (at && at.minutesWithErrors > 0) {
    if (at.share >= 0.5) {
      ledger.support(
        'timeout',
        'metrics',
        0.2 + 0.3 * at.share,
        `integration latency reached the ${seconds(at.timeoutMs)} timeout in ${at.minutesAtTimeout} of ${at.minutesWithErrors} minutes with 5xx`,
      );
    } else if (
      at.share === 0 &&
      metrics.integrationLatency.max !== undefined &&
      metrics.integrationLatency.max < 0.5 * at.timeoutMs &&
      // A function that runs out of its own (shorter) time never gets near the integration's.
      !functionTimedOut(evidence)
    ) {
      ledger.oppose(
        'timeout',
        'metrics',
        0.6,
        `integration latency stayed far below the ${seconds(at.timeoutMs)} timeout (max ${Math.round(metrics.integrationLatency.max)} ms)`,
      );
    }
  }
  const apiErrors = metrics.totals.errors5xx;
  const fns = metrics.lambda;
  for (const fn of fns) {
    if (fn.throttles > 0) {
      // Throttled calls never run, so they are neither invocations nor errors: they are the failures.
      const ratio = metrics.totals.errors5xx > 0 ? Math.min(1, fn.throttles / metrics.totals.errors5xx) : 0;
      ledger.support('backend-error', 'metrics', 0.3 + 0.3 * ratio, `Lambda throttled ${fn.throttles} invocations of ${fn.functionName}`);
    }
  }
  if (fns.length === 0 || apiErrors === 0) return;
  // Judge the functions together: one healthy function behind another route says nothing about the failing one.
  const failing = fns.filter((fn) => fn.errors > 0).sort((a, b) => b.errors - a.errors);
  const lambdaErrors = failing.reduce((n, fn) => n + fn.errors, 0);
  const invocations = fns.reduce((n, fn) => n + fn.invocations, 0);
  // A function that runs out of time is reported by Lambda as an error: those errors are the
  // timeout's, counted once, not a second story about a crashing backend.
  const ownTimeouts = failing.filter((fn) => timedOutItself(fn, evidence));
  for (const fn of ownTimeouts) {
    const ratio = Math.min(1, fn.errors / apiErrors);
    ledger.support(
      'timeout',
      'metrics',
      0.3 + 0.3 * ratio,
      `${fn.functionName}'s ${fn.errors} Lambda errors are its own timeouts: ${timeoutStory(fn, evidence)}`,
    );
  }
  const crashing = failing.filter((fn) => !ownTimeouts.includes(fn));
  const crashErrors = crashing.reduce((n, fn) => n + fn.errors, 0);
  if (crashErrors > 0) {
    const ratio = Math.min(1, crashErrors / apiErrors);
    const names = crashing.map((fn) => `${fn.functionName} (${fn.errors})`).join(', ');
    ledger.support('backend-error', 'metrics', 0.15 + 0.2 * ratio, `Lambda reported ${crashErrors} errors against ${apiErrors} API 5xx: ${names}`);
  } else if (lambdaErrors > 0) {
    // Every Lambda error is a timeout: nothing left for a crash to explain.
  } else if (invocations > 0 && !fns.some((fn) => fn.throttles > 0)) {
    ledger.oppose(
      'backend-error',
      'metrics',
      0.35,
      `the Lambda functions ran ${invocations} times without a single error while the API returned ${apiErrors} 5xx`,
    );
  }
  // The function still running when the gateway gave up: Duration at or past the integration timeout.
  for (const fn of fns) {
    const integrationMs = integrationTimeoutFor(api, fn.functionName);
    const longest = fn.durationMax ?? fn.durationP99;
    if (integrationMs === undefined || longest === undefined || ownTimeouts.includes(fn)) continue;
    if (longest >= 0.95 * integrationMs && !api.integrations.some((i) => i.lambdaFunctionName === fn.functionName && isStreamed(i))) {
      ledger.support(
        'timeout',
        'metrics',
        fn.durationP99 !== undefined && fn.durationP99 >= 0.95 * integrationMs ? 0.35 : 0.25,
        `${fn.functionName} ran up to ${secondsText(longest)} (Duration max${fn.durationP99 !== undefined ? `, p99 ${secondsText(fn.durationP99)}` : ''}), at or past the ${secondsText(integrationMs)} integration timeout: it was still running when API Gateway gave up`,
      );
    }
  }
  const idle = fns.filter((fn) => fn.invocations === 0);
  if (idle.length === fns.length && metrics.totals.requests > 0) {
    ledger.support(
      'permission',
      'metrics',
      0.2,
      `${idle.map((fn) => fn.functionName).join(', ')} ${idle.length === 1 ? 'was' : 'were'} not invoked at all while the API served ${metrics.totals.requests} requests`,
    );
  }
}

/** The function's own log: what happened to the invocations that failed, each counted once. */
function weighFunctionLogs(ledger: Ledger, evidence: Evidence): void {
  for (const fn of evidence.functionLogs?.functions ?? []) {
    const errors = fn.errors.reduce((n, e) => n + e.count, 0);
    const total = fn.timeouts + fn.outOfMemory + fn.initFailures + errors;
    if (total === 0) continue;
    const name = fn.functionName;
    if (fn.timeouts > 0) {
      const after = fn.timedOutAfterSeconds !== undefined ? ` after ${fn.timedOutAfterSeconds} s` : '';
      ledger.support(
        'timeout',
        'logs',
        0.45 + 0.35 * (fn.timeouts / total),
        `${name}'s own log: ${fn.timeouts} ${plural(fn.timeouts, 'invocation')} timed out${after} ("Task timed out")`,
      );
    }
    if (fn.outOfMemory > 0) {
      const memory = fn.memorySizeMb !== undefined ? ` (Max Memory Used ${fn.maxMemoryUsedMb ?? '?'} of ${fn.memorySizeMb} MB)` : '';
      ledger.support(
        'backend-error',
        'logs',
        0.45 + 0.35 * (fn.outOfMemory / total),
        `${name}'s own log: ${fn.outOfMemory} ${plural(fn.outOfMemory, 'invocation')} ran out of memory${memory}`,
      );
    }
    if (fn.initFailures > 0) {
      ledger.support(
        'backend-error',
        'logs',
        0.45 + 0.35 * (fn.initFailures / total),
        `${name}'s own log: ${fn.initFailures} init ${plural(fn.initFailures, 'failure')} (the function could not start)`,
      );
    }
    const [top] = fn.errors;
    if (top && errors > 0) {
      ledger.support(
        'backend-error',
        'logs',
        0.4 + 0.35 * (errors / total),
        `${name}'s own log: ${errors} unhandled ${plural(errors, 'error')}, mostly ${top.errorType}: ${top.errorMessage}${top.frame ? ` (${top.frame})` : ''}`,
      );
    }
  }
}

function weighConfig(ledger: Ledger, evidence: Evidence, changes: ChangeEvent[]): void {
  // One function API Gateway may invoke says nothing about another it may not.
  const anyMissing = (evidence.config?.integrations ?? []).some((i) => i.lambda?.invokePermission === 'missing');
  for (const item of evidence.config?.integrations ?? []) {
    const lambda = item.lambda;
    const restored = lambda ? permissionRestored(lambda.functionName, changes) : undefined;
    if (lambda?.invokePermission === 'missing') {
      ledger.support('permission', 'config', 0.6, permissionSummary(lambda));
    } else if (lambda?.invokePermission === 'allowed' && restored) {
      // The policy read now is the repaired one: it says nothing about the minutes that failed.
      ledger.support(
        'permission',
        'changes',
        0.3,
        `${qualified(lambda)} lets API Gateway invoke it now, but only since ${restored.eventName} by ${restored.who} ${Math.round(-(restored.minutesBeforeOnset ?? 0))} min after the onset: the permission was put back`,
      );
    } else if (lambda?.invokePermission === 'allowed' && !anyMissing && recovered(evidence)) {
      // Read after the 5xx stopped, the policy may be the repaired one: it neither proves nor disproves.
    } else if (lambda?.invokePermission === 'allowed' && !anyMissing) {
      ledger.oppose('permission', 'config', 0.6, `${qualified(lambda)} lets API Gateway invoke it: ${lambda.invokePermissionDetail}`);
    }
    if (lambda && (lambda.lastUpdateStatus === 'Failed' || (lambda.state && lambda.state !== 'Active'))) {
      ledger.support(
        'backend-error',
        'config',
        0.3,
        `${lambda.functionName} is in state ${lambda.state ?? '?'} (last update ${lambda.lastUpdateStatus ?? '?'})`,
      );
    }
    const link = item.vpcLink;
    if (link) {
      if (link.status && link.status !== 'AVAILABLE') {
        ledger.support('network', 'config', 0.5, `VPC link ${link.id} is ${link.status}${link.statusMessage ? `: ${link.statusMessage}` : ''}`);
      }
      if (link.unhealthy > 0) {
        const all = link.healthy === 0;
        ledger.support(
          'network',
          'config',
          all ? 0.6 : 0.4,
          `${link.unhealthy} of ${link.unhealthy + link.healthy} targets behind VPC link ${link.id} are unhealthy${firstReason(link.targets)}`,
        );
      } else if (link.targetsComplete === true && link.targets.length === 0 && link.loadBalancerArns.length > 0) {
        ledger.support(
          'network',
          'config',
          0.6,
          `no target is registered behind ${link.loadBalancerArns[0]} (VPC link ${link.id}): requests through the link have nowhere to go`,
        );
      } else if (link.healthy > 0 && link.status === 'AVAILABLE') {
        ledger.oppose('network', 'config', 0.3, `VPC link ${link.id} is available and all ${link.healthy} targets are healthy`);
      }
    }
  }
}

function weighChanges(ledger: Ledger, changes: ChangeEvent[], evidence: Evidence, api: ApiDescriptor): void {
  const onPath = pathResources(evidence);
  const hasVpcLink = api.integrations.some((i) => i.connectionType === 'VPC_LINK');
  for (const change of changes) {
    if (change.errorCode) continue; // a failed call changed nothing
    const before = change.minutesBeforeOnset;
    if (before === undefined || before < -5 || before > CHANGE_HORIZON_MINUTES) continue;
    const recency = 1 - Math.max(0, before) / (CHANGE_HORIZON_MINUTES * 1.5);
    const related = change.relatedToApi || change.resources.some((r) => isOnPath(onPath, r));
    const when = before >= 0 ? `${Math.round(before)} min before the 5xx onset` : `${Math.round(-before)} min after the onset began`;
    const line = `${change.summary} (${when}${related ? ", on this API's path" : ''})`;
    switch (change.kind) {
      case 'security-group':
      case 'network-acl':
      case 'route':
      case 'load-balancer':
      case 'vpc-link': {
        const weight = related ? 0.5 : hasVpcLink && closeCut(change) && targetHealthUnread(evidence) ? 0.45 : hasVpcLink ? 0.2 : 0.05;
        ledger.support('network', 'changes', weight * recency, line);
        break;
      }
      case 'lambda-permission':
        if (related) ledger.support('permission', 'changes', (/^Remove/.test(change.eventName) ? 0.45 : 0.25) * recency, line);
        break;
      case 'lambda-code':
        if (related) {
          ledger.support('format', 'changes', 0.25 * recency, line);
          ledger.support('backend-error', 'changes', 0.25 * recency, line);
        }
        break;
      case 'lambda-config':
        if (related) {
          ledger.support('timeout', 'changes', 0.15 * recency, line);
          ledger.support('backend-error', 'changes', 0.15 * recency, line);
        }
        break;
      case 'api-integration':
      case 'api-deployment':
      case 'api-stage':
        if (related) {
          ledger.support('format', 'changes', 0.2 * recency, line);
          ledger.support('permission', 'changes', 0.1 * recency, line);
        }
        break;
    }
  }
}

/**
 * Symptoms that another cause explains. A request that cannot reach an unhealthy target hangs until
 * the integration timeout, so the timeout is the symptom and the network fault the cause.
 */
function explainAway(ledger: Ledger, evidence: Evidence, changes: ChangeEvent[], api: ApiDescriptor): void {
  const links = (evidence.config?.integrations ?? []).flatMap((i) => (i.vpcLink ? [i.vpcLink] : []));
  const unhealthy = links.some((l) => l.unhealthy > 0 || (l.status !== undefined && l.status !== 'AVAILABLE'));
  const onPath = pathResources(evidence);
  const networkChange = changes.find(
    (c) =>
      !c.errorCode &&
      ['security-group', 'network-acl', 'route', 'load-balancer', 'vpc-link'].includes(c.kind) &&
      (c.relatedToApi || c.resources.some((r) => isOnPath(onPath, r))) &&
      c.minutesBeforeOnset !== undefined &&
      c.minutesBeforeOnset >= -5 &&
      c.minutesBeforeOnset <= CHANGE_HORIZON_MINUTES,
  );
  // With the targets' health unread, a cut in the network a few minutes before the onset may well
  // be on the path even though nothing read ties it to the load balancer.
  const nearbyCut = targetHealthUnread(evidence) ? changes.find((c) => !c.errorCode && closeCut(c)) : undefined;
  // With neither the targets' health nor the account's changes readable, a hang through a VPC link
  // cannot be told from an unreachable target: the timeout is only a symptom.
  if (
    ledger.for.get('timeout')!.length > 0 &&
    targetHealthUnread(evidence) &&
    !evidence.changes &&
    api.integrations.some((i) => i.connectionType === 'VPC_LINK')
  ) {
    ledger.oppose(
      'timeout',
      'config',
      0.6,
      "neither the VPC link targets' health nor the account's changes could be read: requests to an unreachable target hang until the timeout the same way",
    );
  }
  const timeoutSymptoms = ledger.for.get('timeout')!.length > 0;
  if (timeoutSymptoms && api.integrations.some((i) => i.connectionType === 'VPC_LINK') && (unhealthy || networkChange || nearbyCut)) {
    const cut = networkChange ?? nearbyCut;
    const why = [unhealthy ? 'the VPC link targets are unhealthy' : '', cut ? `${cut.eventName} shortly before the onset` : ''].filter(Boolean).join(' and ');
    const weight = unhealthy && networkChange ? 0.65 : !networkChange && nearbyCut && !unhealthy ? 0.5 : 0.4;
    ledger.oppose('timeout', 'config', weight, `the timeouts are explained by the network path: ${why}`);
    const hang = (evidence.metrics?.latencyAtTimeout?.share ?? 0) >= 0.5;
    const alb = links.some((l) => l.loadBalancerArns.some((arn) => arn.includes(':loadbalancer/app/')));
    ledger.support(
      'network',
      'metrics',
      0.25,
      hang
        ? 'requests hang until the integration timeout, as they do when the backend cannot be reached'
        : alb
          ? 'the 504s come from the load balancer, not the gateway: an ALB with no target accepting connections answers 504 itself after its own connect timeout, well before the integration timeout'
          : 'the failures come well before the integration timeout: the load balancer or its targets refuse the requests',
    );
  }
  const permissionLines = evidence.logs?.classes.find((c) => c.category === 'permission');
  if (permissionLines && permissionLines.count > 0) {
    ledger.oppose('backend-error', 'logs', 0.3, 'with a permission failure API Gateway never reaches the function, so its own errors cannot explain the 5xx');
  }
  const malformed = evidence.logs?.classes.find((c) => c.category === 'malformed-proxy-response');
  if (malformed && malformed.count > 0 && !evidence.logs?.classes.some((c) => c.category === 'function-error')) {
    ledger.oppose('backend-error', 'logs', 0.3, 'the function completed: API Gateway rejected the shape of its answer, not an error');
  }
}

function weighAnswers(ledger: Ledger, steps: StepRecord[]): void {
  for (const step of latestAnswers(steps)) {
    const who = `${step.by} (checklist)`;
    switch (step.answer) {
      case 'works-directly':
        ledger.oppose('backend-error', 'checklist', 0.5, `${who}: the backend answers correctly when called directly`);
        ledger.support('network', 'checklist', 0.15, `${who}: the backend works directly, so the fault lies between API Gateway and the backend`);
        break;
      case 'fails-directly':
        ledger.support('backend-error', 'checklist', 0.4, `${who}: the backend fails when called directly too`);
        ledger.oppose('network', 'checklist', 0.3, `${who}: the backend fails even without API Gateway in the path`);
        ledger.oppose('permission', 'checklist', 0.4, `${who}: the backend fails even without API Gateway invoking it`);
        break;
      case 'fails-in-backend':
        ledger.support('backend-error', 'checklist', 0.25, `${who}: the trace shows the failure inside the backend`);
        ledger.support('timeout', 'checklist', 0.15, `${who}: the trace shows the time spent inside the backend`);
        break;
      case 'fails-before-backend':
        ledger.support('network', 'checklist', 0.3, `${who}: the trace stops before the backend`);
        ledger.support('permission', 'checklist', 0.3, `${who}: the trace stops before the backend`);
        ledger.oppose('backend-error', 'checklist', 0.3, `${who}: the trace never reaches the backend`);
        break;
      case 'templates-broken':
        ledger.support('format', 'checklist', 0.5, `${who}: the mapping templates or method responses are broken`);
        break;
      case 'templates-ok':
        ledger.oppose('format', 'checklist', 0.25, `${who}: the mapping templates and method responses look right`);
        break;
      default:
        break;
    }
  }
}

/** The function most likely at fault: the one with the most Lambda errors, else the first one. */
function suspectFunction(api: ApiDescriptor, evidence: Evidence): string | undefined {
  const worst = [...(evidence.metrics?.lambda ?? [])].sort((a, b) => b.errors + b.throttles - (a.errors + a.throttles))[0];
  if (worst && worst.errors + worst.throttles > 0) return worst.functionName;
  const denied = evidence.config?.integrations.find((i) => i.lambda?.invokePermission === 'missing')?.lambda?.functionName;
  return denied ?? api.integrations.find((i) => i.lambdaFunctionName)?.lambdaFunctionName;
}

function addConfirmations(ledger: Ledger, fn: string | undefined): void {
  ledger.toConfirm('timeout', 'IntegrationLatency Maximum sits at the integration timeout in the minutes with 5xx');
  ledger.toConfirm(
    'timeout',
    fn
      ? `the function's own logs (/aws/lambda/${fn}) show long durations or "Task timed out"`
      : 'the backend takes longer than the integration timeout when called directly',
  );
  ledger.toConfirm('network', "the VPC link is AVAILABLE and the load balancer's targets are healthy");
  ledger.toConfirm('network', 'a security-group, NACL or target change just before the onset, on the load balancer or its targets');
  ledger.toConfirm(
    'permission',
    fn
      ? `aws lambda get-policy --function-name ${fn} shows a statement for apigateway.amazonaws.com with this API's source ARN`
      : "the function's resource policy allows apigateway.amazonaws.com for this API",
  );
  ledger.toConfirm('permission', 'execution logs show "Invalid permissions on Lambda function"');
  ledger.toConfirm('format', 'execution logs show "Malformed Lambda proxy response" or a mapping-template error');
  ledger.toConfirm('format', 'the function returns {statusCode: number, headers: object, body: string}');
  ledger.toConfirm(
    'backend-error',
    fn ? `the function's logs (/aws/lambda/${fn}) show the exception at the same minutes` : "the backend's own logs show errors at the same minutes",
  );
  ledger.toConfirm('backend-error', 'the backend fails when called directly, without API Gateway');
}

/** Resource identifiers known to sit on this API's path: VPC links, load balancers, their security groups. */
export function pathResources(evidence: Evidence): Set<string> {
  const ids = new Set<string>();
  for (const item of evidence.config?.integrations ?? []) {
    if (item.vpcLink) {
      ids.add(item.vpcLink.id);
      for (const arn of item.vpcLink.loadBalancerArns) ids.add(arn).add(elbName(arn) ?? arn);
      for (const sg of item.vpcLink.securityGroups) ids.add(sg);
      for (const t of item.vpcLink.targets) ids.add(t.id);
      for (const arn of item.vpcLink.targetGroupArns ?? []) ids.add(arn).add(elbName(arn) ?? arn);
    }
    if (item.lambda) ids.add(item.lambda.functionName);
  }
  return ids;
}

/** The 5xx began and then stopped before the run: what is read now is the state after the incident. */
function recovered(evidence: Evidence): boolean {
  const points = evidence.metrics?.perMinute ?? [];
  const last = points.slice(-3);
  return evidence.metrics?.onset !== undefined && last.length === 3 && last.every((p) => p.errors5xx === 0) && last.some((p) => p.requests > 0);
}

/** An AddPermission on the function made after the onset: the policy read now is not the one that failed. */
function permissionRestored(functionName: string, changes: ChangeEvent[]): ChangeEvent | undefined {
  return changes.find(
    (c) =>
      !c.errorCode &&
      c.kind === 'lambda-permission' &&
      /^AddPermission/.test(c.eventName) &&
      c.minutesBeforeOnset !== undefined &&
      c.minutesBeforeOnset < 0 &&
      c.resources.some((r) => r === functionName || r.endsWith(`:function:${functionName}`) || r.includes(`:function:${functionName}:`)),
  );
}

/** Minutes before the onset within which a network change is close enough to be the trigger. */
const CLOSE_CUT_MINUTES = 15;

/**
 * A network change that can take reachability away (a NACL entry, a revoked or replaced rule, a
 * deleted route), made within CLOSE_CUT_MINUTES before the onset. Authorize* only adds access.
 */
function closeCut(change: ChangeEvent): boolean {
  const before = change.minutesBeforeOnset;
  return (
    ['security-group', 'network-acl', 'route'].includes(change.kind) &&
    !/^Authorize/.test(change.eventName) &&
    before !== undefined &&
    before >= -2 &&
    before <= CLOSE_CUT_MINUTES
  );
}

/** A VPC link whose targets' health could not be read: what sits on the path is unknown. */
function targetHealthUnread(evidence: Evidence): boolean {
  const links = (evidence.config?.integrations ?? []).flatMap((i) => (i.vpcLink ? [i.vpcLink] : []));
  return links.some((l) => l.targets.length === 0 && l.targetsComplete !== true);
}

/** Whether a changed resource sits on the path; a load balancer or target group also matches by name. */
export function isOnPath(onPath: Set<string>, resource: string): boolean {
  const name = elbName(resource);
  return onPath.has(resource) || (name !== undefined && onPath.has(name));
}

/**
 * "targetgroup/orders-tg" for a target group ARN, "loadbalancer/app/orders-alb" for a load
 * balancer's: names are unique per account and region, so a change recorded with another form of
 * the ARN still names the same resource.
 */
function elbName(arn: string): string | undefined {
  return /:elasticloadbalancing:[^:]*:[^:]*:(targetgroup\/[^/]+|loadbalancer\/(?:app|net|gwy)\/[^/]+)\//.exec(arn)?.[1];
}

/** The latest answer per step counts; earlier ones were corrected. */
function latestAnswers(steps: StepRecord[]): StepRecord[] {
  const byStep = new Map<string, StepRecord>();
  for (const step of steps) byStep.set(step.step, step);
  return [...byStep.values()];
}

function firstReason(targets: { state: string; reason?: string }[]): string {
  const reason = targets.find((t) => t.state !== 'healthy' && t.reason)?.reason;
  return reason ? ` (${reason})` : '';
}

const byWeight = (a: EvidenceItem, b: EvidenceItem) => b.weight - a.weight;
const clamp = (n: number) => Math.min(1, Math.max(0, n));
const round = (n: number) => Math.round(n * 100) / 100;
const percent = (share: number) => `${Math.round(share * 100)} %`;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);

/**
 * Permissions are per function, version and alias: an integration that invokes `fn:live` needs a
 * statement on that alias, whatever the unqualified function's policy says.
 */
function permissionSummary(lambda: { functionName: string; qualifier?: string; invokePermissionDetail: string }): string {
  if (lambda.qualifier && /has no resource policy/.test(lambda.invokePermissionDetail)) {
    return (
      `${qualified(lambda)}: the ${/^\d+$/.test(lambda.qualifier) ? 'version' : 'alias'} "${lambda.qualifier}" that the integration invokes has no resource policy of its own, ` +
      `so API Gateway may not invoke it (a statement on the unqualified ${lambda.functionName} does not cover ${qualified(lambda)})`
    );
  }
  return `resource policy of ${qualified(lambda)}: ${lambda.invokePermissionDetail}`;
}

const qualified = (lambda: { functionName: string; qualifier?: string }) =>
  lambda.qualifier ? `${lambda.functionName}:${lambda.qualifier}` : lambda.functionName;

function isStreamed(integration: { responseTransferMode?: string; uri?: string; lambdaArn?: string }): boolean {
  return integration.responseTransferMode === 'STREAM' || /response-streaming-invocations/.test(integration.uri ?? '');
}

function integrationTimeoutFor(api: ApiDescriptor, functionName: string): number | undefined {
  const timeouts = api.integrations.filter((i) => i.lambdaFunctionName === functionName).map((i) => i.timeoutMs);
  return timeouts.length > 0 ? Math.min(...timeouts) : undefined;
}

/** The function hit its own timeout: its log says so, or its longest run equals its configured timeout. */
function timedOutItself(fn: { functionName: string; errors: number; durationMax?: number }, evidence: Evidence): boolean {
  const logged = evidence.functionLogs?.functions.find((f) => f.functionName === fn.functionName);
  if (logged && logged.timeouts > 0) {
    const other = logged.errors.reduce((n, e) => n + e.count, 0) + logged.outOfMemory + logged.initFailures;
    return logged.timeouts >= other;
  }
  const execTimeouts = evidence.logs?.classes.find((c) => c.category === 'function-timeout')?.count ?? 0;
  const execErrors = evidence.logs?.classes.find((c) => c.category === 'function-error')?.count ?? 0;
  if (execTimeouts > 0 && execTimeouts >= execErrors) return true;
  const configured = configuredTimeoutMs(fn.functionName, evidence);
  return configured !== undefined && fn.durationMax !== undefined && fn.durationMax >= 0.97 * configured && !logged;
}

function timeoutStory(fn: { functionName: string; durationMax?: number }, evidence: Evidence): string {
  const configured = configuredTimeoutMs(fn.functionName, evidence);
  const duration = fn.durationMax !== undefined ? `Duration max ${secondsText(fn.durationMax)}` : 'its log says "Task timed out"';
  return configured !== undefined ? `${duration} against its configured timeout of ${secondsText(configured)}` : duration;
}

function configuredTimeoutMs(functionName: string, evidence: Evidence): number | undefined {
  const seconds = evidence.config?.integrations.find((i) => i.lambda?.functionName === functionName)?.lambda?.timeoutSeconds;
  return seconds === undefined ? undefined : seconds * 1000;
}

const secondsText = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function functionTimedOut(evidence: Evidence): boolean {
  if ((evidence.logs?.classes.find((c) => c.category === 'function-timeout')?.count ?? 0) > 0) return true;
  if ((evidence.functionLogs?.functions ?? []).some((f) => f.timeouts > 0)) return true;
  return (evidence.metrics?.lambda ?? []).some((fn) => fn.errors > 0 && timedOutItself(fn, evidence));
}
