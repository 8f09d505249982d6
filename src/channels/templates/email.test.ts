import { describe, expect, it } from "vitest";
import { compileEmail, renderEmail, type CompiledEmail } from "./email.js";

const mjml = (inner: string) => `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
${inner}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

async function compiled(content: Parameters<typeof compileEmail>[0]): Promise<CompiledEmail> {
  const out = await compileEmail(content);
  if ("problems" in out) throw new Error(JSON.stringify(out.problems));
  return out.compiled;
}

describe("email templates", () => {
  const fields = { contact: { email: "ada@example.com", properties: { first_name: "Ada <3", plan: "pro" } } };

  it("compiles MJML once and merges each recipient, escaping merge fields in the HTML only", async () => {
    const email = await compiled({
      subject: "Hello {{ contact.properties.first_name }}",
      preheader: "Your {{ contact.properties.plan }} plan",
      format: "mjml",
      body: mjml(`<mj-text>Hi {{ contact.properties.first_name | default: "there" }}</mj-text>
<mj-button href="https://example.com/start?plan={{ contact.properties.plan }}">Start</mj-button>
<mj-raw>{% if contact.properties.plan == "pro" %}</mj-raw><mj-text>Pro tips inside</mj-text><mj-raw>{% endif %}</mj-raw>`),
    });
    const out = renderEmail(email, fields);
    expect(out.subject).toBe("Hello Ada <3");
    expect(out.html).toContain("Hi Ada &lt;3");
    expect(out.html).toContain('href="https://example.com/start?plan=pro"');
    expect(out.html).toContain("Pro tips inside");
    expect(out.html).toMatch(/<body[^>]*><div style="display:none[^"]*">Your pro plan<\/div>/);
    expect(out.text).toContain("Hi Ada <3");
    expect(out.text).toContain("Start [https://example.com/start?plan=pro]");
    expect(out.text).not.toContain("Your pro plan");
    expect(renderEmail(email, { contact: { properties: { plan: "free" } } }).html).not.toContain("Pro tips inside");
  });

  it("keeps HTML bodies as written, and a template's own text part", async () => {
    const email = await compiled({ subject: "S", format: "html", body: "<p>{{ contact.email }} &amp; co</p>", text: "Plain {{ contact.email }}" });
    const out = renderEmail(email, fields);
    expect(out.html).toBe("<p>ada@example.com &amp; co</p>");
    expect(out.text).toBe("Plain ada@example.com");
  });

  it("names the field and the line of a Liquid or MJML error", async () => {
    const liquid = await compileEmail({ subject: "Hi {{ contact.email | shout }}", format: "mjml", body: mjml("<mj-text>\n{% if x %}\n</mj-text>") });
    expect(liquid).toEqual({
      problems: [
        { field: "content.subject", message: expect.stringMatching(/undefined filter: shout, line:1/) },
        { field: "content.body", message: expect.stringMatching(/not closed, line:6/) },
      ],
    });
    const unknown = await compileEmail({ subject: "S", format: "mjml", body: mjml("<mj-texte>Typo</mj-texte>") });
    expect(unknown).toEqual({ problems: [{ field: "content.body", message: expect.stringMatching(/^MJML: line 5: Element mj-texte doesn't exist/) }] });
  });

  it("refuses Liquid that MJML would drop between elements, naming its line", async () => {
    const out = await compileEmail({ subject: "S", format: "mjml", body: mjml("{% if contact.score > 10 %}\n<mj-text>VIP</mj-text>\n{% endif %}") });
    expect(out).toEqual({ problems: [{ field: "content.body", message: expect.stringMatching(/^MJML: line 5: \{% if contact.score > 10 %\} is outside any content element/) }] });
  });
});
