import type { FieldError } from "../api.js";
import { errorOf, Labelled } from "../templates/labelled.js";
import type { FormState } from "./form-state.js";

const WHEN: readonly [FormState["schedule"], string][] = [
  ["now", "As soon as it is sent"],
  ["at", "At a given time"],
  ["localTime", "At a time of day in each contact's time zone"],
];

/** When the broadcast goes out: now, at an instant, or at a wall-clock time in each contact's zone. */
export function ScheduleFields({ form, set, errors }: { form: FormState; set: (patch: Partial<FormState>) => void; errors: readonly FieldError[] }) {
  return (
    <fieldset className="bc-section">
      <legend>Schedule</legend>
      <div role="radiogroup" aria-label="When" className="bc-radios">
        {WHEN.map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="schedule" value={value} checked={form.schedule === value} onChange={() => set({ schedule: value })} /> {label}
          </label>
        ))}
      </div>
      {form.schedule === "at" && (
        <Labelled label="Send at" error={errorOf(errors, "schedule.at") ?? errorOf(errors, "schedule")} hint="In your time zone">
          {(c) => <input {...c} type="datetime-local" value={form.at} required onChange={(e) => set({ at: e.target.value })} />}
        </Labelled>
      )}
      {form.schedule === "localTime" && (
        <div className="bc-row">
          <Labelled label="Date" error={errorOf(errors, "schedule.localTime.date") ?? errorOf(errors, "schedule")}>
            {(c) => <input {...c} type="date" value={form.localDate} required onChange={(e) => set({ localDate: e.target.value })} />}
          </Labelled>
          <Labelled label="Time on the contact's clock" error={errorOf(errors, "schedule.localTime.time")}>
            {(c) => <input {...c} type="time" value={form.localTime} required onChange={(e) => set({ localTime: e.target.value })} />}
          </Labelled>
          <Labelled
            label="Time zone for contacts without one"
            error={errorOf(errors, "schedule.localTime.fallbackTimezone")}
            hint="An IANA zone such as Europe/Paris; empty: the workspace's default zone"
          >
            {(c) => <input {...c} value={form.fallbackTimezone} placeholder="Europe/Paris" onChange={(e) => set({ fallbackTimezone: e.target.value })} />}
          </Labelled>
        </div>
      )}
    </fieldset>
  );
}
