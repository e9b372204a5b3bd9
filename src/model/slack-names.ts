/**
 * One Slack channel of `servio-monitoring:channels` is one channel in Slack, whichever vendor
 * posts to it: Sentry and Datadog each name it in their own settings (`#servio-alerts` and
 * `servio-alerts`), and those names must agree, or the same route would post to two places.
 */
import type { DatadogSettings } from "./datadog";
import type { Problem } from "./problems";
import type { SentrySettings } from "./sentry";
import type { SourceFile } from "./source";

const SENTRY = ["config", "servio-monitoring:sentry", "slack", "channels"];
const DATADOG = ["config", "servio-monitoring:datadog", "slack", "channels"];

/** Problems where two vendors name one channel differently, or one vendor names two alike. */
export function checkSlackNames(
  sentry: SentrySettings | undefined,
  datadog: DatadogSettings | undefined,
  source: SourceFile,
): Problem[] {
  const problems: Problem[] = [];
  const sentryNames = sentry?.slack?.channels ?? {};
  const datadogNames = datadog?.slack?.channels ?? {};
  for (const [channel, name] of Object.entries(datadogNames).sort()) {
    const other = sentryNames[channel];
    if (other !== undefined && other.replace(/^#/, "") !== name.replace(/^#/, "")) {
      problems.push(source.problem(
        [...DATADOG, channel],
        `names the Slack channel "${name}" for "${channel}", but Sentry's settings name "${other}"`,
        `one channel is one place in Slack: make both name it (Sentry with #, Datadog without)`,
      ));
    }
  }
  for (const [names, at] of [[sentryNames, SENTRY], [datadogNames, DATADOG]] as const) {
    const seen = new Map<string, string>();
    for (const [channel, name] of Object.entries(names).sort()) {
      const key = name.replace(/^#/, "");
      const first = seen.get(key);
      if (first === undefined) seen.set(key, channel);
      else {
        problems.push(source.problem(
          [...at, channel],
          `names the Slack channel "${name}", as "${first}" does`,
          "two channels of servio-monitoring:channels are two places; route both severities to one channel instead",
        ));
      }
    }
  }
  return problems;
}
