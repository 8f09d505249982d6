import type { TemplateChannel } from "../../../src/schemas/template.js";

export const CHANNEL_LABEL: Record<TemplateChannel, string> = { email: "Email", sms: "SMS", in_app: "In-app message" };

/**
 * What a new template of each channel starts with: enough to render at once and show the shape.
 * The email uses fonts every client has (MJML's default, Ubuntu, is fetched from Google Fonts).
 */
export const STARTER_CONTENT: Record<TemplateChannel, Record<string, string>> = {
  email: {
    subject: "News for {{ contact.properties.first_name | default: \"you\" }}",
    preheader: "",
    format: "mjml",
    body: `<mjml>
  <mj-head>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
    </mj-attributes>
  </mj-head>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>Hello {{ contact.properties.first_name | default: "there" }},</mj-text>
        <mj-text></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
    text: "",
  },
  sms: { body: "Hi {{ contact.properties.first_name | default: \"there\" }}, " },
  in_app: { title: "What's new", body: "Hi {{ contact.properties.first_name | default: \"there\" }}, ", url: "" },
};
