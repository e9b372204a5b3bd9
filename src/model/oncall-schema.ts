/**
 * The on-call settings users write under `servio-monitoring:oncall` in `Pulumi.<env>.yaml`:
 * rotation, hand-off, escalation, incident timeouts, support hours and the documentation
 * requirements. Strict like every other schema: an unknown key is an error.
 */
import { z } from "zod";

import { httpsUrl } from "./schema-rules";
import { DAYS, TIERS } from "./vocabulary";

/** `09:00`: a time of day, 24-hour clock, in the on-call time zone. */
export const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day such as "09:00" (24-hour clock)');

const day = z.enum(DAYS);

const timeZone = z
  .string()
  .refine((tz) => Intl.supportedValuesOf("timeZone").includes(tz) || tz === "UTC", "must be an IANA time zone such as \"Europe/Berlin\"");


/**
 * Hours a rotation covers, e.g. `{ days: [monday, friday], from: "09:00", to: "18:00" }`;
 * without `days`, every day. `to` before `from` runs over midnight.
 */
export const hoursSchema = z.strictObject({
  days: z.array(day).min(1).optional(),
  from: timeOfDay,
  to: timeOfDay,
});
export type Hours = z.infer<typeof hoursSchema>;

/** One escalation level: which rotation is paged, and how long before the next level is. */
const levelSchema = z.strictObject({
  target: z.enum(["primary", "secondary"]),
  delayMinutes: z.number().int(),
});

export const oncallSchema = z.strictObject({
  /** Time zone of hand-offs, restrictions and support hours. */
  timeZone,
  /** The date (`YYYY-MM-DD`) of the first hand-off; fixed in config, never today's date. */
  rotationStart: z.iso.date("must be a date such as \"2026-01-05\""),
  /** When the pager changes hands: a weekday and a time of day. */
  handoff: z.strictObject({ day, time: timeOfDay }),
  /** Days per turn. @default 7 (a weekly rotation) */
  rotationDays: z.number().int().positive().default(7),
  escalation: z.strictObject({
    levels: z.array(levelSchema).min(1),
    /** How many times the whole policy runs again when nobody acknowledges. */
    repeats: z.number().int().min(0),
  }),
  /** Minutes an acknowledged incident waits before it triggers again; `null` turns it off. */
  acknowledgementTimeoutMinutes: z.number().int().positive().nullable().default(30),
  /** Minutes before an open incident resolves itself; `null` turns it off. */
  autoResolveMinutes: z.number().int().positive().nullable().default(240),
  /** Services of these tiers page at high urgency only within these hours. */
  supportHours: z
    .strictObject({
      tiers: z.array(z.union(TIERS.map((t) => z.literal(t)))).min(1),
      days: z.array(day).min(1),
      from: timeOfDay,
      to: timeOfDay,
    })
    .optional(),
  /** Fail the plan when a schedule leaves an hour of the week uncovered. @default false */
  requireFullCoverage: z.boolean().default(false),
  /** The post-mortem template PagerDuty service descriptions link to. */
  postmortemTemplate: httpsUrl,
  /** Per team: the hours its rotations cover, when not around the clock. */
  teams: z.record(z.string(), z.strictObject({ hours: z.array(hoursSchema).min(1) })).default({}),
});
export type OnCallConfig = z.infer<typeof oncallSchema>;
