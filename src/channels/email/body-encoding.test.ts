import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeBase64Lines, encodeQuotedPrintable, partCapacity, writePart } from "./body-encoding.js";

function qp(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  const out = Buffer.alloc(bytes.length * 4 + 8);
  return out.toString("latin1", 0, encodeQuotedPrintable(bytes, out, 0));
}

function part(text: string): { headers: string; body: string } {
  const bytes = Buffer.from(text, "utf8");
  const out = Buffer.alloc(partCapacity(bytes.length));
  const written = out.toString("latin1", 0, writePart(out, 0, "text/plain", bytes));
  const [headers, body] = written.split("\r\n\r\n") as [string, string];
  return { headers, body };
}

/** RFC 2045 §6.7 decoding, kept apart from the encoder (soft breaks removed, escapes read). */
function decodeQp(encoded: string): string {
  const bytes = Buffer.from(encoded.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1");
  return bytes.toString("utf8");
}

describe("encodeQuotedPrintable", () => {
  it("escapes `=`, non-ASCII bytes and a lone CR, and writes line breaks as CRLF", () => {
    expect(qp("a=b café\nnext\r\nlast\rx")).toBe("a=3Db caf=C3=A9\r\nnext\r\nlast=0Dx");
  });

  it("encodes space and tab at the end of a line only", () => {
    expect(qp("a b \nc\t")).toBe("a b=20\r\nc=09");
  });

  it("breaks long lines with soft breaks at 76 characters, never inside an escape or a UTF-8 character", () => {
    const encoded = qp(`${"x".repeat(74)}é${"y".repeat(200)}`);
    const lines = encoded.split("\r\n");
    expect(lines[0]).toBe(`${"x".repeat(74)}=`);
    expect(lines[1]!.startsWith("=C3=A9y")).toBe(true);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(76);
    expect(qp("x".repeat(76))).toBe("x".repeat(76));
    expect(qp("x".repeat(77))).toBe(`${"x".repeat(75)}=\r\nxx`);
  });

  it("round-trips any text within 76-character lines", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom("\n", "\r\n", " ", "\t", "=", "é", "👋"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), maxLength: 300 }), (text) => {
        const encoded = qp(text);
        expect(encoded).toMatch(/^[\x20-\x7e\r\n\t]*$/);
        expect(encoded.split("\r\n").every((l) => l.length <= 76 && !/[ \t]$/.test(l))).toBe(true);
        expect(decodeQp(encoded)).toBe(text.replace(/\r?\n/g, "\r\n"));
      }),
      { numRuns: 500 },
    );
  });
});

describe("writePart", () => {
  it("uses quoted-printable for mostly Latin text and base64 in 76-character lines where it is shorter", () => {
    expect(part("Bonjour à tous").headers).toBe("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable");
    expect(part("Bonjour à tous").body).toBe("Bonjour =C3=A0 tous");
    const cyrillic = part("Привет, мир! ".repeat(20));
    expect(cyrillic.headers).toContain("Content-Transfer-Encoding: base64");
    const lines = cyrillic.body.split("\r\n");
    expect(lines.slice(0, -1).every((l) => l.length === 76)).toBe(true);
    expect(Buffer.from(lines.join(""), "base64").toString("utf8")).toBe("Привет, мир! ".repeat(20));
    const out = Buffer.alloc(8);
    expect(encodeBase64Lines(Buffer.alloc(0), out, 0)).toBe(0);
  });
});
