/**
 * One API stage that returned 5xx in the scan window, and how the scan ranks them. Pure: the
 * adapters fetch the per-minute series, this turns them into counts, a rate, a severity tier and
 * an onset, the same way a diagnosis does (severityFor, findOnset).
 */
import { errorRate } from '../evidence/error-rate.ts';
import { findOnset } from '../evidence/find-onset.ts';
import { severityFor } from '../evidence/severity.ts';
import type { MinutePoint, Severity } from '../evidence/types.ts';

export interface FailingApi {
  id: string;
  type: 'rest' | 'http';
  name: string;
  stage: string;
  region: string;
  /** 12-digit account id when the API lives in another account of the config. */
  account?: string;
  requests: number;
  errors5xx: number;
  /** errors5xx / requests, 0..1. */
  rate: number;
  severity: Severity;
  /** First minute of a sustained rise (ISO-8601), or absent when the 5xx are scattered. */
  onset?: string;
  /** REST metrics are keyed by name: other REST APIs sharing it are merged into this series. */
  sharesNameWith?: string[];
}

export type FailingApiIdentity = Pick<FailingApi, 'id' | 'type' | 'name' | 'stage' | 'region'> & Partial<Pick<FailingApi, 'account' | 'sharesNameWith'>>;

/** Builds the entry from per-minute points (time order); undefined when there was no 5xx at all. */
export function toFailingApi(identity: FailingApiIdentity, points: readonly MinutePoint[]): FailingApi | undefined {
  const errors5xx = points.reduce((sum, p) => sum + p.errors5xx, 0);
  if (errors5xx <= 0) return undefined;
  const requests = points.reduce((sum, p) => sum + p.requests, 0);
  // No baseline in a 15-minute scan: the onset is the first sustained rise above the floor.
  const onset = findOnset(points, 0);
  return {
    ...identity,
    requests: Math.max(requests, errors5xx),
    errors5xx,
    rate: errorRate(errors5xx, requests),
    severity: severityFor(errors5xx, requests),
    ...(onset ? { onset } : {}),
  };
}

/** Most 5xx first; ties by rate, then by name so the order is stable. */
export function rankFailingApis(apis: readonly FailingApi[]): FailingApi[] {
  return [...apis].sort((a, b) => b.errors5xx - a.errors5xx || b.rate - a.rate || a.name.localeCompare(b.name) || a.stage.localeCompare(b.stage));
}
