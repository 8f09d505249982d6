import { createHash } from "node:crypto";
import type { StepHandlers } from "../runtime/step.js";

type Variant = { name: string; weight: number };

/**
 * A/B split, sticky per contact: the variant comes from a hash of (contact, node), so the same
 * contact lands on the same variant in every run of the workflow; the run keeps it in its state
 * and reuses it when a loop comes back to the split.
 */
export const splitStep: StepHandlers["split"] = async (ctx, node) => {
  const { variants } = ctx.run.state;
  const kept = node.variants.find((v) => v.name === variants[node.id]);
  const weights = node.variants.map((v) => v.weight).join("/");
  const variant = kept ?? pickVariant(node.variants, splitPoint(ctx.contact.id, node.id));
  variants[node.id] = variant.name;
  const reason = kept ? "kept the variant this run was given before" : `assigned by weight (${weights}), always the same for this contact`;
  return { kind: "next", to: variant.next, record: { decision: `variant ${variant.name}`, reason } };
};

/** A stable number in [0, 1) for a contact at a split node: the first 48 bits of a SHA-256. */
export function splitPoint(contactId: string, nodeId: string): number {
  // Node ids cannot hold ":", so the pair is unambiguous.
  const digest = createHash("sha256").update(`${contactId}:${nodeId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** The variant whose share of the total weight covers `point`. */
export function pickVariant<V extends Variant>(variants: readonly V[], point: number): V {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let upTo = 0;
  for (const v of variants) {
    upTo += v.weight / total;
    if (point < upTo) return v;
  }
  // Rounding can leave the running sum a hair under 1.
  return variants[variants.length - 1]!;
}
