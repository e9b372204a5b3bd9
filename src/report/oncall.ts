/**
 * On-call, read back from the plan: the environment's routing table (IncidentPolicy), and
 * per team its people, schedules, escalation levels and PagerDuty services, as declared.
 * Checks and docs read this view, never the config.
 */
import type { Json, Plan, PlanResource } from "../plan/plan";
import type { Restriction } from "../model/oncall";
import { DAYS } from "../model/vocabulary";

/** Type tokens of the components and resources this view reads. */
export const INCIDENT_POLICY = "servio:monitoring:IncidentPolicy";
export const ONCALL = "servio:monitoring:OnCall";
export const TEAM_ONCALL = "servio:monitoring:TeamOnCall";
export const SCHEDULE = "pagerduty:index/schedule:Schedule";
export const ESCALATION_POLICY = "pagerduty:index/escalationPolicy:EscalationPolicy";
export const PD_SERVICE = "pagerduty:index/service:Service";
export const PD_INTEGRATION = "pagerduty:index/serviceIntegration:ServiceIntegration";

/** A channel as the routing table records it (`type` plus the type's own fields). */
export type ChannelView = { type: string } & Record<string, Json>;

export interface PolicyView {
  routing: Record<string, string[]>;
  channels: Record<string, ChannelView>;
  requireFullCoverage: boolean;
  postmortemTemplate?: string;
}

export interface LayerView {
  name: string;
  start: string;
  turnSeconds: number;
  /** E-mail addresses where the plan knows them, PagerDuty ids otherwise. */
  users: string[];
  restrictions: Restriction[];
}

export interface ScheduleView {
  resource: PlanResource;
  name: string;
  timeZone: string;
  layers: LayerView[];
}

export interface ServiceView {
  resource: PlanResource;
  /** The catalog service's name. */
  service: string;
  name: string;
  urgency: string;
  acknowledgementTimeout: string;
  autoResolveTimeout: string;
  integrations: string[];
}

export interface LevelView {
  rotation: string;
  delayMinutes: number;
  /** The schedule the level pages; undefined when the plan does not hold it. */
  schedule?: ScheduleView;
  scheduleName: string;
}

export interface TeamView {
  resource: PlanResource;
  team: string;
  displayName: string;
  email: string;
  people: string[];
  repeats: number;
  levels: LevelView[];
  schedules: ScheduleView[];
  services: ServiceView[];
}

/** The routing table and incident rules of the plan, if the program recorded them. */
export function policyOf(plan: Plan): PolicyView | undefined {
  const r = plan.resources.find((x) => x.type === INCIDENT_POLICY);
  if (!r) return undefined;
  const i = r.inputs as Record<string, unknown>;
  return {
    routing: (i.routing ?? {}) as Record<string, string[]>,
    channels: (i.channels ?? {}) as Record<string, ChannelView>,
    requireFullCoverage: i.requireFullCoverage === true,
    postmortemTemplate: typeof i.postmortemTemplate === "string" ? i.postmortemTemplate : undefined,
  };
}

/** Every team's on-call setup in the plan, by team name. */
export function teamsOf(plan: Plan): TeamView[] {
  const emailOf = new Map<string, string>();
  for (const oncall of plan.resources.filter((r) => r.type === ONCALL)) {
    for (const p of (oncall.inputs.people ?? []) as { email: string; id: string }[]) emailOf.set(p.id, p.email);
  }
  const children = (r: PlanResource, type: string) => plan.resources.filter((c) => c.parent === r.urn && c.type === type);

  return plan.resources.filter((r) => r.type === TEAM_ONCALL).map((r) => {
    const i = r.inputs as Record<string, unknown>;
    const schedules = children(r, SCHEDULE).map((s) => scheduleView(s, emailOf));
    const levels = ((i.levels ?? []) as { rotation: string; delayMinutes: number; schedule: string }[]).map((l) => ({
      rotation: l.rotation,
      delayMinutes: l.delayMinutes,
      scheduleName: l.schedule,
      schedule: schedules.find((s) => s.resource.name === l.schedule),
    }));
    const integrations = children(r, PD_INTEGRATION);
    const services = children(r, PD_SERVICE).map((s) => serviceView(s, integrations));
    return {
      resource: r,
      team: String(i.team),
      displayName: String(i.displayName),
      email: String(i.email),
      people: (i.people ?? []) as string[],
      repeats: Number(i.repeats ?? 0),
      levels,
      schedules,
      services,
    };
  }).sort((a, b) => a.team.localeCompare(b.team));
}

function scheduleView(r: PlanResource, emailOf: Map<string, string>): ScheduleView {
  const layers = (r.inputs.layers ?? []) as Record<string, Json>[];
  return {
    resource: r,
    name: String(r.inputs.name ?? r.name),
    timeZone: String(r.inputs.timeZone ?? ""),
    layers: layers.map((l) => ({
      name: String(l.name ?? ""),
      start: String(l.start ?? ""),
      turnSeconds: Number(l.rotationTurnLengthSeconds),
      users: ((l.users ?? []) as string[]).map((id) => emailOf.get(id) ?? id),
      restrictions: (l.restrictions ?? []) as unknown as Restriction[],
    })),
  };
}

function serviceView(r: PlanResource, integrations: PlanResource[]): ServiceView {
  const name = String(r.inputs.name ?? r.name);
  const rule = (r.inputs.incidentUrgencyRule ?? {}) as Record<string, Json>;
  const hours = r.inputs.supportHours as Record<string, Json> | undefined;
  const prefix = `${r.name}-`;
  return {
    resource: r,
    service: name.replace(/ \([^)]*\)$/, ""),
    name,
    urgency: urgencyText(rule, hours),
    acknowledgementTimeout: timeoutText(r.inputs.acknowledgementTimeout),
    autoResolveTimeout: timeoutText(r.inputs.autoResolveTimeout),
    integrations: integrations.filter((x) => x.name.startsWith(prefix)).map((x) => String(x.inputs.name)).sort(),
  };
}

function urgencyText(rule: Record<string, Json>, hours?: Record<string, Json>): string {
  const word = (u: Json | undefined) => (u === "severity_based" ? "by severity" : String(u));
  if (rule.type !== "use_support_hours") return word(rule.urgency);
  const during = word((rule.duringSupportHours as Record<string, Json> | undefined)?.urgency);
  const outside = word((rule.outsideSupportHours as Record<string, Json> | undefined)?.urgency);
  const days = ((hours?.daysOfWeeks ?? []) as number[]).map((d) => DAYS[d - 1]?.slice(0, 3) ?? String(d)).join(", ");
  const time = (t: Json | undefined) => String(t).slice(0, 5);
  return `${during} in support hours (${days} ${time(hours?.startTime)}-${time(hours?.endTime)} ${String(hours?.timeZone)}), ${outside} outside`;
}

/** `"1800"` -> `30 min`; `"null"` -> `off`. */
function timeoutText(value: unknown): string {
  if (value === undefined || value === null || value === "null") return "off";
  const s = Number(value);
  return s % 3600 === 0 ? `${s / 3600} h` : s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}
