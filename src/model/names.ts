/**
 * Name checks that need the whole resolved service: every alarm name a service will get must
 * fit CloudWatch's limit, and the user hears about it against the catalog file, not at deploy.
 */
import { alarmSpecs } from "./alarm-specs";
import type { Service } from "./model";
import type { Problem } from "./problems";

/** CloudWatch's AlarmName limit. */
export const MAX_ALARM_NAME = 255;

export function checkServiceNames(services: Service[], environment: string, problems: Problem[]): void {
  for (const service of services) {
    const longest = alarmSpecs(environment, service)
      .map((s) => s.alarmName)
      .sort((a, b) => b.length - a.length)[0];
    if (longest && longest.length > MAX_ALARM_NAME) {
      problems.push({
        file: service.file,
        path: "name",
        message: `gives the alarm name "${longest.slice(0, 40)}..." of ${longest.length} characters, over CloudWatch's ${MAX_ALARM_NAME}`,
        hint: `shorten the service name (or the resource names in it) by ${longest.length - MAX_ALARM_NAME} characters`,
      });
    }
  }
}
