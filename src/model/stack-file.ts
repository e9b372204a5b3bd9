/**
 * Checks of a `Pulumi.<env>.yaml` as written, beyond the values the program reads: the keys a
 * Pulumi stack file allows, provider credentials kept encrypted, well-formed `secure:` values,
 * and a real AWS region. Mistakes that Pulumi would otherwise pass over silently, or only
 * report at `pulumi up`.
 */
import { type Problem, suggestion } from "./problems";
import { describeFound, type KeyPath, type SourceFile } from "./source";

/** Top-level keys of a Pulumi stack settings file. */
export const STACK_FILE_KEYS = ["config", "encryptionsalt", "secretsprovider", "encryptedkey", "environment"] as const;

/** The AWS commercial-partition regions (not GovCloud, China or the isolated partitions). */
export const AWS_REGIONS = [
  "af-south-1",
  "ap-east-1", "ap-east-2",
  "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ap-south-1", "ap-south-2",
  "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
  "ca-central-1", "ca-west-1",
  "eu-central-1", "eu-central-2",
  "eu-north-1",
  "eu-south-1", "eu-south-2",
  "eu-west-1", "eu-west-2", "eu-west-3",
  "il-central-1",
  "me-central-1", "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1", "us-east-2",
  "us-west-1", "us-west-2",
] as const;

/** Provider credentials that must never be in the file in plain text: key -> what it holds, placeholder. */
export const CREDENTIAL_KEYS: Record<string, { what: string; placeholder: string }> = {
  "pagerduty:token": { what: "a PagerDuty API token", placeholder: "<token>" },
  "sentry:token": { what: "a Sentry auth token", placeholder: "<token>" },
  "datadog:apiKey": { what: "a Datadog API key", placeholder: "<key>" },
  "datadog:appKey": { what: "a Datadog application key", placeholder: "<key>" },
  "grafana:auth": { what: "a Grafana credential", placeholder: "<auth>" },
  "aws:accessKey": { what: "an AWS access key", placeholder: "<key>" },
  "aws:secretKey": { what: "an AWS secret key", placeholder: "<key>" },
  "aws:token": { what: "an AWS session token", placeholder: "<token>" },
};

export interface StackFileCheck {
  problems: Problem[];
  /** The file has no `config` key but an unknown one: likely a misspelt `config`. */
  configMisspelt: boolean;
}

/** Checks the file as written (`source.data` is the parsed file, not Pulumi's flat values). */
export function checkStackFile(source: SourceFile): StackFileCheck {
  const problems: Problem[] = [];
  const data = source.data;
  if (data === null || data === undefined) return { problems, configMisspelt: false };
  if (typeof data !== "object" || Array.isArray(data)) {
    problems.push(source.problem([], `expected a mapping with the key "config", found ${describeFound(data)}`));
    return { problems, configMisspelt: false };
  }
  const top = Object.keys(data);
  const unknown = top.filter((k) => !(STACK_FILE_KEYS as readonly string[]).includes(k));
  for (const key of unknown) {
    problems.push(source.problem([key], `unknown key "${key}"`, suggestion(key, STACK_FILE_KEYS)));
  }

  const config = (data as { config?: unknown }).config;
  if (config && typeof config === "object" && !Array.isArray(config)) {
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
      checkSecureValues(source, ["config", key], key, value, problems);
      const credential = CREDENTIAL_KEYS[key];
      if (credential && !isSecure(value)) {
        problems.push(source.problem(["config", key], `holds ${credential.what} in plain text`,
          `store it encrypted: pulumi config set --secret ${key} ${credential.placeholder}`));
      }
    }
  }
  return { problems, configMisspelt: unknown.length > 0 && !top.includes("config") };
}

/** `{ secure: … }`, well-formed or not. */
function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "secure" in value;
}

/** Every `secure:` mapping, at any depth, holds a non-empty string and nothing else. */
function checkSecureValues(source: SourceFile, at: KeyPath, key: string, value: unknown, problems: Problem[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkSecureValues(source, [...at, i], key, item, problems));
    return;
  }
  if (!value || typeof value !== "object") return;
  const o = value as Record<string, unknown>;
  if (!("secure" in o)) {
    for (const [k, v] of Object.entries(o)) checkSecureValues(source, [...at, k], key, v, problems);
    return;
  }
  const hint = `set it again with: pulumi config set --secret ${key} <value>`;
  if (typeof o.secure !== "string" || o.secure.trim() === "") {
    const found = typeof o.secure === "string" ? "an empty string" : describeFound(o.secure);
    problems.push(source.problem([...at, "secure"], `a secure value must be the encrypted text, a non-empty string; found ${found}`, hint));
  }
  const others = Object.keys(o).filter((k) => k !== "secure");
  if (others.length > 0) {
    problems.push(source.problem([...at, others[0]], `a secure value must be alone in its mapping, found also ${others.map((k) => `"${k}"`).join(", ")}`,
      `keep only "secure:" here; ${hint}`));
  }
}

/** A problem for an `aws:region` that is no AWS commercial region, or undefined. */
export function checkAwsRegion(source: SourceFile, region: string): Problem | undefined {
  if ((AWS_REGIONS as readonly string[]).includes(region)) return undefined;
  const close = suggestion(region, AWS_REGIONS);
  const list = `AWS regions: ${AWS_REGIONS.join(", ")}`;
  return source.problem(["config", "aws:region"], `unknown AWS region "${region}"`,
    close.startsWith("did you mean") ? `${close} (${list})` : list);
}
