import { describe, expect, it } from "vitest";
import { AnalysisReloadGate } from "./analysis-reload";

describe("AnalysisReloadGate", () => {
  it("reloads when an analysis finishes while the page waits for one, and not when it does not wait", () => {
    const gate = new AnalysisReloadGate();
    expect(gate.analysisFinished(true)).toBe(true);
    expect(gate.analysisFinished(false)).toBe(false);
  });

  it("data that arrives waiting after an analysis finished meanwhile reloads once", () => {
    // The loader queued the report and the worker finished it before the response was rendered:
    // the event came while the previous data (which did not wait) was shown.
    const gate = new AnalysisReloadGate();
    expect(gate.dataArrived(false)).toBe(false);
    expect(gate.analysisFinished(false)).toBe(false);
    expect(gate.dataArrived(true)).toBe(true);
    // That reload's data still waits (another analysis): no new event, no new reload.
    expect(gate.dataArrived(true)).toBe(false);
  });

  it("a reload asked for by the event covers it: its data, still waiting for another analysis, does not reload again", () => {
    const gate = new AnalysisReloadGate();
    expect(gate.analysisFinished(true)).toBe(true);
    expect(gate.dataArrived(true)).toBe(false);
    expect(gate.analysisFinished(true)).toBe(true); // the other analysis finishes: reload
  });

  it("data that arrives complete never reloads", () => {
    const gate = new AnalysisReloadGate();
    gate.analysisFinished(false);
    expect(gate.dataArrived(false)).toBe(false);
    expect(gate.dataArrived(false)).toBe(false);
  });
});
