/**
 * When a page that shows an analysis still being worked out (ADR 0015) should reload its data.
 *
 * The page learns it waits only when its data arrives, but the loader that found the analysis
 * missing also queued it, and the worker can finish it (in tens of milliseconds on a small store)
 * before the response is rendered. That "finished" event then comes while the page still shows
 * its previous data, which did not wait. So every finished analysis is counted, and data that
 * arrives waiting after one the page has not acted on reloads once, instead of waiting for an
 * event that already came. (The router's own loading state is no clock for this: React renders
 * it late, after such an event.)
 */
export class AnalysisReloadGate {
  private finished = 0;
  /** Finished analyses a load that started after them already covers. */
  private covered = 0;

  /** A background analysis finished; `waiting`: the data shown now waits for one. Returns whether to reload. */
  analysisFinished(waiting: boolean): boolean {
    this.finished += 1;
    if (!waiting) return false;
    this.covered = this.finished; // the reload starts after it, so reads its result
    return true;
  }

  /** New data is shown; returns whether to reload it (it waits, and missed an analysis that finished). */
  dataArrived(waiting: boolean): boolean {
    const missed = this.finished > this.covered;
    this.covered = this.finished;
    return waiting && missed;
  }
}
