import type { BroadcastCreate, BroadcastOut } from "../../../src/schemas/broadcast.js";

export type Unit = "minutes" | "hours" | "days" | "weeks" | "months";
export interface Span {
  amount: number;
  unit: Unit;
}

export interface VariantState {
  id: string;
  subject: string;
  /** "" keeps the broadcast's template. */
  templateId: string;
}

/** The broadcast form as edited: every choice spelled out, turned into the API's body by `toBody`. */
export interface FormState {
  name: string;
  templateId: string;
  audienceKind: "list" | "segment";
  audienceId: string;
  category: "marketing" | "transactional";
  topicId: string;
  senderId: string;
  schedule: "now" | "at" | "localTime";
  /** `datetime-local` text: the reader's wall clock. */
  at: string;
  localDate: string;
  localTime: string;
  fallbackTimezone: string;
  throttled: boolean;
  perSecond: number;
  abTest: boolean;
  variants: VariantState[];
  samplePercent: number;
  metric: "opens" | "clicks";
  duration: Span;
  resend: boolean;
  resendAfter: Span;
  resendSubject: string;
}

export const NEW_FORM: FormState = {
  name: "",
  templateId: "",
  audienceKind: "list",
  audienceId: "",
  category: "marketing",
  topicId: "",
  senderId: "",
  schedule: "now",
  at: "",
  localDate: "",
  localTime: "09:00",
  fallbackTimezone: "",
  throttled: false,
  perSecond: 50,
  abTest: false,
  variants: [
    { id: "a", subject: "", templateId: "" },
    { id: "b", subject: "", templateId: "" },
  ],
  samplePercent: 20,
  metric: "opens",
  duration: { amount: 4, unit: "hours" },
  resend: false,
  resendAfter: { amount: 3, unit: "days" },
  resendSubject: "",
};

/** The body of POST /broadcasts (and of PATCH, where `null` removes what the form leaves out). */
export function toBody(f: FormState): BroadcastCreate {
  const optional = <T>(on: boolean, v: T) => (on ? v : undefined);
  return strip({
    name: f.name,
    templateId: f.templateId,
    audience: f.audienceKind === "list" ? { listId: f.audienceId } : { segmentId: f.audienceId },
    category: f.category,
    topicId: f.topicId || undefined,
    senderId: f.senderId || undefined,
    schedule:
      f.schedule === "at"
        ? { at: localToIso(f.at) }
        : f.schedule === "localTime"
          ? { localTime: { date: f.localDate, time: f.localTime, ...(f.fallbackTimezone.trim() ? { fallbackTimezone: f.fallbackTimezone.trim() } : {}) } }
          : undefined,
    throttle: optional(f.throttled, { perSecond: f.perSecond }),
    abTest: optional(f.abTest, {
      variants: f.variants.map((v) => strip({ id: v.id, subject: v.subject.trim() || undefined, templateId: v.templateId || undefined })),
      samplePercent: f.samplePercent,
      metric: f.metric,
      duration: f.duration,
    }),
    resend: optional(f.resend, { after: f.resendAfter, subject: f.resendSubject }),
  }) as BroadcastCreate;
}

/** PATCH body for a draft: the form's fields, each optional one left out becoming `null`. */
export function toUpdate(f: FormState): Record<string, unknown> {
  const body: Record<string, unknown> = toBody(f);
  for (const k of ["topicId", "senderId", "schedule", "throttle", "abTest", "resend"]) if (!(k in body)) body[k] = null;
  return body;
}

/** The form showing a saved broadcast (a draft being edited). */
export function fromBroadcast(b: BroadcastOut): FormState {
  const s = b.schedule;
  return {
    ...NEW_FORM,
    name: b.name,
    templateId: b.templateId,
    audienceKind: "listId" in b.audience ? "list" : "segment",
    audienceId: "listId" in b.audience ? b.audience.listId : b.audience.segmentId,
    category: b.category,
    topicId: b.topicId ?? "",
    senderId: b.senderId ?? "",
    schedule: !s ? "now" : "at" in s ? "at" : "localTime",
    at: s && "at" in s ? isoToLocal(s.at) : "",
    localDate: s && "localTime" in s ? s.localTime.date : "",
    localTime: s && "localTime" in s ? s.localTime.time : NEW_FORM.localTime,
    fallbackTimezone: s && "localTime" in s ? (s.localTime.fallbackTimezone ?? "") : "",
    throttled: b.throttle !== null,
    perSecond: b.throttle?.perSecond ?? NEW_FORM.perSecond,
    abTest: b.abTest !== null,
    variants: b.abTest ? b.abTest.variants.map((v) => ({ id: v.id, subject: v.subject ?? "", templateId: v.templateId ?? "" })) : NEW_FORM.variants,
    samplePercent: b.abTest?.samplePercent ?? NEW_FORM.samplePercent,
    metric: b.abTest?.metric ?? NEW_FORM.metric,
    duration: b.abTest?.duration ?? NEW_FORM.duration,
    resend: b.resend !== null,
    resendAfter: b.resend?.after ?? NEW_FORM.resendAfter,
    resendSubject: b.resend?.subject ?? "",
  };
}

/** The next free variant id: a, b, c… */
export function nextVariantId(variants: readonly VariantState[]): string {
  for (const id of "abcdefghij") if (!variants.some((v) => v.id === id)) return id;
  return `v${variants.length + 1}`;
}

/** `datetime-local` text (the reader's zone) as an ISO instant; unreadable text is passed on for the server to name. */
export function localToIso(local: string): string {
  const d = new Date(local);
  return local && !Number.isNaN(d.getTime()) ? d.toISOString() : local;
}

/** An ISO instant as `datetime-local` text in the reader's zone. */
export function isoToLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The object without its undefined members (the API's strict schemas refuse none, but the body reads cleaner). */
function strip<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
