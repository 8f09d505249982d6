import { z } from "zod";
import { IsoTime } from "./contact.js";

/** The types a workspace records for contact properties (docs/rules.md, "Property comparisons"). */
export const PropertyTypeName = z.enum(["string", "number", "boolean", "date"]);
export type PropertyTypeName = z.infer<typeof PropertyTypeName>;

/** A contact property the workspace knows, with the type recorded on its first value. */
export const PropertyDefinitionOut = z.object({
  name: z.string(),
  type: PropertyTypeName,
  createdAt: IsoTime.describe("When the type was recorded"),
});
export type PropertyDefinitionOut = z.infer<typeof PropertyDefinitionOut>;

export const PropertyDefinitionList = z.object({ data: z.array(PropertyDefinitionOut) });
export type PropertyDefinitionList = z.infer<typeof PropertyDefinitionList>;
