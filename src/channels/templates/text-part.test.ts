import { describe, expect, it } from "vitest";
import { compileEmail, renderEmail, type CompiledEmail } from "./email.js";
import { withTextTemplate } from "./text-part.js";

async function compiled(body: string, format: "mjml" | "html" = "mjml"): Promise<CompiledEmail> {
  const out = await compileEmail({ subject: "Hi", format, body });
  if (!("compiled" in out)) throw new Error(JSON.stringify(out.problems));
  return out.compiled;
}

const fields = { contact: { email: "ada@example.com", properties: { first_name: "Ada <3", plan: "pro" } }, unsubscribe_url: "https://x.test/u/abc" };

describe("a text part made once per email", () => {
  it("gives the same text as converting each recipient's HTML", async () => {
    const email = await compiled(`<mjml><mj-body><mj-section><mj-column>
      <mj-text>Hello {{ contact.properties.first_name | default: "there" }}, your plan is {{ contact.properties.plan }}.</mj-text>
      <mj-text>{% if contact.properties.plan == "pro" %}Thanks for being pro.{% endif %}</mj-text>
      <mj-button href="https://example.com/start">Start</mj-button>
      <mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
    </mj-column></mj-section></mj-body></mjml>`);
    const fast = withTextTemplate(email);
    expect(fast.text).toBeDefined();
    expect(renderEmail(fast, fields).text).toBe(renderEmail(email, fields).text);
    expect(renderEmail(fast, fields).text).toContain("Hello Ada <3, your plan is pro.");
    expect(renderEmail(fast, fields).html).toBe(renderEmail(email, fields).html);
  });

  it("drops outputs in parts the text leaves out, as converting each recipient's HTML does", async () => {
    const email = await compiled(`<mjml><mj-head><mj-title>{{ contact.properties.plan }} weekly</mj-title></mj-head><mj-body><mj-section><mj-column>
      <mj-image src="https://cdn.test/{{ contact.properties.plan }}.png" />
      <mj-text>Hi {{ contact.properties.first_name }}</mj-text>
    </mj-column></mj-section></mj-body></mjml>`);
    const fast = withTextTemplate(email);
    expect(fast.text).toBe("Hi {{ contact.properties.first_name }}");
    expect(renderEmail(fast, fields).text).toBe(renderEmail(email, fields).text);
  });

  it("keeps converting per recipient when a tag would be lost or there is raw HTML", async () => {
    const lost = await compiled(`<p>Hi</p><img src="{% if contact.email %}a.png{% endif %}">`, "html");
    expect(withTextTemplate(lost)).toBe(lost);
    const raw = await compiled(`<p>{{ contact.properties.bio | raw }}</p>`, "html");
    expect(withTextTemplate(raw)).toBe(raw);
    const own = { ...(await compiled("<p>x</p>", "html")), text: "Own {{ contact.email }}" };
    expect(withTextTemplate(own)).toBe(own);
  });
});
