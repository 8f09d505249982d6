import { describe, expect, it } from "vitest";
import { trackLinks, type LinkTracker } from "./track-links.js";
import { readTrackingToken, trackEmailHtml } from "./tracking-token.js";

const tracker: LinkTracker = { click: (url) => `https://t.test/c?u=${encodeURIComponent(url)}`, openPixel: "https://t.test/o", keep: (url) => url.startsWith("https://t.test/u/") };

describe("trackLinks", () => {
  it("rewrites http(s) links, decoding the entities of the href, and leaves other schemes and marked links alone", () => {
    const html = `<html><body><a href="https://a.test/x?a=1&amp;b=2" class="btn">A</a> <a class='y' href='http://b.test/'>B</a>
<a href="mailto:x@y.test">M</a> <a href="#top">T</a> <a href="https://c.test" data-notrack>C</a> <a href="https://t.test/u/abc">U</a></body></html>`;
    const out = trackLinks(html, tracker);
    expect(out).toContain(`<a href="https://t.test/c?u=https%3A%2F%2Fa.test%2Fx%3Fa%3D1%26b%3D2" class="btn">`);
    expect(out).toContain(`<a class='y' href='https://t.test/c?u=http%3A%2F%2Fb.test%2F'>`);
    for (const kept of [`href="mailto:x@y.test"`, `href="#top"`, `href="https://c.test" data-notrack`, `href="https://t.test/u/abc"`]) expect(out).toContain(kept);
  });

  it("adds the open pixel before </body>, or at the end of a fragment", () => {
    expect(trackLinks("<body><p>x</p></body>", tracker)).toMatch(/^<body><p>x<\/p><img src="https:\/\/t\.test\/o" width="1" height="1"[^>]*\/><\/body>$/);
    expect(trackLinks("<p>x</p>", tracker)).toMatch(/^<p>x<\/p><img src="https:\/\/t\.test\/o"/);
  });
});

describe("tracking tokens", () => {
  const key = Buffer.alloc(32, 7);
  const message = { workspaceId: "w1", contactId: "c1", messageId: "m1", runId: "r1", nodeId: "welcome", templateId: "t1" };

  it("carry the message and the link's URL, readable only with the key", () => {
    const html = trackEmailHtml(key, "https://p.test/", `<a href="https://a.test/?q=1&amp;r=2">x</a><a href="https://p.test/u/tok">u</a>`, message);
    const click = /href="https:\/\/p\.test\/t\/c\/([^"]+)"/.exec(html)![1]!;
    const open = /src="https:\/\/p\.test\/t\/o\/([^"]+)"/.exec(html)![1]!;
    expect(html).toContain(`href="https://p.test/u/tok"`);
    expect(readTrackingToken(key, click)).toEqual({ kind: "click", message, url: "https://a.test/?q=1&r=2" });
    expect(readTrackingToken(key, open)).toEqual({ kind: "open", message });
    expect(readTrackingToken(Buffer.alloc(32, 8), click)).toBeUndefined();
  });

  it("leave URLs over 2,000 characters untracked", () => {
    const long = `https://a.test/?q=${"x".repeat(2000)}`;
    expect(trackEmailHtml(key, "https://p.test", `<a href="${long}">x</a>`, message)).toContain(`href="${long}"`);
  });
});
