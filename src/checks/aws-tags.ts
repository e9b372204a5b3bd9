/**
 * What every AWS API refuses in tags (TagResource and the Create* calls that take tags), run
 * on every `aws:` resource; and AWS Chatbot's configuration names.
 */
import { AWS_TAG_CHARS, AWS_TAG_KEY_MAX, AWS_TAG_VALUE_MAX, badTagChars } from "../model/schema-rules";
import type { PlanResource } from "../plan/plan";
import type { ResourceCheck } from "./types";

const TAG_HINT = "AWS tags hold letters, digits, spaces and _ . : / = + - @ only";

/** Tag limits of every AWS resource: at most 50, keys 1–128, values ≤ 256, one charset. */
export const checkAwsTags: ResourceCheck = (r, _plan, report) => {
  const tags = r.inputs.tags;
  if (!tags || typeof tags !== "object" || Array.isArray(tags)) return;
  const entries = Object.entries(tags);
  if (entries.length > 50) report("tags", `has ${entries.length} tags; AWS accepts at most 50`);
  for (const [k, raw] of entries) {
    const v = String(raw);
    if (k.length < 1 || k.length > AWS_TAG_KEY_MAX) report(`tags.${k}`, `key is ${k.length} characters long; AWS accepts 1 to ${AWS_TAG_KEY_MAX}`);
    if (!AWS_TAG_CHARS.test(k)) report(`tags.${k}`, `key contains ${badTagChars(k).join(", ")}, which AWS does not accept in a tag`, TAG_HINT);
    if (/^aws:/i.test(k)) report(`tags.${k}`, 'key starts with "aws:", which AWS reserves for its own tags');
    if (v === "[secret]" || v === "[unknown]") continue;
    if (v.length > AWS_TAG_VALUE_MAX) {
      report(`tags.${k}`, `value is ${v.length} characters long; AWS accepts at most ${AWS_TAG_VALUE_MAX}`, "shorten it (a runbook URL must fit in 256 characters)");
    }
    if (!AWS_TAG_CHARS.test(v)) {
      report(`tags.${k}`, `value contains ${badTagChars(v).join(", ")}, which AWS does not accept in a tag`, TAG_HINT);
    }
  }
};

export const CHATBOT_SLACK = "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration";

/** CreateSlackChannelConfiguration: ConfigurationName is 1–128 of `[A-Za-z0-9-_]`. */
export const checkChatbotSlack: ResourceCheck = (r, _plan, report) => {
  const name = String(r.inputs.configurationName ?? "");
  const hint = "it is made of the stack, the severity and the channel's key: use a shorter channel key";
  if (name.length < 1 || name.length > 128) {
    report("configurationName", `is ${name.length} characters long; AWS Chatbot accepts 1 to 128`, hint);
  }
  if (!/^[A-Za-z0-9_-]*$/.test(name)) {
    report("configurationName", `"${name}" has characters AWS Chatbot does not accept`, "letters, digits, - and _ only");
  }
};

/** Whether the tag checks apply: every resource of the AWS provider. */
export function isAwsResource(r: PlanResource): boolean {
  return r.type.startsWith("aws:");
}

