import type { RecipeChannel } from "../../../src/schemas/recipe.js";

/** How each channel reads in the gallery. */
export const CHANNEL_LABELS: Record<RecipeChannel, string> = { email: "Email", sms: "SMS", in_app: "In-app", slack: "Slack", webhook: "Webhook", owner: "Sales owner" };
