/**
 * IAM-style pattern matching for policy evaluation: `*` matches any run of characters (including
 * none and including `/`), `?` matches exactly one character, everything else matches itself.
 * Iterative with single-star backtracking, so a hostile pattern cannot make it blow up.
 */
export function matchesWildcard(pattern: string, value: string, options: { ignoreCase?: boolean } = {}): boolean {
  const p = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const v = options.ignoreCase ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pc === '*') {
      starAt = pi++;
      resumeAt = vi;
    } else if (pc !== undefined && (pc === '?' || pc === v[vi])) {
      pi++;
      vi++;
    } else if (starAt >= 0) {
      // Let the last star swallow one more character and retry from there.
      pi = starAt + 1;
      vi = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * ArnLike / ArnEquals semantics: both sides are split into their six colon-separated parts and
 * each part is matched on its own, so a wildcard never spans a colon (the last part, the
 * resource, keeps any further colons). A pattern without any colon (typically a lone `*`) is
 * matched against the whole ARN.
 */
export function matchesArnPattern(pattern: string, arn: string): boolean {
  if (!pattern.includes(':')) return matchesWildcard(pattern, arn);
  const patternParts = splitArn(pattern);
  const arnParts = splitArn(arn);
  if (!patternParts || !arnParts) return false;
  return patternParts.every((part, i) => matchesWildcard(part, arnParts[i] ?? ''));
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}
