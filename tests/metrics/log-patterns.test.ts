/** Metric filter pattern syntax: what CloudWatch Logs takes and what it refuses. */
import { filterPatternProblem } from "../../src/model/log-patterns";

it.each([
  ["any of several terms", "?ERROR ?FATAL ?Exception"],
  ["a quoted phrase with braces inside", '"ERROR {x}"'],
  ["a JSON condition", '{ $.level = "error" }'],
  ["JSON conditions joined", '{ ($.level = "error") || ($.status >= 500) }'],
  ["a JSON null test", "{ $.user.id IS NULL }"],
  ["space-delimited fields", "[ip, user, ..., status = 5*, size]"],
  ["a field with two conditions", "[ip, status = 5* || status = 4*]"],
  ["the empty pattern, which matches every line", ""],
])("takes %s", (_, pattern) => {
  expect(filterPatternProblem(pattern)).toBeUndefined();
});

it.each([
  ["a JSON condition without $.", "{ level = error }", 'has the condition (level = error), which is not one such as ($.level = "error")'],
  ["an unclosed JSON pattern", "{ $.a = 1", 'opens a JSON pattern with "{" but does not end with "}": { $.a = 1'],
  ["unbalanced parentheses", "{ ($.a = 1 }", "has unbalanced parentheses: { ($.a = 1 }"],
  ["an unclosed quote", '"unclosed', 'has an unclosed double quote: "unclosed'],
  ["a bare ?", "?", 'has "?" without a term after it'],
  ["an unquoted brace in a term", "foo {bar}", 'has "{bar}": braces and brackets start JSON or space-delimited patterns; quote them in a term'],
  ["a pattern over 1024 characters", "x".repeat(1025), "is 1025 characters long; CloudWatch Logs accepts at most 1024"],
])("refuses %s", (_, pattern, message) => {
  expect(filterPatternProblem(pattern)).toBe(message);
});
