/**
 * Mistakes in a Pulumi.<env>.yaml that Pulumi itself would pass over: each is a problem with
 * the file, the key, its own line and a hint, reported with every other problem.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { cli, PROJECT_DIR, projectCopy } from "./helpers";
import { AWS_REGIONS } from "../src/model/stack-file";

jest.setTimeout(60_000);

const dev = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.dev.yaml"), "utf8");
/** The 1-based line of the first line of `file` that contains `text`. */
const lineOf = (file: string, text: string) => file.split("\n").findIndex((l) => l.includes(text)) + 1;

const planWith = async (file: string) => {
  const r = await cli(["plan"], projectCopy({ "Pulumi.dev.yaml": file }));
  expect(r.code).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toContain("internal error");
  return r.stderr.replace(/^planning.*\n/, "");
};

describe("Pulumi.<env>.yaml", () => {
  it("a misspelt top-level key is that one mistake, with a did-you-mean", async () => {
    const file = dev.replace(/^config:/m, "configg:");
    expect(await planWith(file)).toBe(`1 problem found:
  Pulumi.dev.yaml:${lineOf(file, "configg:")} configg: unknown key "configg"
    hint: did you mean "config"?
Nothing was written.
`);
  });

  it("an unknown top-level key beside config lists the keys a stack file allows", async () => {
    const file = `${dev}outputs:\n  x: 1\n`;
    expect(await planWith(file)).toBe(`1 problem found:
  Pulumi.dev.yaml:${lineOf(file, "outputs:")} outputs: unknown key "outputs"
    hint: allowed: "config", "encryptionsalt", "secretsprovider", "encryptedkey", "environment"
Nothing was written.
`);
  });

  it.each([
    ["pagerduty:token", "a PagerDuty API token", "<token>"],
    ["sentry:token", "a Sentry auth token", "<token>"],
    ["grafana:auth", "a Grafana credential", "<auth>"],
    ["aws:accessKey", "an AWS access key", "<key>"],
    ["aws:secretKey", "an AWS secret key", "<key>"],
    ["aws:token", "an AWS session token", "<token>"],
  ])("a provider credential %s in plain text is refused", async (key, what, placeholder) => {
    const file = `${dev}  ${key}: not-so-secret\n`;
    expect(await planWith(file)).toBe(`1 problem found:
  Pulumi.dev.yaml:${lineOf(file, key)} config.${key}: holds ${what} in plain text
    hint: store it encrypted: pulumi config set --secret ${key} ${placeholder}
Nothing was written.
`);
  });

  it("the Datadog keys in plain text are refused", async () => {
    const file = dev.replace(/ {2}datadog:apiKey:\n {4}secure: .*\n {2}datadog:appKey:\n {4}secure: .*\n/, "  datadog:apiKey: abc\n  datadog:appKey: def\n");
    expect(file).not.toBe(dev);
    expect(await planWith(file)).toBe(`2 problems found:
  Pulumi.dev.yaml:${lineOf(file, "datadog:apiKey")} config.datadog:apiKey: holds a Datadog API key in plain text
    hint: store it encrypted: pulumi config set --secret datadog:apiKey <key>
  Pulumi.dev.yaml:${lineOf(file, "datadog:appKey")} config.datadog:appKey: holds a Datadog application key in plain text
    hint: store it encrypted: pulumi config set --secret datadog:appKey <key>
Nothing was written.
`);
  });

  it("a secure value must be a non-empty string, alone in its mapping", async () => {
    const file = `${dev}  pagerduty:token:\n    secure: 12345\n  sentry:token:\n    secure: ""\n  grafana:auth:\n    secure: v1:abc\n    note: x\n`;
    const at = (text: string, after = 0) => file.split("\n").findIndex((l, i) => i >= after && l.includes(text)) + 1;
    expect(await planWith(file)).toBe(`3 problems found:
  Pulumi.dev.yaml:${at("secure: 12345")} config.pagerduty:token.secure: a secure value must be the encrypted text, a non-empty string; found number 12345
    hint: set it again with: pulumi config set --secret pagerduty:token <value>
  Pulumi.dev.yaml:${at('secure: ""')} config.sentry:token.secure: a secure value must be the encrypted text, a non-empty string; found an empty string
    hint: set it again with: pulumi config set --secret sentry:token <value>
  Pulumi.dev.yaml:${at("note: x")} config.grafana:auth.note: a secure value must be alone in its mapping, found also "note"
    hint: keep only "secure:" here; set it again with: pulumi config set --secret grafana:auth <value>
Nothing was written.
`);
  });

  it("an AWS region that does not exist suggests the closest and lists the real ones", async () => {
    const file = dev.replace("aws:region: eu-west-1", "aws:region: eu-west-9");
    expect(await planWith(file)).toBe(`1 problem found:
  Pulumi.dev.yaml:${lineOf(file, "aws:region")} config.aws:region: unknown AWS region "eu-west-9"
    hint: did you mean "eu-west-1"? (AWS regions: ${AWS_REGIONS.join(", ")})
Nothing was written.
`);
    expect(AWS_REGIONS).toContain("us-east-1");
    expect(AWS_REGIONS).not.toContain("us-gov-west-1");
  });

  it("a key without a namespace is reported at its own line, with a did-you-mean on the key", async () => {
    const file = `${dev}  colour: blue\n  protekt: true\n`;
    const stderr = await planWith(file);
    // The allowed keys are the schema's (its order is not this test's business).
    const allowed = /\n {4}hint: allowed: ("servio-monitoring:[a-z]+"(, )?)+\n/.exec(stderr)?.[0] ?? "(no list of allowed keys)";
    expect(allowed).toContain('"servio-monitoring:channels"');
    expect(stderr).toBe(`2 problems found:
  Pulumi.dev.yaml:${lineOf(file, "colour:")} config.servio-monitoring:colour: unknown key "servio-monitoring:colour"${allowed}  Pulumi.dev.yaml:${lineOf(file, "protekt:")} config.servio-monitoring:protekt: unknown key "servio-monitoring:protekt"
    hint: did you mean "servio-monitoring:protect"?
Nothing was written.
`);
    expect(lineOf(file, "colour:")).toBeGreaterThan(2);
  });

  it("the project's own stack files pass every one of these checks", async () => {
    for (const stack of ["dev", "prod"]) expect((await cli(["plan", "--stack", stack])).code).toBe(0);
  });
});
