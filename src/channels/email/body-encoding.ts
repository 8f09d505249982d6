/** Encoded line length, not counting CRLF (RFC 2045: at most 76). */
const MAX_LINE = 76;

/** Bytes `writePart` may write for a body of `bytes` bytes, headers included. */
export function partCapacity(bytes: number): number {
  // Quoted-printable at worst: every byte escaped (3), a soft break per 25 bytes, a CR per LF.
  return bytes * 4 + 256;
}

/**
 * Writes a MIME body part into `out` at `pos` (which must have `partCapacity` bytes free): its
 * Content-Type (`type`, UTF-8) and Content-Transfer-Encoding headers, a blank line, and `body`
 * encoded, no line longer than 76 characters. Quoted-printable, which keeps mostly-Latin text
 * readable in the raw message, unless base64 is shorter (Cyrillic, CJK…). Returns the end.
 */
export function writePart(out: Buffer, pos: number, type: string, body: Buffer): number {
  const start = pos + out.write(`Content-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`, pos, "latin1");
  const end = encodeQuotedPrintable(body, out, start);
  if (end - start <= base64Length(body.length)) return end;
  return encodeBase64Lines(body, out, pos + out.write(`Content-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n`, pos, "latin1"));
}

/** Writes `bytes` in base64 into `out` at `pos`, in lines of 76 characters separated by CRLF; returns the end. */
export function encodeBase64Lines(bytes: Buffer, out: Buffer, pos: number): number {
  const b64 = bytes.toString("base64");
  for (let i = 0; i < b64.length; i += MAX_LINE) {
    if (i > 0) pos = writeCrlf(out, pos);
    pos += out.write(b64.slice(i, i + MAX_LINE), pos, "latin1");
  }
  return pos;
}

function base64Length(bytes: number): number {
  const chars = 4 * Math.ceil(bytes / 3);
  return chars + 2 * Math.max(0, Math.ceil(chars / MAX_LINE) - 1);
}

const HEX = Buffer.from("0123456789ABCDEF", "latin1");
/** Per byte: 1 written as itself (RFC 2045 §6.7 rule 2: `!` to `~` except `=`), 2 space or tab (as itself unless it ends a line), 0 escaped. */
const KIND = new Uint8Array(256);
for (let b = 0x21; b <= 0x7e; b++) KIND[b] = b === 0x3d ? 0 : 1;
KIND[0x20] = KIND[0x09] = 2;

/**
 * Quoted-printable (RFC 2045 §6.7) of `input`, written into `out` at `pos` (at least 4 bytes per
 * input byte free) in one pass; returns the end. LF or CRLF become CRLF hard breaks, a lone CR is
 * data (=0D), space and tab are encoded at the end of a line, and soft breaks (`=` CRLF) keep
 * every line within 76 characters without splitting an `=XX` escape or a UTF-8 character's
 * escapes across two lines (some clients decode each line on its own).
 */
export function encodeQuotedPrintable(input: Buffer, out: Buffer, pos: number): number {
  const n = input.length;
  let line = 0;
  let i = 0;
  while (i < n) {
    const b = input[i]!;
    const kind = KIND[b];
    // The common cases, kept short: a character written as itself with room left on the line.
    if (line < MAX_LINE - 1 && (kind === 1 || (kind === 2 && i + 1 < n && input[i + 1] !== 0x0a && input[i + 1] !== 0x0d))) {
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
    const literal = kind === 1 || (kind === 2 && !endsLine);
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
  return pos;
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
