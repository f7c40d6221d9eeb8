import type { Notice } from './notice.ts';

/**
 * A notice laid out as each channel kind wants its message. Pure: the senders
 * (src/channels/notify/) sign and post what these return.
 */

/** Feishu card header colours by severity (Feishu's card templates). */
const feishuColour = { critical: 'red', warning: 'orange', info: 'blue' } as const;

/**
 * A Feishu (Lark) custom bot's interactive card: coloured header, what happened, the figures as
 * short fields, and a button that opens the order or SKU in Puente.
 */
export function feishuCard(n: Notice): Record<string, unknown> {
  const elements: unknown[] = [
    {
      tag: 'div',
      text: { tag: 'lark_md', content: [`**${n.headline}**`, n.summary].filter(Boolean).join('\n') },
    },
  ];
  if (n.fields.length)
    elements.push({
      tag: 'div',
      fields: n.fields.map((f) => ({
        is_short: true,
        text: { tag: 'lark_md', content: `**${f.label}**\n${f.value}` },
      })),
    });
  if (n.link)
    elements.push({
      tag: 'action',
      actions: [
        {
          tag: 'button',
          text: { tag: 'plain_text', content: n.link.label },
          type: n.severity === 'critical' ? 'danger' : 'primary',
          url: n.link.url,
        },
      ],
    });
  elements.push({ tag: 'note', elements: [{ tag: 'plain_text', content: n.footer }] });
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: { template: feishuColour[n.severity], title: { tag: 'plain_text', content: n.title } },
      elements,
    },
  };
}

/** WeCom's markdown knows three font colours: warning (orange), info (green), comment (grey). */
const wecomColour = { critical: 'warning', warning: 'warning', info: 'info' } as const;
/** WeCom refuses markdown over 4,096 bytes. */
const WECOM_MAX_BYTES = 4096;

/** A WeCom group robot's markdown message. */
export function wecomMarkdown(n: Notice): Record<string, unknown> {
  const lines = [
    `### <font color="${wecomColour[n.severity]}">${n.title}</font>`,
    `**${n.headline}**`,
    ...(n.summary ? [n.summary] : []),
    ...n.fields.map((f) => `> ${f.label}: <font color="comment">${f.value}</font>`),
    ...(n.link ? [`[${n.link.label}](${n.link.url})`] : []),
    `<font color="comment">${n.footer}</font>`,
  ];
  let content = lines.join('\n');
  while (Buffer.byteLength(content) > WECOM_MAX_BYTES) content = `${content.slice(0, -200)}…`;
  return { msgtype: 'markdown', markdown: { content } };
}

const slackMark = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
} as const;
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Slack incoming webhook's Block Kit message; `text` is the notification's plain fallback. */
export function slackBlocks(n: Notice): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: n.title.slice(0, 150), emoji: true } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [`${slackMark[n.severity]} *${slackEscape(n.headline)}*`, slackEscape(n.summary)]
          .filter(Boolean)
          .join('\n')
          .slice(0, 3000),
      },
    },
  ];
  if (n.fields.length)
    blocks.push({
      type: 'section',
      // Slack allows at most 10 fields in a section.
      fields: n.fields
        .slice(0, 10)
        .map((f) => ({ type: 'mrkdwn', text: `*${slackEscape(f.label)}*\n${slackEscape(f.value)}` })),
    });
  if (n.link)
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: n.link.label },
          url: n.link.url,
          ...(n.severity === 'critical' ? { style: 'danger' } : {}),
        },
      ],
    });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(n.footer) }] });
  return { text: `${n.title}: ${n.summary || n.headline}`, blocks };
}

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const emailColour = { critical: '#c62828', warning: '#ef6c00', info: '#1565c0' } as const;

/** An e-mail's subject, plain-text part and HTML part, in the notice's language. */
export function emailParts(n: Notice, lang: string): { subject: string; text: string; html: string } {
  const text = [
    n.title,
    '',
    n.headline,
    ...(n.summary ? [n.summary] : []),
    '',
    ...n.fields.map((f) => `${f.label}: ${f.value}`),
    ...(n.link ? ['', `${n.link.label}: ${n.link.url}`] : []),
    '',
    '--',
    n.footer,
  ].join('\n');
  const rows = n.fields
    .map(
      (f) =>
        `<tr><th align="left" style="padding:4px 12px 4px 0;color:#555">${html(f.label)}</th><td style="padding:4px 0">${html(f.value)}</td></tr>`,
    )
    .join('');
  const body = `<!doctype html>
<html lang="${html(lang)}"><head><meta charset="utf-8"><title>${html(n.title)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#222">
<h2 style="border-left:6px solid ${emailColour[n.severity]};padding-left:10px">${html(n.title)}</h2>
<p><strong>${html(n.headline)}</strong></p>
${n.summary ? `<p>${html(n.summary).replace(/\n/g, '<br>')}</p>` : ''}
${rows ? `<table>${rows}</table>` : ''}
${n.link ? `<p><a href="${html(n.link.url)}" style="display:inline-block;padding:8px 14px;background:${emailColour[n.severity]};color:#fff;text-decoration:none;border-radius:4px">${html(n.link.label)}</a></p>` : ''}
<p style="color:#777;font-size:12px">${html(n.footer)}</p>
</body></html>
`;
  return { subject: n.title, text, html: body };
}

/** The generic webhook's JSON: the alert as Puente's API shows it, and the notice as worded. */
export function webhookBody(
  event: string,
  alert: Record<string, unknown> | null,
  n: Notice,
): Record<string, unknown> {
  return {
    event,
    alert,
    notice: {
      title: n.title,
      severity: n.severity,
      headline: n.headline,
      summary: n.summary,
      fields: n.fields,
      link: n.link,
    },
  };
}
