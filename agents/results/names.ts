// Import-free (pages import it): the system agent that computes stored results (ADR 0015).
export const REFRESH_AGENT = "analysis-refresh";
