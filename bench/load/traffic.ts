import { createRandom, type Random } from "../random.js";

/** Shares of each call type in generated traffic; they add up to 1. */
export interface Mix {
  identify: number;
  track: number;
  page: number;
}

/** What the generated events look like. */
export interface TrafficOptions {
  mix: Mix;
  /** Share of events (0–1) for users never seen before; the rest go to the known pool. */
  newShare: number;
  /** Size of the pool of known users (`known-0` … `known-<n-1>`), identified before the run. */
  knownUsers: number;
  /** Makes message ids and new user ids unique across the phases sent to one server. */
  idPrefix: string;
  seed: number;
}

export type SegmentEvent = Record<string, unknown> & { type: "identify" | "track" | "page"; messageId: string };

const EVENTS = ["Viewed Product", "Added to Cart", "Started Checkout", "Completed Order", "Searched"];
const PAGES = ["Home", "Pricing", "Docs", "Blog", "Signup"];
const PLANS = ["free", "pro", "team", "enterprise"];

/** A stream of Segment-spec events following `options`; `knownUserId(i)` names the pool. */
export function createTraffic(options: TrafficOptions) {
  const random = createRandom(options.seed);
  let seq = 0;
  let newUsers = 0;
  const now = () => new Date().toISOString();

  const userId = (): string => (random.next() < options.newShare ? `new-${options.idPrefix}-${newUsers++}` : knownUserId(random.int(options.knownUsers)));

  const event = (): SegmentEvent => {
    const r = random.next();
    const { mix } = options;
    const messageId = `${options.idPrefix}-${seq++}`;
    if (r < mix.identify) return identify(userId(), messageId, random);
    if (r < mix.identify + mix.track) return track(userId(), messageId, random);
    return { type: "page", userId: userId(), name: random.pick(PAGES), properties: { path: `/${random.pick(PAGES).toLowerCase()}`, referrer: "https://example.org/" }, messageId, timestamp: now() };
  };

  return {
    event,
    /** A `/v1/batch` body of `size` events. */
    batch: (size: number): { batch: SegmentEvent[]; sentAt: string } => ({ batch: Array.from({ length: size }, event), sentAt: now() }),
    /** A `/v1/track` body. */
    track: (): SegmentEvent => track(userId(), `${options.idPrefix}-${seq++}`, random),
    /** Identify calls for the known pool, `from` to `to` (exclusive): seeds the users the run then reuses. */
    seedBatch: (from: number, to: number): { batch: SegmentEvent[]; sentAt: string } => ({
      batch: Array.from({ length: to - from }, (_, i) => identify(knownUserId(from + i), `${options.idPrefix}-${seq++}`, random)),
      sentAt: now(),
    }),
  };
}

export function knownUserId(i: number): string {
  return `known-${i}`;
}

function identify(userId: string, messageId: string, random: Random): SegmentEvent {
  return {
    type: "identify",
    userId,
    traits: { email: `${userId}@example.com`, plan: random.pick(PLANS), seats: 1 + random.int(50) },
    messageId,
    timestamp: new Date().toISOString(),
  };
}

function track(userId: string, messageId: string, random: Random): SegmentEvent {
  return {
    type: "track",
    userId,
    event: random.pick(EVENTS),
    properties: { product_id: `p-${random.int(500)}`, price: Math.round(random.next() * 20000) / 100, currency: "EUR" },
    messageId,
    timestamp: new Date().toISOString(),
  };
}
