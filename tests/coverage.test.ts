/** Schedule coverage and the schedule checks, on PagerDuty's own restriction shapes. */
import { checkSchedule } from "../src/checks/pagerduty";
import { coverageGaps, formatGap } from "../src/model/coverage";
import { restrictionsOf, zonedIso } from "../src/model/oncall";
import type { Plan, PlanResource } from "../src/plan/plan";

const gaps = (people: number, ...hours: Parameters<typeof restrictionsOf>[0][]) =>
  coverageGaps([{ people, restrictions: hours.flatMap(restrictionsOf) }]).map(formatGap);

describe("coverage of the week", () => {
  it("has no gap for a rotation without restrictions", () => {
    expect(gaps(2)).toEqual([]);
  });

  it("finds the nights and the weekend of office hours, the weekend as one gap", () => {
    expect(gaps(2, { days: ["monday", "tuesday", "wednesday", "thursday", "friday"], from: "09:00", to: "17:00" })).toEqual([
      "friday 17:00 to monday 09:00 (64 h)",
      "monday 17:00 to tuesday 09:00 (16 h)",
      "tuesday 17:00 to wednesday 09:00 (16 h)",
      "wednesday 17:00 to thursday 09:00 (16 h)",
      "thursday 17:00 to friday 09:00 (16 h)",
    ]);
  });

  it("counts hours that run over midnight into the next day", () => {
    expect(gaps(2, { from: "09:00", to: "21:00" }, { from: "21:00", to: "09:00" })).toEqual([]);
    expect(gaps(2, { from: "22:00", to: "06:00" })).toHaveLength(7);
  });

  it("finds a gap spanning Sunday midnight as one gap", () => {
    const twoDaysOff = coverageGaps([{ people: 1, restrictions: [1, 2, 3, 4, 5].map((d) => ({ type: "weekly_restriction" as const, startDayOfWeek: d, startTimeOfDay: "00:00:00", durationSeconds: 86_400 })) }]);
    expect(twoDaysOff.map(formatGap)).toEqual(["saturday 00:00 to monday 00:00 (48 h)"]);
  });

  it("counts a layer with nobody on it as no coverage at all", () => {
    expect(gaps(0)).toEqual(["the whole week"]);
  });
});

describe("the first hand-off, in the rotation's time zone", () => {
  it("carries the zone's offset on that date, summer or winter", () => {
    expect(zonedIso("2026-01-05", "10:00", "Europe/Berlin")).toBe("2026-01-05T10:00:00+01:00");
    expect(zonedIso("2026-07-06", "10:00", "Europe/Berlin")).toBe("2026-07-06T10:00:00+02:00");
    expect(zonedIso("2026-01-05", "09:30", "America/New_York")).toBe("2026-01-05T09:30:00-05:00");
    expect(zonedIso("2026-01-05", "09:30", "UTC")).toBe("2026-01-05T09:30:00+00:00");
  });
});

describe("schedule checks", () => {
  const plan: Plan = { project: "p", stack: "prod", region: "eu-west-1", resources: [], outputs: {} };
  const schedule = (layer: Record<string, unknown>): PlanResource => ({
    urn: "urn:x", type: "pagerduty:index/schedule:Schedule", name: "s", custom: true, protect: false, retainOnDelete: false,
    inputs: { timeZone: "UTC", layers: [{ start: "2026-01-05T10:00:00+01:00", rotationVirtualStart: "2026-01-05T10:00:00+01:00", rotationTurnLengthSeconds: 604_800, users: ["P1"], restrictions: [], ...layer }] },
  });
  const findings = (r: PlanResource) => {
    const found: string[] = [];
    checkSchedule(r, plan, (field, message) => found.push(`${field}: ${message}`));
    return found;
  };

  it("accepts the schedules this program declares", () => {
    expect(findings(schedule({}))).toEqual([]);
  });

  it("refuses a turn shorter than an hour", () => {
    expect(findings(schedule({ rotationTurnLengthSeconds: 1800 }))).toEqual(["layers[0].rotationTurnLengthSeconds: 1800 s is shorter than PagerDuty's one-hour turn"]);
  });

  it("refuses restrictions PagerDuty would refuse", () => {
    expect(findings(schedule({ restrictions: [
      { type: "daily_restriction", startTimeOfDay: "9:00", durationSeconds: 90_000 },
      { type: "weekly_restriction", startTimeOfDay: "09:00:00", durationSeconds: 3600, startDayOfWeek: 8 },
      { type: "hourly_restriction", startTimeOfDay: "09:00:00", durationSeconds: 3600 },
    ] }))).toEqual([
      'layers[0].restrictions[0].startTimeOfDay: "9:00" is not a time HH:mm:ss',
      "layers[0].restrictions[0].durationSeconds: 90000 s is not between 1 and 86400 for a daily_restriction",
      "layers[0].restrictions[1].startDayOfWeek: 8 is not a day from 1 (Monday) to 7 (Sunday)",
      'layers[0].restrictions[2].type: "hourly_restriction" is not daily_restriction or weekly_restriction',
    ]);
  });

  it("refuses a start without a zone offset", () => {
    expect(findings(schedule({ start: "2026-01-05T10:00:00" }))).toEqual(['layers[0].start: "2026-01-05T10:00:00" is not an ISO 8601 time with a zone offset']);
  });
});
