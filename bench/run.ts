// `npm run bench [-- flags]`: runs the scenarios and prints one JSON figure per line on stdout.
import { parseArgs } from "node:util";
import { runBroadcast } from "./broadcast.js";
import { runEngine, SMALL_PENDING } from "./engine.js";
import { runLatency } from "./engine-latency.js";
import { runLateness } from "./engine-lateness.js";
import { note } from "./figures.js";
import { runImport } from "./import.js";
import { runIngest, type IngestOptions } from "./ingest.js";
import type { Mix } from "./load/traffic.js";
import { runSegments } from "./segments.js";
import { postgresReachable, type DialectName } from "./target.js";

const HELP = `npm run bench -- [flags]

  --scenario NAME     ingest | import | engine | lateness | latency | segments | broadcast | all
                      (default all; repeat to choose several)
  --dialects LIST     sqlite,postgres (default: ingest on both when PostgreSQL answers, the
                      others on sqlite)
  --postgres-url URL  default postgres://postgres@127.0.0.1:5432/test
  ingest:
  --events N          events sent through /v1/batch per target (default 100000)
  --batch-size N      events per /v1/batch call (default 100)
  --batch-clients N   concurrent batch clients (default 10)
  --requests N        single /v1/track calls per target (default 20000)
  --single-clients N  concurrent single-call clients (default 50)
  --known-users N     pool of known users, identified before the run (default 1000)
  --new-share X       share of events for new users, 0..1 (default 0.2)
  --mix I/T/P         percent identify/track/page (default 20/60/20)
  --max-seconds N     stop each load phase after N s (default 5, which keeps the quick run under
                      a minute; off when --events or --requests is given without it)
  import:
  --rows N            CSV rows to import (default 100000; the issue's figure is 1000000)
  engine:
  --runs N            contacts enrolled for steps/s (default 5000; the issue's figure is 100000)
  --pending N         not-yet-due timers in the large timer-scale case, and pending during the
                      lateness scenario (default 100000; the issue's figure is 1000000)
  --due N             due timers processed in each timer-scale case (default 10000, as in the issue)
  lateness:
  --late-sample N     timers falling due over 5 s whose lateness is measured (default 5000)
  --burst N           timers due at once, drained by the engine loop (default 20000; the issue's
                      figure is 100000)
  segments:
  --segment-contacts N  contacts seeded (five events each) for the full recompute (default 100000;
                      the issue's figure is 1000000)
  --segment-events N  events ingested to measure the upkeep cost per event (default 20000)
  --segments N        segments kept current while ingesting (default 50, as in the issue)
  --scoring-rules N   scoring rules kept current with them (default 20, as in the issue)
  latency:
  --latency-rate N    /v1/track calls per second (default 500, as in the issue)
  --latency-seconds N how long the measured load lasts (default 5)
  broadcast (needs Postfix's smtp-sink: apt-get install -y postfix):
  --broadcast-recipients N  contacts the end-to-end broadcast goes to (default 20000; the issue's
                      figure is 100000)
  --render-messages N newsletters rendered for the render-only figures (default 10000)
  --transport-messages N  messages sent for each transport-ceiling figure (default 10000)
  --inbox-rate N      /v1/track calls per second for trigger to inbox (default 200, as in the issue)
  --inbox-seconds N   how long that load lasts (default 10)
`;

const FLAGS = {
  scenario: { type: "string", multiple: true },
  dialects: { type: "string" },
  "postgres-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
  events: { type: "string" },
  "batch-size": { type: "string", default: "100" },
  "batch-clients": { type: "string", default: "10" },
  requests: { type: "string" },
  "single-clients": { type: "string", default: "50" },
  "known-users": { type: "string", default: "1000" },
  "new-share": { type: "string", default: "0.2" },
  mix: { type: "string", default: "20/60/20" },
  "max-seconds": { type: "string" },
  rows: { type: "string", default: "100000" },
  runs: { type: "string", default: "5000" },
  pending: { type: "string", default: "100000" },
  due: { type: "string", default: "10000" },
  "late-sample": { type: "string", default: "5000" },
  burst: { type: "string", default: "20000" },
  "latency-rate": { type: "string", default: "500" },
  "latency-seconds": { type: "string", default: "5" },
  "segment-contacts": { type: "string", default: "100000" },
  "segment-events": { type: "string", default: "20000" },
  segments: { type: "string", default: "50" },
  "scoring-rules": { type: "string", default: "20" },
  "broadcast-recipients": { type: "string", default: "20000" },
  "render-messages": { type: "string", default: "10000" },
  "transport-messages": { type: "string", default: "10000" },
  "inbox-rate": { type: "string", default: "200" },
  "inbox-seconds": { type: "string", default: "10" },
  help: { type: "boolean", short: "h" },
} as const;

const { values } = parseFlags();

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const SCENARIOS = ["ingest", "import", "engine", "lateness", "latency", "segments", "broadcast"];
const scenarios = new Set((values.scenario ?? ["all"]).flatMap((s) => (s === "all" ? SCENARIOS : [s])));
for (const s of scenarios) if (!SCENARIOS.includes(s)) usage(`unknown scenario "${s}"`);
const postgresUrl = values["postgres-url"];
// Every flag is checked before anything runs, so a typo fails at once rather than after a long phase.
const ingestOptions: Omit<IngestOptions, "dialects"> = {
  postgresUrl,
  events: count("events", 100_000),
  batchSize: count("batch-size"),
  batchClients: count("batch-clients"),
  requests: count("requests", 20_000),
  singleClients: count("single-clients"),
  knownUsers: count("known-users"),
  newShare: share(values["new-share"]),
  mix: mix(values.mix),
  maxMs: phaseLimitMs(),
};
const rows = count("rows");
const runs = count("runs");
const pending = count("pending");
const due = count("due");
const lateSample = count("late-sample");
const burst = count("burst");
const latencyRate = count("latency-rate");
const latencySeconds = count("latency-seconds");
const segmentOptions = { contacts: count("segment-contacts"), events: count("segment-events"), segments: count("segments"), scoringRules: count("scoring-rules") };
const broadcastOptions = {
  postgresUrl,
  recipients: count("broadcast-recipients"),
  renderMessages: count("render-messages"),
  transportMessages: count("transport-messages"),
  inboxRate: count("inbox-rate"),
  inboxSeconds: count("inbox-seconds"),
};
if (pending < SMALL_PENDING) usage(`--pending must be at least ${SMALL_PENDING} (the small timer-scale case has that many pending)`);

try {
  if (scenarios.has("ingest")) await runIngest({ ...ingestOptions, dialects: await dialectsFor("ingest", ["sqlite", "postgres"]) });
  if (scenarios.has("import")) {
    for (const dialect of await dialectsFor("import", ["sqlite"])) await runImport({ dialect, postgresUrl, rows });
  }
  if (scenarios.has("engine")) {
    // PostgreSQL only when asked for: at today's engine speed there it would take minutes, not seconds.
    await runEngine({ postgresUrl, dialects: await dialectsFor("engine", ["sqlite"]), runs, pending, due });
  }
  if (scenarios.has("lateness")) await runLateness({ postgresUrl, dialects: await dialectsFor("lateness", ["sqlite"]), pending, lateSample, burst });
  if (scenarios.has("segments")) await runSegments({ postgresUrl, dialects: await dialectsFor("segments", ["sqlite", "postgres"]), ...segmentOptions });
  if (scenarios.has("latency")) await runLatency({ postgresUrl, dialects: await dialectsFor("latency", ["sqlite"]), rate: latencyRate, seconds: latencySeconds });
  if (scenarios.has("broadcast")) await runBroadcast({ ...broadcastOptions, dialects: await dialectsFor("broadcast", ["sqlite"]) });
} catch (err) {
  process.stderr.write(`bench: failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}

/** The dialects asked for, or the defaults; PostgreSQL only when it answers (asked-for and unreachable is an error). */
async function dialectsFor(scenario: string, defaults: DialectName[]): Promise<DialectName[]> {
  const asked = values.dialects?.split(",").map((d) => d.trim());
  for (const d of asked ?? []) if (d !== "sqlite" && d !== "postgres") usage(`unknown dialect "${d}"`);
  const wanted = (asked as DialectName[] | undefined) ?? defaults;
  if (!wanted.includes("postgres") || (await postgresReachable(postgresUrl))) return wanted;
  if (asked) usage(`PostgreSQL is not reachable at ${postgresUrl}`);
  note(`${scenario}: PostgreSQL not reachable at ${postgresUrl}, running on SQLite only`);
  return wanted.filter((d) => d !== "postgres");
}

type CountFlag = "events" | "batch-size" | "batch-clients" | "requests" | "single-clients" | "known-users" | "rows" | "runs" | "pending" | "due" | "late-sample" | "burst" | "latency-rate" | "latency-seconds" | "segment-contacts" | "segment-events" | "segments" | "scoring-rules" | "broadcast-recipients" | "render-messages" | "transport-messages" | "inbox-rate" | "inbox-seconds";

function count(flag: CountFlag, fallback?: number): number {
  const n = Number(values[flag] ?? fallback);
  if (!Number.isInteger(n) || n < 1) usage(`--${flag} must be a positive integer`);
  return n;
}

/** The quick run bounds each phase by time; explicit sizes are run in full unless bounded too. */
function phaseLimitMs(): number | undefined {
  const text = values["max-seconds"] ?? (values.events === undefined && values.requests === undefined ? "5" : undefined);
  if (text === undefined) return undefined;
  const s = Number(text);
  if (!(s > 0)) usage("--max-seconds must be a positive number");
  return s * 1000;
}

function share(text: string): number {
  const x = Number(text);
  if (!(x >= 0 && x <= 1)) usage("--new-share must be between 0 and 1");
  return x;
}

function mix(text: string): Mix {
  const parts = text.split("/").map(Number);
  const [identify, track, page] = parts;
  if (parts.length !== 3 || identify === undefined || track === undefined || page === undefined || parts.some((p) => !(p >= 0)) || identify + track + page <= 0) {
    usage("--mix is three percentages, identify/track/page, e.g. 20/60/20");
  }
  const total = identify + track + page;
  return { identify: identify / total, track: track / total, page: page / total };
}

function parseFlags() {
  try {
    return parseArgs({ options: FLAGS });
  } catch (err) {
    return usage((err as Error).message);
  }
}

function usage(problem: string): never {
  process.stderr.write(`bench: ${problem}\n\n${HELP}`);
  process.exit(2);
}
