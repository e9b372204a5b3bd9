import * as aws from "@pulumi/aws";

import { NotificationRoutes } from "../components/notification-routes";
import { ServiceMonitoring } from "../components/service-monitoring";
import { planStack } from "../src/plan/engine";
import { PROJECT_DIR } from "./helpers";

/** Components work on their own, without the catalog: a team's own program. */
async function planProgram(program: () => void) {
  return planStack({ projectDir: PROJECT_DIR, stack: "dev", program: async () => program(), log: () => undefined });
}

describe("components used on their own", () => {
  it("NotificationRoutes subscribes each severity's topic to its channels", async () => {
    const plan = await planProgram(() => {
      new NotificationRoutes("team", {
        environment: "sandbox",
        routing: { critical: ["mail"], warning: [], info: [] },
        channels: { mail: { type: "email", addresses: ["a@servio.example", "b@servio.example"] } },
      });
    });
    const subscriptions = plan.resources.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription");
    expect(subscriptions.map((s) => s.inputs)).toEqual([
      { endpoint: "a@servio.example", protocol: "email", topic: "arn:aws:sns:eu-west-1:123456789012:servio-sandbox-critical" },
      { endpoint: "b@servio.example", protocol: "email", topic: "arn:aws:sns:eu-west-1:123456789012:servio-sandbox-critical" },
    ]);
    const route = plan.resources.find((r) => r.type === "servio:monitoring:Route");
    expect(route?.inputs).toEqual({ channel: "mail", channelType: "email", severity: "critical", topic: "arn:aws:sns:eu-west-1:123456789012:servio-sandbox-critical" });
  });

  it("ServiceMonitoring turns specs into alarms that notify on alarm and on recovery", async () => {
    const plan = await planProgram(() => {
      const topics = { critical: "arn:aws:sns:eu-west-1:123456789012:c", warning: "arn:aws:sns:eu-west-1:123456789012:w", info: "arn:aws:sns:eu-west-1:123456789012:i" };
      new ServiceMonitoring("search", {
        environment: "sandbox",
        service: { name: "search", team: "platform", tier: 2, runbook: "https://runbooks.servio.example/search" },
        topics,
        alarms: [{
          id: "lambda-throttles", alarmName: "servio/sandbox/search/lambda-throttles", key: "lambdaThrottles", service: "search",
          severity: "warning", knobs: { enabled: true, severity: "warning", threshold: 0, period: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
          description: "Lambda throttles of search above 0.", comparison: "GreaterThanThreshold", threshold: 0,
          metric: { namespace: "AWS/Lambda", metricName: "Throttles", dimensions: { FunctionName: "search" }, stat: "Sum" },
          treatMissingData: "notBreaching", region: "stack",
        }],
      });
    });
    const alarm = plan.resources.find((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarm?.name).toBe("search-lambda-throttles");
    expect(alarm?.inputs).toEqual({
      alarmActions: ["arn:aws:sns:eu-west-1:123456789012:w"],
      alarmDescription: "Lambda throttles of search above 0.",
      comparisonOperator: "GreaterThanThreshold",
      datapointsToAlarm: 3,
      dimensions: { FunctionName: "search" },
      evaluationPeriods: 5,
      metricName: "Throttles",
      name: "servio/sandbox/search/lambda-throttles",
      namespace: "AWS/Lambda",
      okActions: ["arn:aws:sns:eu-west-1:123456789012:w"],
      period: 60,
      statistic: "Sum",
      tags: {
        alarm: "lambdaThrottles", environment: "sandbox", "managed-by": "servio-monitoring",
        runbook: "https://runbooks.servio.example/search", service: "search", severity: "warning", team: "platform", tier: "2",
      },
      threshold: 0,
      treatMissingData: "notBreaching",
    });
  });

  it("an invoke the offline engine does not answer fails the plan and names the invoke", async () => {
    await expect(planProgram(() => {
      void aws.ec2.getVpcOutput({ default: true });
    })).rejects.toThrow('the program calls the invoke "aws:ec2/getVpc:getVpc", which the offline engine does not answer');
  });
});
