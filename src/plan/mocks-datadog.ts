/** What the offline engine answers for Datadog resources: ids shaped like Datadog's own. */
import { createHash } from "node:crypto";

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Datadog outputs: numeric monitor ids (as strings), hex SLO ids, names for the rest. */
export function datadogOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case "datadog:index/monitor:Monitor":
      return { id: String(10_000_000 + (parseInt(digest(`${type}/${name}`, 8), 16) % 90_000_000)) };
    case "datadog:index/serviceLevelObjective:ServiceLevelObjective":
      return { id: digest(`${type}/${name}`, 32) };
    case "datadog:pagerduty/serviceObject:ServiceObject":
      return { id: String(inputs.serviceName) };
    case "datadog:index/webhook:Webhook":
      return { id: String(inputs.name) };
    case "datadog:slack/channel:Channel":
      return { id: `${String(inputs.accountName)}:${String(inputs.channelName)}` };
  }
  return { id: digest(`${type}/${name}`, 16) };
}
