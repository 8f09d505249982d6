import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
  ingestedEvents: Counter<"type">;
  importedRows: Counter<"outcome">;
}

/** A registry per app, so tests and multiple apps in one process never share counters. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "parcours_" });
  return {
    registry,
    httpRequests: new Counter({ name: "parcours_http_requests_total", help: "HTTP requests by route and status", labelNames: ["method", "route", "status"], registers: [registry] }),
    httpDuration: new Histogram({
      name: "parcours_http_request_duration_seconds",
      help: "HTTP request duration",
      labelNames: ["method", "route"],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [registry],
    }),
    ingestedEvents: new Counter({ name: "parcours_ingested_events_total", help: "Events accepted through the Segment-spec API", labelNames: ["type"], registers: [registry] }),
    importedRows: new Counter({ name: "parcours_imported_rows_total", help: "CSV rows imported, by outcome", labelNames: ["outcome"], registers: [registry] }),
  };
}
