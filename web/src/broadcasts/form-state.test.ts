import { describe, expect, it } from "vitest";
import type { BroadcastOut } from "../../../src/schemas/broadcast.js";
import { fromBroadcast, isoToLocal, localToIso, NEW_FORM, nextVariantId, toBody, toUpdate } from "./form-state.js";

describe("the broadcast form's body", () => {
  it("sends only what was chosen: a list, no schedule, no options", () => {
    expect(toBody({ ...NEW_FORM, name: "June", templateId: "t1", audienceId: "l1" })).toEqual({ name: "June", templateId: "t1", audience: { listId: "l1" }, category: "marketing" });
  });

  it("spells out a segment, a local-time schedule, a throttle, an A/B test of subjects and a resend", () => {
    const body = toBody({
      ...NEW_FORM,
      name: "Offer",
      templateId: "t1",
      audienceKind: "segment",
      audienceId: "s1",
      topicId: "news",
      schedule: "localTime",
      localDate: "2026-06-02",
      localTime: "09:30",
      fallbackTimezone: " Europe/Paris ",
      throttled: true,
      perSecond: 10,
      abTest: true,
      variants: [
        { id: "a", subject: "Hello", templateId: "" },
        { id: "b", subject: " ", templateId: "t2" },
      ],
      resend: true,
      resendSubject: "Missed it?",
    });
    expect(body).toEqual({
      name: "Offer",
      templateId: "t1",
      audience: { segmentId: "s1" },
      category: "marketing",
      topicId: "news",
      schedule: { localTime: { date: "2026-06-02", time: "09:30", fallbackTimezone: "Europe/Paris" } },
      throttle: { perSecond: 10 },
      abTest: { variants: [{ id: "a", subject: "Hello" }, { id: "b", templateId: "t2" }], samplePercent: 20, metric: "opens", duration: { amount: 4, unit: "hours" } },
      resend: { after: { amount: 3, unit: "days" }, subject: "Missed it?" },
    });
  });

  it("removes, when a draft is changed, the options the form leaves out", () => {
    expect(toUpdate({ ...NEW_FORM, name: "N", templateId: "t", audienceId: "l" })).toMatchObject({ topicId: null, senderId: null, schedule: null, throttle: null, abTest: null, resend: null });
  });

  it("reads a saved draft back into the same form", () => {
    const form = { ...NEW_FORM, name: "Offer", templateId: "t1", audienceId: "l1", abTest: true, variants: [{ id: "a", subject: "A", templateId: "" }, { id: "b", subject: "B", templateId: "" }], schedule: "at" as const, at: "2026-06-02T08:00" };
    const body = toBody(form);
    const saved = { ...body, topicId: null, senderId: null, throttle: null, resend: null, abTest: { ...body.abTest!, winner: null, endsAt: null } } as unknown as BroadcastOut;
    expect(fromBroadcast(saved)).toEqual(form);
  });

  it("turns the reader's wall-clock time into an instant and back", () => {
    expect(isoToLocal(localToIso("2026-06-02T08:00"))).toBe("2026-06-02T08:00");
    expect(localToIso("")).toBe("");
  });

  it("names new variants a, b, c… skipping those in use", () => {
    expect(nextVariantId([{ id: "a", subject: "", templateId: "" }, { id: "c", subject: "", templateId: "" }])).toBe("b");
  });
});
