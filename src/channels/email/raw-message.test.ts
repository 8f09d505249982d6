import fc from "fast-check";
import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import MailComposer from "nodemailer/lib/mail-composer";
import { describe, expect, it } from "vitest";
import type { EmailMessage } from "./message.js";
import { buildRawEmail, emailEnvelope } from "./raw-message.js";

const DATE = Date.UTC(2024, 5, 3, 9, 30, 15);
const longWords = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ".repeat(12);
const html = `<!doctype html><html><body><div style="display:none">Preheader — à bientôt</div><table><tr><td style="font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:22px;color:#333333;padding:10px 25px;word-break:break-word">Bonjour Zoë 👋 ${longWords}</td></tr>
<tr><td><a href="https://app.example.com/releases/2024-06?contact=c_01HZX&amp;utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=juin-2024-été" style="color:#5b3cc4">Read the release notes</a></td></tr>
<tr><td><a href="https://t.example.com/c/eyJhbGciOiJIUzI1NiJ9.eyJ1cmwiOiJodHRwczovL3d3dy5leGFtcGxlLmNvbS9mZWF0dXJlcy9zZWdtZW50cz91dG1fc291cmNlPW5ld3NsZXR0ZXIifQ.s1gn4tur3">Segments</a>
. a line starting with a dot, and one ending in spaces   
<a href="http://localhost:3000/u/tok_0123456789abcdefghijklmnopqrstuvwxyz">Unsubscribe</a></td></tr></table></body></html>`;
const text = `Bonjour Zoë 👋\n\n${longWords}\n\nRead the release notes [https://app.example.com/releases/2024-06?contact=c_01HZX&utm_source=newsletter]\n.\nUnsubscribe: http://localhost:3000/u/tok_0123456789abcdefghijklmnopqrstuvwxyz\n`;
const unsubscribe = "<http://localhost:3000/u/tok_0123456789abcdefghijklmnopqrstuvwxyz>";

const message: EmailMessage = {
  from: '"Zoë Ünïcode, Café Crème" <news@example.com>',
  replyTo: "Équipe Support <support@example.com>",
  to: "ada.lovelace@example.org",
  subject: "Bonjour Zoë, ce qui change en juin ✨ — crème brûlée, naïve façade et un sujet assez long pour être plié",
  text,
  html,
  headers: { "List-Unsubscribe": unsubscribe, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "X-Parcours-Delivery": "run_1:welcome" },
  messageId: "<0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b@parcours>",
};

const parse = (raw: Buffer): Promise<ParsedMail> => simpleParser(raw, { skipTextToHtml: true, skipHtmlToText: true });
const address = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0];

describe("buildRawEmail", () => {
  it("builds a multipart/alternative message whose headers, text and HTML parse back as given", async () => {
    const raw = buildRawEmail(message, DATE);
    const mail = await parse(raw);
    expect(address(mail.from)).toEqual({ name: "Zoë Ünïcode, Café Crème", address: "news@example.com" });
    expect(address(mail.replyTo)).toEqual({ name: "Équipe Support", address: "support@example.com" });
    expect(address(mail.to)).toEqual({ name: "", address: "ada.lovelace@example.org" });
    expect(mail.subject).toBe(message.subject);
    expect(mail.messageId).toBe(message.messageId);
    expect(mail.date?.getTime()).toBe(DATE);
    expect(mail.headers.get("mime-version")).toBe("1.0");
    expect(mail.headers.get("x-parcours-delivery")).toBe("run_1:welcome");
    // mailparser gathers List-* into one structure; the lines show what a client reads.
    const line = (key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/\r\n/g, "");
    expect(line("list-unsubscribe")).toBe(`List-Unsubscribe: ${unsubscribe}`);
    expect(line("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(mail.text).toBe(text);
    expect(mail.html).toBe(html);
    expect((mail.headers.get("content-type") as { value: string }).value).toBe("multipart/alternative");
  });

  it("writes ASCII only, CRLF line breaks, lines within 76 characters and non-ASCII headers as RFC 2047 encoded words", () => {
    const raw = buildRawEmail(message, DATE).toString("latin1");
    expect(raw).toMatch(/^[\x00-\x7f]*$/);
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    const lines = raw.split("\r\n");
    expect(lines.filter((l) => l.length > 76)).toEqual([]);
    const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
    expect(head).toMatch(/^From: =\?UTF-8\?Q\?Zo=C3=AB_/m);
    expect(head).toMatch(/\?= <news@example\.com>\r\n/);
    expect(head).toMatch(/^Subject: =\?UTF-8\?Q\?/m);
    expect(head).toContain("Date: Mon, 03 Jun 2024 09:30:15 +0000");
    expect(head).toContain(`Message-ID: ${message.messageId}`);
    // Folded lines continue with whitespace.
    expect(head.split("\r\n").filter((l) => !/^[A-Za-z-]+:/.test(l)).every((l) => /^[ \t]/.test(l))).toBe(true);
    // The links survive byte for byte in the decoded HTML (checked above) and are split only by soft breaks here.
    expect(raw).toContain("Content-Transfer-Encoding: quoted-printable");
  });

  it("keeps its own headers: an extra header cannot replace From, add a recipient or break a line", async () => {
    const raw = buildRawEmail(
      { ...message, subject: "Hi\r\nBcc: victim@example.com", headers: { From: "evil@example.com", "Bad Name": "x", "X-Note": "one\r\nBcc: victim@example.com", "Content-Type": "text/plain" } },
      DATE,
    );
    const mail = await parse(raw);
    expect(address(mail.from)?.address).toBe("news@example.com");
    expect(mail.bcc).toBeUndefined();
    expect(mail.headers.has("bad name")).toBe(false);
    expect(mail.headers.get("x-note")).toBe("one Bcc: victim@example.com");
    expect(mail.subject).toBe("Hi Bcc: victim@example.com");
    expect(mail.html).toBe(html);
  });

  it("leaves an empty part out, as nodemailer does", async () => {
    const compose = (m: EmailMessage) => new MailComposer({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId }).compile().build();
    for (const m of [{ ...message, text: "" }, { ...message, html: "" }, { ...message, text: "", html: "" }]) {
      const [ours, theirs] = await Promise.all([parse(buildRawEmail(m, DATE)), compose(m).then(parse)]);
      expect([ours.text ?? "", ours.html]).toEqual([theirs.text ?? "", theirs.html]);
      expect((ours.headers.get("content-type") as { value: string }).value).toBe(m.html ? "text/html" : "text/plain");
    }
  });

  it("uses base64 for bodies that are mostly non-ASCII, and a new boundary for each message", async () => {
    const russian = "Привет, мир! Это письмо на русском языке, и оно довольно длинное. ".repeat(10);
    const raw = buildRawEmail({ ...message, text: russian, html: `<p>${russian}</p>` }, DATE);
    expect(raw.toString("latin1")).toContain("Content-Transfer-Encoding: base64");
    const mail = await parse(raw);
    expect(mail.text).toBe(russian);
    expect(mail.html).toBe(`<p>${russian}</p>`);
    const boundary = (m: Buffer) => /boundary="([^"]+)"/.exec(m.toString("latin1"))![1];
    expect(boundary(raw)).not.toBe(boundary(buildRawEmail(message, DATE)));
  });

  it("parses back the same as nodemailer's own composer output", async () => {
    const composed = await new MailComposer({ from: message.from, replyTo: message.replyTo, to: message.to, subject: message.subject, text, html, headers: message.headers, messageId: message.messageId, date: new Date(DATE) }).compile().build();
    const [ours, theirs] = await Promise.all([parse(buildRawEmail(message, DATE)), parse(composed)]);
    for (const key of ["from", "replyTo", "to", "subject", "messageId", "date", "text", "html"] as const) expect(ours[key]).toEqual(theirs[key]);
    for (const key of ["list", "x-parcours-delivery"]) expect(ours.headers.get(key)).toEqual(theirs.headers.get(key));
  });

  it("round-trips any text and HTML, keeping every line within 76 characters", async () => {
    const body = fc.string({ unit: fc.oneof(fc.constantFrom("\n", "\r\n", "\r", " ", "\t", "=", ".", "-", "é", "👋", "中"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 400 });
    await fc.assert(
      fc.asyncProperty(body, body, async (t, h) => {
        const raw = buildRawEmail({ ...message, text: t, html: h }, DATE);
        const lines = raw.toString("latin1").split("\r\n");
        expect(lines.filter((l) => l.length > 76)).toEqual([]);
        const mail = await parse(raw);
        // mailparser gives line breaks as LF.
        expect(mail.text ?? "").toBe(t.replace(/\r\n/g, "\n"));
        expect(mail.html || "").toBe(h.replace(/\r\n/g, "\n"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("emailEnvelope", () => {
  it("takes the bare addresses of From and To", () => {
    expect(emailEnvelope(message)).toEqual({ from: "news@example.com", to: ["ada.lovelace@example.org"] });
    expect(emailEnvelope({ from: "a@example.com", to: "Bob <bob@example.com>" })).toEqual({ from: "a@example.com", to: ["bob@example.com"] });
  });
});
