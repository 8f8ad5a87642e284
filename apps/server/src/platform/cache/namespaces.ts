/**
 * Every cache namespace in one place, so a writer and the readers it must invalidate agree on names.
 * A namespace is invalidated as a whole (one version bump), so it groups what one write changes.
 */
export const ns = {
  /** List pages of a workspace's agents (cards show tasks and metrics too). */
  agents: (workspaceId: string) => `agents:${workspaceId}`,
  /** One agent's detail. */
  agent: (agentId: string) => `agent:${agentId}`,
  /** The workspace summary (totals, active agents). */
  summary: (workspaceId: string) => `summary:${workspaceId}`,
  /** One agent's analytics, any period and range. */
  analytics: (agentId: string) => `analytics:${agentId}`,
  /** A workspace's list of apps. */
  apps: (workspaceId: string) => `apps:${workspaceId}`,
  /** One app's records: the totals and groups over them (any record written, or a new version, empties it). */
  records: (appId: string) => `records:${appId}`,
  /** One app: its detail (spec and goals) and its versions. */
  app: (appId: string) => `app:${appId}`,
  /** The principal behind one credential (session id hash or API key hash). */
  auth: (credential: string) => `auth:${credential}`,
};
