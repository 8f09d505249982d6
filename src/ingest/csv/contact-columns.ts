/**
 * The columns `exportContactsCsv` writes before the property columns. A file whose header starts
 * with exactly these imports back as is: they map to the contact's fields, and the read-only
 * ones (`id`, `ownerId`, `createdAt`) are skipped.
 */
export const CONTACT_COLUMNS = ["id", "email", "externalId", "lifecycleStage", "score", "ownerId", "timezone", "tags", "createdAt"] as const;

/** Where each of `CONTACT_COLUMNS` goes on import; null: skipped. */
export const CONTACT_COLUMN_TARGETS: Record<(typeof CONTACT_COLUMNS)[number], string | null> = {
  id: null,
  email: "email",
  externalId: "externalId",
  lifecycleStage: "lifecycleStage",
  score: "score",
  ownerId: null,
  timezone: "timezone",
  tags: "tags",
  createdAt: null,
};

/** Separates tags inside one cell, on export and import. */
export const TAG_SEPARATOR = ";";

/** Prefix of a column naming a property verbatim, used on export when a property is named like a contact column. */
export const PROPERTY_PREFIX = "properties.";
