import type { DigestSection, DigestView, Tone } from './digestView.ts';

/**
 * The morning digest laid out for each kind of channel: plain text (the command line, e-mail's
 * text part, the generic webhook), WeCom markdown, a Feishu/Lark card, Slack Block Kit and an
 * e-mail. The words come from digestView.ts; only the layout and each platform's limits are here.
 */

export type DigestFormat = 'text' | 'wecom' | 'feishu' | 'slack' | 'email';
export const digestFormats: readonly DigestFormat[] = ['text', 'wecom', 'feishu', 'slack', 'email'];

const mark: Record<Tone, string> = { ok: '✓', warning: '!', critical: '‼' };

export function digestPlainText(v: DigestView): string {
  const section = (s: DigestSection) =>
    [
      `${mark[s.tone]} ${s.title}`,
      `  ${s.summary}`,
      ...s.items.map((i) => `    • ${i}`),
      `  → ${s.link.url}`,
    ].join('\n');
  return `${[`${v.title}`, v.zoneLine, ...v.sections.map(section)].join('\n\n')}\n`;
}

/**
 * WeCom group robot markdown: headings, bold, links and three font colours; at most 4,096 bytes of
 * UTF-8. Past that, fewer lines per section until it fits (the counts stay in the summaries).
 */
export const WECOM_MAX_BYTES = 4096;
const wecomColour: Record<Tone, string> = { ok: 'info', warning: 'warning', critical: 'warning' };

export function digestWeCom(v: DigestView): { msgtype: 'markdown'; markdown: { content: string } } {
  const render = (items: number) =>
    [
      `# ${v.title}`,
      `> <font color="comment">${v.zoneLine}</font>`,
      ...v.sections.map((s) =>
        [
          `**${s.title}**`,
          `<font color="${wecomColour[s.tone]}">${s.summary}</font>`,
          ...s.items.slice(0, items).map((i) => `> ${i}`),
          `[${s.link.label}](${s.link.url})`,
        ].join('\n'),
      ),
    ].join('\n\n');
  let content = render(Number.POSITIVE_INFINITY);
  for (const items of [5, 3, 1, 0]) {
    if (Buffer.byteLength(content, 'utf8') <= WECOM_MAX_BYTES) break;
    content = render(items);
  }
  return { msgtype: 'markdown', markdown: { content } };
}

/** Feishu/Lark interactive card: header coloured by the worst section, one block per section, a button. */
const feishuTemplate: Record<Tone, string> = { ok: 'green', warning: 'orange', critical: 'red' };

export function digestFeishu(v: DigestView) {
  const elements: unknown[] = [{ tag: 'note', elements: [{ tag: 'plain_text', content: v.zoneLine }] }];
  for (const s of v.sections) {
    elements.push({ tag: 'hr' });
    elements.push({
      tag: 'div',
      text: {
        tag: 'lark_md',
        content: [
          `**${mark[s.tone]} ${s.title}**`,
          s.summary,
          ...s.items.map((i) => `- ${i}`),
          `[${s.link.label}](${s.link.url})`,
        ].join('\n'),
      },
    });
  }
  elements.push({
    tag: 'action',
    actions: [
      {
        tag: 'button',
        text: { tag: 'plain_text', content: v.link.label },
        type: v.tone === 'ok' ? 'default' : 'primary',
        url: v.link.url,
      },
    ],
  });
  return {
    msg_type: 'interactive' as const,
    card: {
      config: { wide_screen_mode: true },
      header: { template: feishuTemplate[v.tone], title: { tag: 'plain_text', content: v.title } },
      elements,
    },
  };
}

/** Slack Block Kit: mrkdwn escapes &, < and >; a header holds 150 characters, a section 3,000. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function digestSlack(v: DigestView) {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(v.title, 150), emoji: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(v.zoneLine) }] },
  ];
  for (const s of v.sections) {
    blocks.push({ type: 'divider' });
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: cut(
          [
            `*${slackEscape(`${mark[s.tone]} ${s.title}`)}*`,
            slackEscape(s.summary),
            ...s.items.map((i) => `• ${slackEscape(i)}`),
          ].join('\n'),
          3000,
        ),
      },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: cut(s.link.label, 75) },
        url: s.link.url,
      },
    });
  }
  return { text: v.title, blocks };
}

const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const htmlColour: Record<Tone, string> = { ok: '#2b8a3e', warning: '#e67700', critical: '#c92a2a' };
const htmlLang = { en: 'en', zh: 'zh-CN', es: 'es-MX' } as const;

/** An e-mail in the reader's language: the subject, a text part (the plain text) and an HTML part. */
export function digestEmail(v: DigestView): { subject: string; text: string; html: string } {
  const section = (s: DigestSection) =>
    [
      `<h2 style="font-size:16px;margin:20px 0 4px;color:${htmlColour[s.tone]}">${html(`${mark[s.tone]} ${s.title}`)}</h2>`,
      `<p style="margin:0 0 6px">${html(s.summary)}</p>`,
      s.items.length
        ? `<ul style="margin:0 0 6px;padding-left:20px">${s.items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`
        : '',
      `<p style="margin:0"><a href="${html(s.link.url)}">${html(s.link.label)} →</a></p>`,
    ].join('');
  const body = [
    `<!doctype html><html lang="${htmlLang[v.lang]}"><head><meta charset="utf-8"><title>${html(v.title)}</title></head>`,
    '<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;color:#212529;max-width:640px">',
    `<h1 style="font-size:20px;margin:0 0 4px">${html(v.title)}</h1>`,
    `<p style="margin:0;color:#868e96">${html(v.zoneLine)}</p>`,
    ...v.sections.map(section),
    '</body></html>',
  ].join('');
  return { subject: v.title, text: digestPlainText(v), html: body };
}

export type RenderedDigest =
  | { format: 'text'; text: string }
  | { format: 'wecom'; body: ReturnType<typeof digestWeCom> }
  | { format: 'feishu'; body: ReturnType<typeof digestFeishu> }
  | { format: 'slack'; body: ReturnType<typeof digestSlack> }
  | { format: 'email'; email: ReturnType<typeof digestEmail> };

export function renderDigest(v: DigestView, format: DigestFormat): RenderedDigest {
  switch (format) {
    case 'text':
      return { format, text: digestPlainText(v) };
    case 'wecom':
      return { format, body: digestWeCom(v) };
    case 'feishu':
      return { format, body: digestFeishu(v) };
    case 'slack':
      return { format, body: digestSlack(v) };
    case 'email':
      return { format, email: digestEmail(v) };
  }
}
