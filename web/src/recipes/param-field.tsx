import { useId } from "react";
import type { RecipeParam } from "../../../src/schemas/recipe.js";
import type { UserOut } from "../../../src/schemas/user.js";

export type ParamValue = string | string[];

/** The control for one param: a user picker, a set of user checkboxes, or a text box (URL or text). */
export function ParamField({ param, users, value, error, onChange }: { param: RecipeParam; users: UserOut[]; value: ParamValue | undefined; error: string | undefined; onChange: (v: ParamValue) => void }) {
  const id = useId();
  const errorId = `${id}-error`;
  const described = error ? { "aria-describedby": errorId, "aria-invalid": true } : {};
  const userLabel = (u: UserOut) => (u.name ? `${u.name} (${u.email})` : u.email);
  let control;
  if (param.kind === "users") {
    const chosen = Array.isArray(value) ? value : [];
    control = (
      <fieldset {...described}>
        <legend>{param.label}</legend>
        {users.length === 0 && <p className="muted">No users yet: add them in Settings → Users first.</p>}
        {users.map((u) => (
          <label key={u.id}>
            <input type="checkbox" checked={chosen.includes(u.id)} onChange={(e) => onChange(e.target.checked ? [...chosen, u.id] : chosen.filter((x) => x !== u.id))} /> {userLabel(u)}
          </label>
        ))}
      </fieldset>
    );
  } else if (param.kind === "user") {
    control = (
      <>
        <label htmlFor={id}>{param.label}</label>
        <select id={id} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} {...described}>
          <option value="">Choose a user…</option>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {userLabel(u)}
            </option>
          ))}
        </select>
      </>
    );
  } else {
    control = (
      <>
        <label htmlFor={id}>{param.label}</label>
        <input id={id} type={param.kind === "url" ? "url" : "text"} value={typeof value === "string" ? value : ""} placeholder={param.kind === "url" ? "https://…" : undefined} onChange={(e) => onChange(e.target.value)} {...described} />
      </>
    );
  }
  return (
    <div className="recipe-param">
      {control}
      {param.description && <p className="muted">{param.description}</p>}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
