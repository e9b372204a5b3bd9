/**
 * Bad on-call input: each kind of mistake in `servio-monitoring:oncall`, teams.yaml or a
 * Slack channel, and each PagerDuty limit, with exactly what the user is told.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { cli, PROJECT_DIR, projectCopy } from "./helpers";

const read = (file: string) => fs.readFileSync(path.join(PROJECT_DIR, file), "utf8");
const prod = read("Pulumi.prod.yaml");
const teams = read("teams.yaml");

/** `prod` with per-team hours added under `servio-monitoring:oncall.teams`. */
function withTeamHours(team: string, hours: string, requireFullCoverage = true): string {
  return prod.replace(
    "    requireFullCoverage: true",
    `    requireFullCoverage: ${requireFullCoverage}\n    teams:\n      ${team}:\n        hours:\n${hours}`,
  );
}

const problems: Record<string, { files: Record<string, string>; told: string }> = {
  "an unknown on-call key lists the keys allowed": {
    files: { "Pulumi.prod.yaml": prod.replace("acknowledgementTimeoutMinutes:", "ackTimeoutMinutes:") },
    told: `  Pulumi.prod.yaml:48 config.servio-monitoring:oncall.ackTimeoutMinutes: unknown key "ackTimeoutMinutes"
    hint: allowed: "timeZone", "rotationStart", "handoff", "rotationDays", "escalation", "acknowledgementTimeoutMinutes", "autoResolveMinutes", "supportHours", "requireFullCoverage", "postmortemTemplate", "teams"`,
  },
  "a first hand-off on the wrong weekday": {
    files: { "Pulumi.prod.yaml": prod.replace('rotationStart: "2026-01-05"', 'rotationStart: "2026-01-06"') },
    told: `  Pulumi.prod.yaml:37 config.servio-monitoring:oncall.rotationStart: 2026-01-06 is a tuesday, but hand-offs are on monday
    hint: start the rotation on a monday`,
  },
  "a time zone that does not exist": {
    files: { "Pulumi.prod.yaml": prod.replace("timeZone: Europe/Berlin", "timeZone: Europe/Berln") },
    told: `  Pulumi.prod.yaml:36 config.servio-monitoring:oncall.timeZone: must be an IANA time zone such as "Europe/Berlin", found "Europe/Berln"`,
  },
  "hours for a team that does not exist": {
    files: { "Pulumi.prod.yaml": withTeamHours("chekout", '          - from: "09:00"\n            to: "18:00"') },
    told: `  Pulumi.prod.yaml:58 config.servio-monitoring:oncall.teams.chekout: unknown team "chekout"
    hint: did you mean "checkout"? (teams are defined in teams.yaml)`,
  },
  "hours that cover no time": {
    files: { "Pulumi.prod.yaml": withTeamHours("checkout", '          - from: "09:00"\n            to: "09:00"', false) },
    told: `  Pulumi.prod.yaml:61 config.servio-monitoring:oncall.teams.checkout.hours[0].to: from 09:00 to 09:00 covers no time
    hint: for a whole day, leave the team's hours out`,
  },
  "a secondary level for a team of one": {
    files: { "teams.yaml": teams.replace("oncall: [chen.wei@servio.example, dana.kowalski@servio.example]", "oncall: [chen.wei@servio.example]") },
    told: `  Pulumi.prod.yaml:45 config.servio-monitoring:oncall.escalation.levels[1].target: team "checkout" has one person on call, so its secondary would be its primary
    hint: add a second person to the team's oncall in teams.yaml`,
  },
  "paging without on-call settings": {
    files: { "Pulumi.prod.yaml": prod.replace(/ {2}# Who is paged[\s\S]*$/, "") },
    told: `  Pulumi.prod.yaml:3 config: "servio-monitoring:routing" pages (critical) but "servio-monitoring:oncall" is missing
    hint: add "servio-monitoring:oncall" with the rotation and escalation settings (see docs/oncall.md)`,
  },
  "a Slack channel named instead of its id, as one problem": {
    files: { "Pulumi.prod.yaml": prod.replace("channelId: C07EZ1ABC23", 'channelId: "#alerts"') },
    told: `1 problem found:
  Pulumi.prod.yaml:20 config.servio-monitoring:channels.chat.channelId: must be a Slack channel id such as "C07EZ1ABC23", found "#alerts"`,
  },
};

describe("bad on-call input gets a clear error", () => {
  it.each(Object.entries(problems))("%s", async (_name, c) => {
    const r = await cli(["plan", "--stack", "prod"], projectCopy(c.files));

    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`${c.told}\n`);
    expect(r.stderr).toContain("Nothing was written.\n");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("PagerDuty's limits are checked at plan time", () => {
  it("refuses more than 9 repeats, naming each policy", async () => {
    const r = await cli(["plan", "--stack", "prod"], projectCopy({ "Pulumi.prod.yaml": prod.replace("repeats: 2", "repeats: 12") }));

    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: pagerduty:index/escalationPolicy:EscalationPolicy "prod-checkout" numLoops: 12 repeats; PagerDuty accepts 0 to 9
    hint: lower servio-monitoring:oncall.escalation.repeats\n`);
    expect(r.stderr).toContain("5 checks failed: the APIs would refuse this plan. Nothing was written.\n");
  });

  it("refuses an escalation delay under a minute", async () => {
    const r = await cli(["plan", "--stack", "prod"], projectCopy({ "Pulumi.prod.yaml": prod.replace("delayMinutes: 15", "delayMinutes: 0") }));

    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: pagerduty:index/escalationPolicy:EscalationPolicy "prod-payments" rules[0].escalationDelayInMinutes: 0 min; PagerDuty escalates after 1 minute at the soonest
    hint: set servio-monitoring:oncall.escalation.levels[0].delayMinutes to a whole number of minutes, at least 1\n`);
  });
});

describe("schedule coverage", () => {
  const officeHours = '          - days: [monday, tuesday, wednesday, thursday, friday]\n            from: "08:00"\n            to: "20:00"';

  it("fails prod when a team's schedules leave hours of the week uncovered", async () => {
    const r = await cli(["plan", "--stack", "prod"], projectCopy({ "Pulumi.prod.yaml": withTeamHours("checkout", officeHours) }));

    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: pagerduty:index/schedule:Schedule "prod-checkout-primary" layers: leaves nobody on call in 5 gaps of the week (Europe/Berlin): friday 20:00 to monday 08:00 (60 h); monday 20:00 to tuesday 08:00 (12 h); tuesday 20:00 to wednesday 08:00 (12 h); wednesday 20:00 to thursday 08:00 (12 h); thursday 20:00 to friday 08:00 (12 h)
    hint: this environment requires full coverage: widen the team's hours in servio-monitoring:oncall.teams, or drop them for around the clock\n`);
  });

  it("allows the same hours where the environment does not require full coverage, as restrictions", async () => {
    const dir = projectCopy({ "Pulumi.prod.yaml": withTeamHours("checkout", officeHours, false) });
    const json = path.join(dir, "plan.json");
    const r = await cli(["plan", "--stack", "prod", "--json", json], dir);

    expect(r.code).toBe(0);
    const schedule = (JSON.parse(fs.readFileSync(json, "utf8")) as { resources: { name: string; inputs: { layers: { restrictions: unknown[] }[] } }[] })
      .resources.find((x) => x.name === "prod-checkout-primary");
    expect(schedule?.inputs.layers[0].restrictions).toEqual([1, 2, 3, 4, 5].map((day) => ({
      type: "weekly_restriction", startDayOfWeek: day, startTimeOfDay: "08:00:00", durationSeconds: 12 * 3600,
    })));
  });
});
