import { z } from "zod";
import { Tag } from "./contact.js";

export const TagsAdd = z.strictObject({ tags: z.array(Tag).min(1).max(100) });
export type TagsAdd = z.infer<typeof TagsAdd>;

export const TagCount = z.object({ tag: z.string(), count: z.number().int().describe("Contacts carrying the tag") });
export const TagCounts = z.object({ data: z.array(TagCount) });
