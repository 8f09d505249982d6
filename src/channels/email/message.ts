/** A rendered email, ready to hand to a transport. */
export interface EmailMessage {
  /** `address` or `"Display Name" <address>`; the name may be any Unicode. */
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra header fields (List-Unsubscribe, X-Parcours-Delivery, …), by name. */
  headers: Record<string, string>;
  /** RFC 5322 Message-ID, derived from the delivery so a resend carries the same one. */
  messageId: string;
}
