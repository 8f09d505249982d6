import { randomBytes } from "node:crypto";
import addressparser from "nodemailer/lib/addressparser";
import { foldLines } from "nodemailer/lib/mime-funcs";
import MimeNode from "nodemailer/lib/mime-node";
import { partCapacity, writePart } from "./body-encoding.js";
import type { EmailMessage } from "./message.js";

/**
 * nodemailer's header encoders (address lists with punycode and RFC 2047 display names, encoded
 * words for unstructured text, message ids), reused through one node: they keep no state, and a
 * node per message would draw random bytes for a boundary it never uses.
 */
const headers = new MimeNode(false, { baseBoundary: "parcours" });

/** Headers the builder writes itself; a message's extra headers cannot replace them. */
const OWN_HEADERS = new Set(["from", "reply-to", "to", "cc", "bcc", "sender", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding"]);
/** A header field name: printable ASCII but the colon (RFC 5322 §3.6.8). */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
/** A bare ASCII address (dot-atom at a host name), written as it is in headers and envelopes. */
const PLAIN_ADDRESS = /^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?$/;
/** Encoded sender headers: a broadcast's From and Reply-To are the same for every message. */
const senders = new Map<string, string>();
const MAX_SENDERS = 100;

/**
 * `=_` cannot occur in quoted-printable or base64 text, so no body line can be mistaken for the
 * boundary; the per-process random part and the counter make each message's boundary its own.
 */
const BOUNDARY_PREFIX = `=_parcours_${randomBytes(6).toString("hex")}_`;
let boundaries = 0;

/**
 * `message` as one RFC 5322 message, ready for SMTP's DATA: a multipart/alternative of the text
 * part then the HTML part (the last is the preferred one; an empty part is left out), each
 * UTF-8 in quoted-printable or base64 with lines within 76 characters; From, Reply-To, To and
 * Subject RFC 2047-encoded where they are not ASCII; Date (`date`, epoch ms), Message-ID,
 * MIME-Version; then the message's extra headers (List-Unsubscribe, …), folded. CRLF line
 * breaks throughout.
 */
export function buildRawEmail(message: EmailMessage, date: number): Buffer {
  const lines = [
    senderHeader("From", message.from),
    ...(message.replyTo ? [senderHeader("Reply-To", message.replyTo)] : []),
    PLAIN_ADDRESS.test(message.to) ? `To: ${message.to}` : header("To", message.to),
    header("Subject", message.subject),
    `Date: ${new Date(date).toUTCString().replace("GMT", "+0000")}`,
    header("Message-ID", message.messageId),
    "MIME-Version: 1.0",
  ];
  for (const [name, value] of Object.entries(message.headers)) {
    if (FIELD_NAME.test(name) && !OWN_HEADERS.has(name.toLowerCase())) lines.push(header(name, value));
  }
  // An empty part is left out, as nodemailer does; a single part is the whole body.
  const parts = [
    { type: "text/plain", body: message.text },
    { type: "text/html", body: message.html },
  ]
    .filter((p) => p.body !== "")
    .map((p) => ({ type: p.type, bytes: Buffer.from(p.body, "utf8") }));
  const boundary = parts.length > 1 ? `${BOUNDARY_PREFIX}${(boundaries++).toString(36)}` : "";
  if (boundary) lines.push(`Content-Type: multipart/alternative; boundary="${boundary}"`);
  const head = `${lines.join("\r\n")}\r\n`;
  const out = scratchFor(head.length + parts.reduce((n, p) => n + boundary.length + 8 + partCapacity(p.bytes.length), 16));
  let pos = out.write(head, 0, "latin1");
  if (!boundary) {
    const part = parts[0] ?? { type: "text/plain", bytes: Buffer.alloc(0) };
    pos = writePart(out, pos, part.type, part.bytes);
    // SMTP's DATA needs the last line ended, as nodemailer does; an empty body stays empty.
    if (part.bytes.length > 0 && out[pos - 1] !== 0x0a) pos += out.write("\r\n", pos, "latin1");
  } else {
    pos += out.write("\r\n", pos, "latin1");
    for (const part of parts) {
      pos += out.write(`--${boundary}\r\n`, pos, "latin1");
      pos = writePart(out, pos, part.type, part.bytes);
      pos += out.write("\r\n", pos, "latin1");
    }
    pos += out.write(`--${boundary}--\r\n`, pos, "latin1");
  }
  return Buffer.from(out.subarray(0, pos));
}

/**
 * Messages are written into one buffer kept between calls (they are built synchronously, one at
 * a time), then copied out at their size: no worst-case-sized buffer per body for the collector.
 */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

function scratchFor(bytes: number): Buffer {
  if (scratch.length < bytes) scratch = Buffer.allocUnsafeSlow(Math.max(bytes, scratch.length * 2));
  return scratch;
}

/** The SMTP envelope of `message`: the bare addresses of its From and To. */
export function emailEnvelope(message: Pick<EmailMessage, "from" | "to">): { from: string; to: string[] } {
  const from = PLAIN_ADDRESS.test(message.from) ? message.from : (addressparser(message.from, { flatten: true })[0]?.address ?? message.from);
  return { from, to: PLAIN_ADDRESS.test(message.to) ? [message.to] : addressparser(message.to, { flatten: true }).map((a) => a.address) };
}

function senderHeader(name: "From" | "Reply-To", value: string): string {
  const key = `${name}\u0000${value}`;
  let line = senders.get(key);
  if (line === undefined) {
    line = header(name, value);
    if (senders.size >= MAX_SENDERS) senders.delete(senders.keys().next().value!);
    senders.set(key, line);
  }
  return line;
}

/** One header line, its value encoded as nodemailer does for that field and folded at 76 characters. */
function header(name: string, value: string): string {
  return foldLines(`${name}: ${headers.encodeHeaderValue(name, value)}`, 76);
}
