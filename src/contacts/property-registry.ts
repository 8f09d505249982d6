import type { FieldProblem } from "../core/index.js";
import type { PropertyDefinitionRow } from "../store/index.js";
import { checkValue, inferType, PROPERTY_NAME, type PropertyType, type PropertyValue } from "./property-types.js";

/**
 * A workspace's property types within one unit of work: checks values against recorded types,
 * and records the type of a property on its first value. What it records is written with the
 * unit of work (`added`), and reaches the process cache only once that commits.
 */
export class PropertyRegistry {
  /** Definitions first recorded by this unit of work. */
  readonly added: PropertyDefinitionRow[] = [];

  constructor(
    private readonly types: Map<string, PropertyType>,
    private readonly workspaceId: string,
    private readonly now: () => number,
  ) {}

  typeOf(name: string): PropertyType | undefined {
    return this.types.get(name);
  }

  /**
   * Checks values without recording anything; `null` means "unset". Returns the problems, each
   * named `${prefix}${name}`, and the values in their stored form.
   */
  check(values: Record<string, unknown>, prefix: string): { problems: FieldProblem[]; checked: Map<string, PropertyValue | null> } {
    const problems: FieldProblem[] = [];
    const checked = new Map<string, PropertyValue | null>();
    for (const [name, raw] of Object.entries(values)) {
      const field = `${prefix}${name}`;
      if (!PROPERTY_NAME.test(name)) {
        problems.push({ field, message: "property names start with a letter or _ and hold only letters, digits, _, - and . (at most 100)" });
        continue;
      }
      if (raw === null || raw === undefined) {
        checked.set(name, null);
        continue;
      }
      const type = this.types.get(name) ?? inferType(raw);
      if (!type) {
        problems.push({ field, message: `must be a string, number, boolean or ISO-8601 date, got ${Array.isArray(raw) ? "an array" : typeof raw}` });
        continue;
      }
      const r = checkValue(type, raw);
      if (r.ok) checked.set(name, r.value);
      else problems.push({ field, message: r.message });
    }
    return { problems, checked };
  }

  /** Records the type a checked value implies, if the property has none yet. */
  noteValue(name: string, value: PropertyValue | null): void {
    if (value !== null) this.define(name, inferType(value)!);
  }

  /** Records a property's type ahead of its first value; no-op once typed. */
  define(name: string, type: PropertyType): void {
    if (this.types.has(name)) return;
    this.types.set(name, type);
    this.added.push({ workspace_id: this.workspaceId, name, type, created_at: this.now() });
  }
}
