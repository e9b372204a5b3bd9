/** Who a channel reaches, in words, for the docs: PagerDuty on-call, addresses, Slack, tickets. */
import type { Json } from "../../plan/plan";
import type { ChannelView, TeamView } from "../oncall";

/** What a channel is, without the team: `e-mail sre@servio.example`, `Slack channel C07…`. */
export function describeChannel(view: ChannelView | undefined, team?: TeamView): string {
  if (!view) return "undefined channel";
  switch (view.type) {
    case "pagerduty":
      return team
        ? `PagerDuty: ${team.displayName} ${team.levels.map((l) => l.rotation).join(", then ")}`
        : "PagerDuty: the owning team's on-call";
    case "email":
      return `e-mail ${((view.addresses ?? []) as Json[]).map(String).join(", ")}`;
    case "slack":
      return `Slack channel ${String(view.channelId)} through AWS Chatbot`;
    case "webhook":
      return `webhook, its URL in the secret ${String(view.urlSecret)}`;
    default:
      return view.type;
  }
}

