/**
 * On-call, resolved: for each team its primary and secondary schedules (weekly rotation
 * layers with hand-off and restrictions in PagerDuty's terms), its escalation levels and the
 * urgency rules of its services. Pure data from config, no Pulumi and no clock.
 */
import type { Hours, OnCallConfig } from "./oncall-schema";
import type { Team } from "./model";
import { DAYS, type Tier } from "./vocabulary";

/** A PagerDuty schedule layer restriction, as the API takes it. */
export interface Restriction {
  type: "daily_restriction" | "weekly_restriction";
  /** `HH:mm:ss`. */
  startTimeOfDay: string;
  durationSeconds: number;
  /** 1 is Monday, 7 Sunday; weekly restrictions only. */
  startDayOfWeek?: number;
}

/** Which rotation of a team: the first person paged, or the one after. */
export type Rotation = "primary" | "secondary";

export interface ScheduleSpec {
  rotation: Rotation;
  /** `Checkout primary (prod)`. */
  name: string;
  timeZone: string;
  /** ISO 8601 with the zone's offset: the first hand-off, fixed in config. */
  start: string;
  rotationTurnLengthSeconds: number;
  /** E-mail addresses in rotation order; the secondary is the primary's order shifted by one. */
  users: string[];
  restrictions: Restriction[];
}

export interface LevelSpec {
  rotation: Rotation;
  delayMinutes: number;
}

export interface TeamOnCall {
  team: string;
  displayName: string;
  /** Everyone on the team's rotation, in order. */
  people: string[];
  schedules: ScheduleSpec[];
  levels: LevelSpec[];
  repeats: number;
}

/** The rotations a team needs: those its escalation levels name, primary first. */
export function rotationsOf(config: OnCallConfig): Rotation[] {
  const named = new Set(config.escalation.levels.map((l) => l.target));
  return (["primary", "secondary"] as const).filter((r) => named.has(r));
}

/** A team's schedules and escalation levels. */
export function teamOnCall(team: Team, config: OnCallConfig, environment: string): TeamOnCall {
  const hours = config.teams[team.name]?.hours ?? [];
  const restrictions = hours.flatMap(restrictionsOf);
  const start = zonedIso(config.rotationStart, config.handoff.time, config.timeZone);
  const schedules = rotationsOf(config).map((rotation): ScheduleSpec => ({
    rotation,
    name: `${team.displayName} ${rotation} (${environment})`,
    timeZone: config.timeZone,
    start,
    rotationTurnLengthSeconds: config.rotationDays * 86_400,
    users: rotation === "primary" ? [...team.oncall] : [...team.oncall.slice(1), team.oncall[0]],
    restrictions,
  }));
  return {
    team: team.name,
    displayName: team.displayName,
    people: [...team.oncall],
    schedules,
    levels: config.escalation.levels.map((l) => ({ rotation: l.target, delayMinutes: l.delayMinutes })),
    repeats: config.escalation.repeats,
  };
}

/** Seconds from `from` to `to`, over midnight when `to` is earlier; 0 when they are equal. */
export function spanSeconds(from: string, to: string): number {
  const diff = minutesOf(to) - minutesOf(from);
  return (diff < 0 ? diff + 1440 : diff) * 60;
}

/** `09:30` as minutes after midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
}

/** Hours as PagerDuty restrictions: one weekly restriction per day, or one daily one. */
export function restrictionsOf(hours: Hours): Restriction[] {
  const durationSeconds = spanSeconds(hours.from, hours.to);
  const startTimeOfDay = `${hours.from}:00`;
  if (!hours.days) return [{ type: "daily_restriction", startTimeOfDay, durationSeconds }];
  return [...new Set(hours.days)]
    .map((d) => DAYS.indexOf(d) + 1)
    .sort((a, b) => a - b)
    .map((startDayOfWeek) => ({ type: "weekly_restriction", startTimeOfDay, durationSeconds, startDayOfWeek }));
}

/** The weekday of a `YYYY-MM-DD` date. */
export function weekdayOf(date: string): (typeof DAYS)[number] {
  const [y, m, d] = date.split("-").map(Number);
  return DAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7];
}

/** `2026-01-05T09:00:00+01:00`: a local date and time in `timeZone`, with its offset then. */
export function zonedIso(date: string, time: string, timeZone: string): string {
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  let offset = offsetMinutes(guess, timeZone);
  const second = offsetMinutes(guess - offset * 60_000, timeZone);
  if (second !== offset) offset = second;
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date}T${time}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The zone's offset from UTC, in minutes, at an instant. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(instant);
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** PagerDuty urgency settings of a service of `tier`. */
export interface UrgencySpec {
  incidentUrgencyRule: {
    type: "constant" | "use_support_hours";
    urgency?: string;
    duringSupportHours?: { type: "constant"; urgency: string };
    outsideSupportHours?: { type: "constant"; urgency: string };
  };
  supportHours?: { type: "fixed_time_per_day"; timeZone: string; startTime: string; endTime: string; daysOfWeeks: number[] };
  scheduledActions?: { type: "urgency_change"; toUrgency: "high"; ats: { type: "named_time"; name: "support_hours_start" }[] }[];
}

/**
 * Severity-based urgency (critical pages at high urgency, warnings at low), and for tiers
 * with support hours: low urgency outside them, raised to high when they start.
 */
export function urgencyOf(tier: Tier, config: OnCallConfig): UrgencySpec {
  const hours = config.supportHours;
  if (!hours || !hours.tiers.includes(tier)) {
    return { incidentUrgencyRule: { type: "constant", urgency: "severity_based" } };
  }
  return {
    incidentUrgencyRule: {
      type: "use_support_hours",
      duringSupportHours: { type: "constant", urgency: "severity_based" },
      outsideSupportHours: { type: "constant", urgency: "low" },
    },
    supportHours: {
      type: "fixed_time_per_day",
      timeZone: config.timeZone,
      startTime: `${hours.from}:00`,
      endTime: `${hours.to}:00`,
      daysOfWeeks: [...new Set(hours.days)].map((d) => DAYS.indexOf(d) + 1).sort((a, b) => a - b),
    },
    scheduledActions: [{
      type: "urgency_change",
      toUrgency: "high",
      ats: [{ type: "named_time", name: "support_hours_start" }],
    }],
  };
}
