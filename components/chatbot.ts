/**
 * Slack through AWS Chatbot: the IAM role Chatbot assumes for a channel, and one channel
 * configuration per (severity, channel) route, subscribed to that severity's topic.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** What people in the channel may look at through Chatbot: read-only CloudWatch. */
export const CHATBOT_POLICY = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess";
/** The guardrail on every channel: nothing beyond read-only, whatever the role allows. */
export const CHATBOT_GUARDRAIL = "arn:aws:iam::aws:policy/ReadOnlyAccess";

/** The role AWS Chatbot assumes for a Slack channel, with read-only CloudWatch access. */
export function chatbotRole(name: string, channel: string, opts: pulumi.CustomResourceOptions): aws.iam.Role {
  const role = new aws.iam.Role(name, {
    description: `AWS Chatbot role of the Slack channel "${channel}"; managed by servio-monitoring`,
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "chatbot.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    tags: { "managed-by": "servio-monitoring" },
  }, opts);
  new aws.iam.RolePolicyAttachment(`${name}-cloudwatch`, { role: role.name, policyArn: CHATBOT_POLICY }, opts);
  return role;
}

export interface SlackRouteArgs {
  configurationName: string;
  workspaceId: string;
  channelId: string;
  topic: pulumi.Input<string>;
  role: aws.iam.Role;
  tags: Record<string, string>;
}

/** The Chatbot configuration that posts one topic's notifications to a Slack channel. */
export function slackRoute(name: string, args: SlackRouteArgs, opts: pulumi.CustomResourceOptions): aws.chatbot.SlackChannelConfiguration {
  return new aws.chatbot.SlackChannelConfiguration(name, {
    configurationName: args.configurationName,
    slackTeamId: args.workspaceId,
    slackChannelId: args.channelId,
    iamRoleArn: args.role.arn,
    snsTopicArns: [args.topic],
    guardrailPolicyArns: [CHATBOT_GUARDRAIL],
    loggingLevel: "ERROR",
    tags: args.tags,
  }, opts);
}
