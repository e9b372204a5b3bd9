/** CloudWatch Logs `%regex%` terms in metric filter patterns: taken, and checked as CloudWatch does. */
import * as fs from "node:fs";
import * as path from "node:path";

import { filterPatternProblem } from "../src/model/log-patterns";
import { byType, PROJECT_DIR, plan, projectCopy } from "./helpers";

jest.setTimeout(60_000);

const ALLOWED = "CloudWatch Logs regular expressions take letters, digits, the symbols : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \\ * + .";

it.each([
  ["a regular expression with a class and a count", "%status=5[0-9]{2}%"],
  ["a keyword as a regular expression", "%AUTHORIZED%"],
  ["alternatives beside a term", "ERROR %[Ee]rror|[Ff]ail%"],
  ["escapes", String.raw`%\d{1,3}\.\d{1,3}%`],
  ["a regular expression as a JSON value", "{ $.status = %5[0-9]{2}% }"],
  ["two regular expressions in a JSON pattern", "{ $.a = %a+% && $.b = %b?% }"],
  ["a regular expression in a space-delimited field", "[ip, user, status = %5[0-9]{2}%, size]"],
])("takes %s", (_, pattern) => {
  expect(filterPatternProblem(pattern)).toBeUndefined();
});

it.each([
  ["parentheses", "%(a|b)%", `has the regular expression %(a|b)%, which uses "(" (parentheses cannot group in its regular expressions); ${ALLOWED}`],
  ["an unsupported symbol", "%x!%", `has the regular expression %x!%, which uses "!"; ${ALLOWED}`],
  ["an empty regular expression", "%%", 'has the empty regular expression "%%"'],
  ["three regular expressions in a JSON pattern", "{ $.a = %a% && $.b = %b% && $.c = %c% }", "has 3 regular expressions; CloudWatch Logs accepts at most 2 in a JSON or space-delimited pattern"],
  ["still, a brace outside a regular expression", "foo {bar}", 'has "{bar}": braces and brackets start JSON or space-delimited patterns; quote them in a term'],
])("refuses %s", (_, pattern, message) => {
  expect(filterPatternProblem(pattern)).toBe(message);
});

it("plans a catalog error pattern written as a regular expression", async () => {
  const orders = fs.readFileSync(path.join(PROJECT_DIR, "catalog", "orders.yaml"), "utf8");
  const changed = orders.replace(/^ {2}errorPatterns:\n/m, "  errorPatterns:\n    status5xx: '%status=5[0-9]{2}%'\n");
  expect(changed).not.toBe(orders);
  const p = await plan("dev", projectCopy({ "catalog/orders.yaml": changed }));
  const filters = byType(p, "aws:cloudwatch/logMetricFilter:LogMetricFilter").map((r) => r.inputs.pattern);
  expect(filters).toContain("%status=5[0-9]{2}%");
});
