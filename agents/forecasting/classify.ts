// Demand classification (Syntetos & Boylan 2005) on observed (uncensored) days:
// ADI = observed days / days with demand; CV² = squared coefficient of variation of the
// non-zero demand sizes. Cut-offs 1.32 and 0.49 split smooth / erratic / intermittent / lumpy.
import type { SeriesData } from "./model";
import type { DemandClass } from "./types";

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandProfile {
  demandClass: DemandClass;
  adi: number;
  cv2: number;
  observedDays: number;
  demandDays: number;
}

export function classifyDemand(data: SeriesData): DemandProfile {
  let observed = 0,
    demandDays = 0,
    sum = 0,
    sumSq = 0;
  for (let t = 0; t < data.n; t++) {
    if (data.censored && data.censored[t]) continue;
    observed++;
    const v = data.y[t];
    if (v > 0) {
      demandDays++;
      sum += v;
      sumSq += v * v;
    }
  }
  const adi = demandDays > 0 ? observed / demandDays : Infinity;
  const mean = demandDays > 0 ? sum / demandDays : 0;
  const variance = demandDays > 0 ? Math.max(0, sumSq / demandDays - mean * mean) : 0;
  const cv2 = mean > 0 ? variance / (mean * mean) : 0;
  const intermittentTiming = adi >= ADI_CUTOFF;
  const variableSize = cv2 >= CV2_CUTOFF;
  const demandClass: DemandClass = intermittentTiming
    ? variableSize
      ? "lumpy"
      : "intermittent"
    : variableSize
      ? "erratic"
      : "smooth";
  return { demandClass, adi, cv2, observedDays: observed, demandDays };
}
