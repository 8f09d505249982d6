import type { SendOutcome } from "../outcome.js";
import { postDelivery } from "../http/post.js";

/** A Twilio-compatible messaging API: base URL (Twilio's, or a compatible provider's), account and token. */
export interface SmsAccount {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** The sending number or messaging service id. */
  from: string;
}

/**
 * Sends one SMS with Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`,
 * form-encoded To, From, Body, HTTP Basic auth). The answer's `sid` is the provider's message id.
 */
export function sendSms(account: SmsAccount, sms: { to: string; body: string; now: number; timeoutMs: number }): Promise<SendOutcome & { json?: unknown }> {
  const url = `${account.baseUrl.replace(/\/$/, "")}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}/Messages.json`;
  const body = new URLSearchParams({ To: sms.to, From: account.from, Body: sms.body }).toString();
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`,
    "user-agent": "Parcours/1",
  };
  return postDelivery({ url, headers, body, now: sms.now, timeoutMs: sms.timeoutMs, errorPrefix: "Sms" });
}
