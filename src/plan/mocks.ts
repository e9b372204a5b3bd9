/**
 * What the offline engine answers in place of the providers: plausible, deterministic outputs
 * for each resource (ARNs, ids, keys) and the answers of the invokes the program makes.
 */
import { createHash } from "node:crypto";

import { datadogOutputs } from "./mocks-datadog";
import { grafanaOutputs } from "./mocks-grafana";

/** The placeholder AWS account of every offline plan. */
export const ACCOUNT = "123456789012";

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** A PagerDuty-style object id (`P` and six characters), stable for the same seed. */
function pagerDutyId(seed: string): string {
  return `P${digest(seed, 6).toUpperCase()}`;
}

const AWS_SERVICE_OF_TYPE: Record<string, string> = {
  "aws:sns/topic:Topic": "sns",
  "aws:cloudwatch/metricAlarm:MetricAlarm": "cloudwatch",
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": "cloudwatch",
  "aws:cloudwatch/logGroup:LogGroup": "logs",
};

/** Outputs the provider would add to the inputs of a new resource. */
export function fakeOutputs(type: string, name: string, inputs: Record<string, unknown>, region: string): Record<string, unknown> {
  const id = digest(`${type}::${name}`, 16);
  const resourceName = typeof inputs.name === "string" ? inputs.name : name;
  switch (type) {
    case "aws:sns/topic:Topic":
      return { id: `arn:aws:sns:${region}:${ACCOUNT}:${resourceName}`, arn: `arn:aws:sns:${region}:${ACCOUNT}:${resourceName}` };
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
    case "aws:cloudwatch/compositeAlarm:CompositeAlarm":
      return { id: resourceName, arn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${resourceName}` };
    case "aws:route53/healthCheck:HealthCheck":
      return { id: `${digest(name, 8)}-${digest(`${name}/1`, 4)}-${digest(`${name}/2`, 4)}-${digest(`${name}/3`, 4)}-${digest(`${name}/4`, 12)}` };
    case "pagerduty:index/serviceIntegration:ServiceIntegration":
      return { id: pagerDutyId(name), integrationKey: digest(`key/${name}`, 32) };
  }
  if (type.startsWith("pagerduty:")) return { id: pagerDutyId(name) };
  if (type.startsWith("sentry:")) return sentryOutputs(type, name, inputs);
  if (type.startsWith("datadog:")) return datadogOutputs(type, name, inputs);
  if (type.startsWith("grafana:")) return grafanaOutputs(type, name, inputs);
  if (type.startsWith("aws:")) {
    const service = AWS_SERVICE_OF_TYPE[type] ?? type.split(":")[1].split("/")[0];
    return { id, arn: `arn:aws:${service}:${region}:${ACCOUNT}:${resourceName}` };
  }
  return { id };
}

/** A Sentry numeric id (as Sentry's API returns it, a string), stable for the same seed. */
function sentryId(seed: string): string {
  return String(1_000_000 + (parseInt(digest(seed, 8), 16) % 9_000_000));
}

/** Sentry resources: ids, slugs and a client key's DSNs built from the project's id. */
export function sentryOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const org = String(inputs.organization ?? "");
  switch (type) {
    case "sentry:index/sentryTeam:SentryTeam":
    case "sentry:index/sentryProject:SentryProject": {
      const internalId = sentryId(`${type}/${org}/${String(inputs.slug)}`);
      return { id: inputs.slug, internalId, teamId: internalId, projectId: internalId };
    }
    case "sentry:index/sentryKey:SentryKey": {
      const projectId = sentryId(`sentry:index/sentryProject:SentryProject/${org}/${String(inputs.project)}`);
      const publicKey = digest(`public/${name}`, 32);
      const secretKey = digest(`secret/${name}`, 32);
      const host = `o${sentryId(`org/${org}`)}.ingest.sentry.io`;
      return {
        id: publicKey,
        public: publicKey,
        secret: secretKey,
        projectId: Number(projectId),
        dsnPublic: `https://${publicKey}@${host}/${projectId}`,
        dsnSecret: `https://${publicKey}:${secretKey}@${host}/${projectId}`,
        dsnCsp: `https://${host}/api/${projectId}/security/?sentry_key=${publicKey}`,
        isActive: true,
      };
    }
  }
  const internalId = sentryId(`${type}/${name}`);
  return { id: `${org}/${String(inputs.project ?? "")}/${internalId}`, internalId };
}

export type InvokeAnswer = (inputs: Record<string, unknown>, region: string) => Record<string, unknown>;

/** Invokes the program makes, and what the offline engine answers. */
export const INVOKES: Record<string, InvokeAnswer> = {
  "pagerduty:index/getVendor:getVendor": (inputs) => ({
    id: pagerDutyId(`vendor/${String(inputs.name)}`),
    name: inputs.name,
    type: "generic_events_api_inbound_integration",
  }),
  "pagerduty:index/getUser:getUser": (inputs) => ({
    id: pagerDutyId(`user/${String(inputs.email)}`),
    email: inputs.email,
    name: String(inputs.email).split("@")[0],
  }),
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:user/offline-plan`,
    userId: "AIDAOFFLINEPLAN",
    id: ACCOUNT,
  }),
  "aws:index/getRegion:getRegion": (_inputs, region) => ({ name: region, region, id: region }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
};
