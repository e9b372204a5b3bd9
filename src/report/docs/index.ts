/** The incident docs of a plan: file name -> Markdown, every one rendered before any is written. */
import type { Plan } from "../../plan/plan";
import { renderAlertCatalog } from "./alert-catalog";
import { renderOnCallPage } from "./oncall-page";
import { renderPostmortemTemplate } from "./postmortem";

/** Files, in the order they are listed; same plan, byte-identical output. */
export function renderDocs(plan: Plan): Record<string, string> {
  return {
    "alerts.md": renderAlertCatalog(plan),
    "oncall.md": renderOnCallPage(plan),
    "postmortem.md": renderPostmortemTemplate(plan),
  };
}
