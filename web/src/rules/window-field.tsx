import { DurationField, SelectField, type Unit } from "../fields.js";

type Window = { amount: number; unit: Unit } | undefined;

/** A rule with its optional `within` set or removed. */
export function withWindow<R extends { within?: Window }>(rule: R, within: Window): R {
  const { within: _old, ...rest } = rule;
  return (within ? { ...rest, within } : rest) as R;
}

/** "ever" or "in the last N units". */
export function WindowField({ value, onChange }: { value: Window; onChange: (v: Window) => void }) {
  return (
    <>
      <SelectField label="When" value={value ? "window" : "ever"} options={[["ever", "ever"], ["window", "in the last…"]]} onChange={(v) => onChange(v === "window" ? { amount: 7, unit: "days" } : undefined)} />
      {value && <DurationField label="In the last" value={value} onChange={onChange} />}
    </>
  );
}
