/** A form's fields: a name sent once maps to its value, a name sent several times to all of them. */
export type FormFields = Record<string, string | string[]>;

/** Reads an `application/x-www-form-urlencoded` body. */
export function urlEncodedFields(body: string): FormFields {
  return collect(new URLSearchParams(body));
}

/**
 * Reads the text fields of a `multipart/form-data` body (files are skipped): RFC 8058 lets a
 * mailbox provider send its one-click POST either way, and no multipart plugin is installed.
 */
export function multipartFields(contentType: string | undefined, body: string): FormFields {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
  if (!boundary) return {};
  const pairs: [string, string][] = [];
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf("\r\n\r\n");
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /\bfilename=/i.test(headers)) continue;
    pairs.push([name, part.slice(split + 4).replace(/\r\n$/, "")]);
  }
  return collect(pairs);
}

function collect(pairs: Iterable<[string, string]>): FormFields {
  const out: FormFields = {};
  for (const [name, value] of pairs) {
    const had = out[name];
    out[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return out;
}
