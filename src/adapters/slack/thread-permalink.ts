/**
 * A link to a Slack thread built from its channel and ts, the way Slack writes permalinks:
 * `https://<workspace>.slack.com/archives/<channel>/p<ts without the dot>`. The workspace URL
 * comes from auth.test, once per process.
 */
export function threadPermalink(workspaceUrl: string, channel: string, ts: string): string {
  const base = workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`;
  return `${base}archives/${channel}/p${ts.replace('.', '')}`;
}
