import { linkSigningKey, withTextTemplate, type CompiledEmail } from "../channels/index.js";
import { NonRetriableError, NotFoundError } from "../core/index.js";
import type { Deps } from "../deps.js";
import { senderAddress } from "../messaging/index.js";
import type { BroadcastDefinition } from "../schemas/broadcast.js";
import { fromJson, type BroadcastRow } from "../store/index.js";
import { compiledTemplate } from "../templates/index.js";

/** One email of a broadcast (its template, or a variant's, or the resend's), ready to merge per recipient. */
export interface BroadcastEmail {
  templateId: string;
  templateVersion: number;
  compiled: { channel: "email"; email: CompiledEmail };
}

/** Everything a batch needs that does not change while the broadcast sends: read once per broadcast. */
export interface BroadcastContent {
  sender: { from: string; replyTo?: string };
  /** The link signing key (tracking and unsubscribe links). */
  key: Buffer;
  /** By phase and variant: `main`, `test:<variant>`, `winner:<variant>`, `resend`. */
  email(phase: string, variant: string | null): BroadcastEmail;
}

/**
 * Compiles the broadcast's emails once, at the template versions fixed when sending started:
 * the main template, each variant (its template and subject line), and the resend (the winner's
 * content, or the main one, with the resend's subject). A missing template or sender identity
 * stops the broadcast (NonRetriableError).
 */
export async function loadBroadcastContent(deps: Deps, row: BroadcastRow, def: BroadcastDefinition): Promise<BroadcastContent> {
  const versions = fromJson<Record<string, number> | null>(row.template_versions) ?? {};
  const compiledOf = async (templateId: string, subject: string | undefined): Promise<BroadcastEmail> => {
    const { compiled, version } = await compiledTemplate(deps, deps.db, row.workspace_id, templateId, versions[templateId]).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NonRetriableError(`template ${JSON.stringify(templateId)} was deleted while the broadcast was sending`) : err;
    });
    if (compiled.channel !== "email") throw new NonRetriableError(`template ${templateId} is a ${compiled.channel} template, not an email one`);
    const email = withTextTemplate(subject === undefined ? compiled.email : { ...compiled.email, subject });
    return { templateId, templateVersion: version, compiled: { channel: "email", email } };
  };
  const emails = new Map<string, BroadcastEmail>();
  emails.set("main", await compiledOf(def.templateId, undefined));
  for (const v of def.abTest?.variants ?? []) emails.set(`variant:${v.id}`, await compiledOf(v.templateId ?? def.templateId, v.subject));
  if (def.resend) {
    const winner = def.abTest?.variants.find((v) => v.id === row.winner);
    emails.set("resend", await compiledOf(winner?.templateId ?? def.templateId, def.resend.subject));
  }
  const sender = await senderAddress(deps, deps.db, row.workspace_id, def.senderId);
  if (!sender) throw new NonRetriableError(`no sender identity ${JSON.stringify(def.senderId)} in this workspace`);
  const key = await linkSigningKey(deps);
  return {
    sender,
    key,
    email(phase, variant) {
      const found = phase === "resend" ? emails.get("resend") : variant !== null ? emails.get(`variant:${variant}`) : emails.get("main");
      if (!found) throw new NonRetriableError(`broadcast ${row.id} has no email for phase ${phase}${variant === null ? "" : ` and variant ${variant}`}`);
      return found;
    },
  };
}
