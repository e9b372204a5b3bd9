/**
 * The Sentry projects of a plan, for the summary: which organization and team own each
 * service's project, its platform, its key's rate limit and whether it is protected.
 */
import { ofType, type Plan } from "../plan/plan";
import { table } from "./table";

const PROJECT = "sentry:index/sentryProject:SentryProject";
const KEY = "sentry:index/sentryKey:SentryKey";

/** Lines of the "Sentry projects" section; none when the plan declares no Sentry project. */
export function sentryProjectLines(plan: Plan): string[] {
  const projects = ofType(plan, PROJECT);
  if (projects.length === 0) return [];
  const keys = ofType(plan, KEY);
  const rows = projects
    .map((p) => {
      const i = p.inputs;
      const key = keys.find((k) => k.parent === p.parent);
      const limit = key?.inputs.rateLimitCount !== undefined
        ? `${String(key.inputs.rateLimitCount)} events / ${String(key.inputs.rateLimitWindow)} s`
        : "(no limit)";
      const teams = Array.isArray(i.teams) ? i.teams.join(", ") : String(i.team ?? "");
      const name = `${String(i.organization)}/${String(i.slug)}`;
      return [name, String(i.platform ?? "other"), teams, limit, p.protect ? "protected" : "-"];
    })
    .sort((a, b) => a[0].localeCompare(b[0]));
  const header = ["project", "platform", "team", "key rate limit", "protect"];
  return [`Sentry projects: ${projects.length}`, ...table([header, ...rows], { indent: 2 }), ""];
}
