/** A MIME body part's bytes, encoded for a 7-bit SMTP transport, and the encoding's name. */
export interface EncodedBody {
  encoding: "quoted-printable" | "base64";
  /** CRLF line breaks, no line longer than 76 characters (RFC 2045 §6.7, §6.8). */
  bytes: Buffer;
}

/** Encoded line length, not counting CRLF (RFC 2045: at most 76). */
const MAX_LINE = 76;

/**
 * `text` (UTF-8) encoded for a body part: quoted-printable, which keeps mostly-Latin text readable
 * in the raw message, unless more than a fifth of its bytes are non-ASCII (Cyrillic, CJK…), where
 * base64 is smaller. Line breaks (LF or CRLF) come out as CRLF in quoted-printable.
 */
export function encodeBody(text: string): EncodedBody {
  const bytes = Buffer.from(text, "utf8");
  let high = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) high++;
  return high * 5 > bytes.length ? { encoding: "base64", bytes: encodeBase64Lines(bytes) } : { encoding: "quoted-printable", bytes: encodeQuotedPrintable(bytes) };
}

/** Base64 in lines of 76 characters separated by CRLF. */
export function encodeBase64Lines(bytes: Buffer): Buffer {
  const b64 = bytes.toString("base64");
  const lines = Math.ceil(b64.length / MAX_LINE);
  const out = Buffer.allocUnsafe(b64.length + Math.max(0, lines - 1) * 2);
  let pos = 0;
  for (let i = 0; i < b64.length; i += MAX_LINE) {
    if (i > 0) pos = writeCrlf(out, pos);
    pos += out.write(b64.slice(i, i + MAX_LINE), pos, "latin1");
  }
  return out.subarray(0, pos);
}

const HEX = Buffer.from("0123456789ABCDEF", "latin1");
/** 1 for bytes written as themselves (RFC 2045 §6.7 rule 2: `!` to `~` except `=`); space and tab are decided by position. */
const LITERAL = new Uint8Array(256);
for (let b = 0x21; b <= 0x7e; b++) LITERAL[b] = b === 0x3d ? 0 : 1;

/**
 * Quoted-printable (RFC 2045 §6.7) in one pass over the bytes: LF or CRLF become CRLF hard breaks,
 * a lone CR is data (=0D), space and tab are encoded at the end of a line, and soft breaks (`=`
 * CRLF) keep every line within 76 characters without splitting an `=XX` escape or a UTF-8
 * character's escapes across two lines (some clients decode each line on its own).
 */
export function encodeQuotedPrintable(input: Buffer): Buffer {
  const n = input.length;
  // Worst case: every byte escaped (3 characters), a soft break per 25 bytes, a CR per LF.
  const out = Buffer.allocUnsafe(n * 4 + 8);
  let pos = 0;
  let line = 0;
  let i = 0;
  while (i < n) {
    const b = input[i]!;
    if (LITERAL[b] === 1 && line < MAX_LINE - 1) {
      // The common case, kept short: a printable character with room left on the line.
      out[pos++] = b;
      line++;
      i++;
      continue;
    }
    if (b === 0x0a || (b === 0x0d && i + 1 < n && input[i + 1] === 0x0a)) {
      pos = writeCrlf(out, pos);
      line = 0;
      i += b === 0x0a ? 1 : 2;
      continue;
    }
    const size = charSize(input, i, b, n);
    const end = i + size;
    const endsLine = end === n || input[end] === 0x0a || (input[end] === 0x0d && end + 1 < n && input[end + 1] === 0x0a);
    const literal = size === 1 && (LITERAL[b] === 1 || ((b === 0x20 || b === 0x09) && !endsLine));
    const width = literal ? 1 : size * 3;
    // Room is kept for the soft break's `=`, except for what ends the line anyway.
    if (line + width > (endsLine ? MAX_LINE : MAX_LINE - 1)) {
      out[pos++] = 0x3d;
      pos = writeCrlf(out, pos);
      line = 0;
    }
    if (literal) out[pos++] = b;
    else {
      for (let k = i; k < end; k++) {
        const c = input[k]!;
        out[pos++] = 0x3d;
        out[pos++] = HEX[c >> 4]!;
        out[pos++] = HEX[c & 15]!;
      }
    }
    line += width;
    i = end;
  }
  return out.subarray(0, pos);
}

/** Bytes of the UTF-8 character starting at `i` (1 for ASCII, and for anything malformed). */
function charSize(input: Buffer, i: number, b: number, n: number): number {
  if (b < 0xc0) return 1;
  const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
  if (i + size > n) return 1;
  for (let k = 1; k < size; k++) if ((input[i + k]! & 0xc0) !== 0x80) return 1;
  return size;
}

function writeCrlf(out: Buffer, pos: number): number {
  out[pos] = 0x0d;
  out[pos + 1] = 0x0a;
  return pos + 2;
}
