/**
 * Schedule coverage: which minutes of the week (in the schedule's own time zone) have
 * somebody on call, and the gaps where nobody is. Layers without people cover nothing; a
 * layer without restrictions covers every minute.
 */
import type { Restriction } from "./oncall";
import { DAYS } from "./vocabulary";

/** Minutes in a week. */
export const WEEK = 7 * 24 * 60;

export interface CoverageLayer {
  /** How many people the layer rotates through. */
  people: number;
  restrictions: readonly Restriction[];
}

/** A gap: from one minute of the week (0 is Monday 00:00) up to, not including, another. */
export interface Gap {
  from: number;
  to: number;
}

/** Every uncovered stretch of the week, in order; one that spans Sunday midnight is one gap. */
export function coverageGaps(layers: readonly CoverageLayer[]): Gap[] {
  const covered = new Uint8Array(WEEK);
  for (const layer of layers.filter((l) => l.people > 0)) {
    if (layer.restrictions.length === 0) return [];
    for (const r of layer.restrictions) mark(covered, r);
  }

  const gaps: Gap[] = [];
  let start = -1;
  for (let m = 0; m <= WEEK; m++) {
    const free = m < WEEK && covered[m] === 0;
    if (free && start < 0) start = m;
    if (!free && start >= 0) {
      gaps.push({ from: start, to: m });
      start = -1;
    }
  }
  // A gap running into Sunday midnight and one starting Monday 00:00 are the same gap.
  if (gaps.length > 1 && gaps[0].from === 0 && gaps[gaps.length - 1].to === WEEK) {
    const last = gaps.pop()!;
    gaps[0] = { from: last.from, to: gaps[0].to + WEEK };
  }
  return gaps;
}

function mark(covered: Uint8Array, r: Restriction): void {
  const [h, m] = r.startTimeOfDay.split(":").map(Number);
  const minutes = Math.round(r.durationSeconds / 60);
  const starts = r.type === "weekly_restriction"
    ? [((r.startDayOfWeek ?? 1) - 1) * 1440 + h * 60 + m]
    : Array.from({ length: 7 }, (_, d) => d * 1440 + h * 60 + m);
  for (const s of starts) {
    for (let i = 0; i < minutes; i++) covered[(s + i) % WEEK] = 1;
  }
}

/** `saturday 00:00`. */
export function formatMinuteOfWeek(minute: number): string {
  const m = ((minute % WEEK) + WEEK) % WEEK;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[Math.floor(m / 1440)]} ${pad(Math.floor((m % 1440) / 60))}:${pad(m % 60)}`;
}

/** `friday 18:00 to monday 09:00 (63 h)`. */
export function formatGap(gap: Gap): string {
  if (gap.to - gap.from >= WEEK) return "the whole week";
  const hours = (gap.to - gap.from) / 60;
  const length = Number.isInteger(hours) ? `${hours} h` : `${gap.to - gap.from} min`;
  return `${formatMinuteOfWeek(gap.from)} to ${formatMinuteOfWeek(gap.to)} (${length})`;
}
