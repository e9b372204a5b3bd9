/**
 * Checks of the on-call settings that need more than their schema: team names, the first
 * hand-off's weekday, rotations with too few people, empty hours, and paging without them.
 */
import type { Team } from "./model";
import type { OnCallConfig } from "./oncall-schema";
import { rotationsOf, weekdayOf } from "./oncall";
import { type Problem, suggestion } from "./problems";
import type { ChannelConfig } from "./schema";
import type { SourceFile } from "./source";
import { PROJECT } from "./vocabulary";

const KEY = `${PROJECT}:oncall`;

/** Problems of `config` (or of its absence when something pages), against the config file. */
export function checkOnCall(
  config: OnCallConfig | undefined,
  teams: Record<string, Team>,
  routing: Record<string, string[]>,
  channels: Record<string, ChannelConfig>,
  source: SourceFile,
  problems: Problem[],
): void {
  if (!config) {
    const paging = Object.entries(routing).find(([, names]) => names.some((n) => channels[n]?.type === "pagerduty"));
    if (paging) {
      problems.push(source.problem(["config"], `"${PROJECT}:routing" pages (${paging[0]}) but "${KEY}" is missing`, `add "${KEY}" with the rotation and escalation settings (see docs/oncall.md)`));
    }
    return;
  }
  const at = (...path: (string | number)[]) => ["config", KEY, ...path];

  const weekday = weekdayOf(config.rotationStart);
  if (weekday !== config.handoff.day) {
    problems.push(source.problem(at("rotationStart"), `${config.rotationStart} is a ${weekday}, but hand-offs are on ${config.handoff.day}`, `start the rotation on a ${config.handoff.day}`));
  }

  for (const [name, override] of Object.entries(config.teams)) {
    if (!(name in teams)) {
      problems.push(source.problem(at("teams", name), `unknown team "${name}"`, `${suggestion(name, Object.keys(teams))} (teams are defined in teams.yaml)`));
    }
    override.hours.forEach((h, i) => {
      if (h.from === h.to) {
        problems.push(source.problem(at("teams", name, "hours", i, "to"), `from ${h.from} to ${h.to} covers no time`, 'for a whole day, leave the team\'s hours out'));
      }
    });
  }
  if (config.supportHours && config.supportHours.from >= config.supportHours.to) {
    problems.push(source.problem(at("supportHours", "to"), `support hours from ${config.supportHours.from} to ${config.supportHours.to} end before they start`, "PagerDuty support hours lie within one day"));
  }

  if (rotationsOf(config).includes("secondary")) {
    for (const team of Object.values(teams).filter((t) => t.oncall.length < 2)) {
      const level = config.escalation.levels.findIndex((l) => l.target === "secondary");
      problems.push(source.problem(at("escalation", "levels", level, "target"), `team "${team.name}" has one person on call, so its secondary would be its primary`, `add a second person to the team's oncall in teams.yaml`));
    }
  }
}
