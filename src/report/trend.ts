import type { Trend } from "../model/report.js";

const RISING = 1.25;
const FALLING = 0.8;

/** Second half of the series against the first; the middle day of an odd-length series is left out. */
export function trendOf(daily: ArrayLike<number>): Trend {
  const half = Math.floor(daily.length / 2);
  let firstHalf = 0;
  let secondHalf = 0;
  for (let i = 0; i < half; i++) firstHalf += daily[i] ?? 0;
  for (let i = daily.length - half; i < daily.length; i++) secondHalf += daily[i] ?? 0;
  const ratio = firstHalf > 0 ? secondHalf / firstHalf : null;
  return { label: label(half, firstHalf, secondHalf, ratio), firstHalf, secondHalf, ratio };
}

function label(half: number, first: number, second: number, ratio: number | null): Trend["label"] {
  if (half === 0) return "n/a";
  if (first === 0 && second === 0) return "idle";
  if (first === 0) return "new";
  if (second === 0) return "stopped";
  if (ratio !== null && ratio >= RISING) return "rising";
  if (ratio !== null && ratio <= FALLING) return "falling";
  return "steady";
}
