// What the messaging pages compute without the server: a channel's form
// from and to the API's shape (headers as "Name: value" lines, the secret
// kept, replaced or removed but never shown), an SMS's length in parts as
// the preview measured it, and a campaign queue's counts as rows.

import type { Answer, Schema } from "../api";

export type Channel = Schema<"MessageChannel">;
export type ChannelKind = Channel["kind"];
export type PreviewText = Schema<"MessagePreviewText">;

/** A channel as its form edits it: every field a string. */
export interface ChannelForm {
  kind: ChannelKind;
  name: string;
  per_minute: string;
  price: string;
  host: string;
  port: string;
  security: "starttls" | "tls" | "none";
  user: string;
  from_address: string;
  from_name: string;
  reply_to: string;
  unsubscribe_url: string;
  url: string;
  method: "GET" | "POST" | "PUT";
  headers: string;
  body: string;
  id_pointer: string;
  status_pointer: string;
  accepted: string;
  timeout: string;
  report_id_pointer: string;
  report_status_pointer: string;
  report_reason_pointer: string;
  delivered: string;
  failed: string;
}

/** What happens to the stored secret when the form is saved. */
export type SecretAction = "keep" | "replace" | "remove";

export function emptyChannelForm(kind: ChannelKind): ChannelForm {
  return {
    kind, name: "", per_minute: "0", price: "0",
    host: "", port: "587", security: "starttls", user: "", from_address: "", from_name: "", reply_to: "",
    unsubscribe_url: "",
    url: "", method: "POST", headers: "Content-Type: application/json",
    body: '{"to":"{to}","text":"{text}","reference":"{key}"}', id_pointer: "", status_pointer: "",
    accepted: "", timeout: "15",
    report_id_pointer: "", report_status_pointer: "", report_reason_pointer: "", delivered: "", failed: "",
  };
}

export function channelFormOf(channel: Channel): ChannelForm {
  const form = emptyChannelForm(channel.kind);
  form.name = channel.name;
  form.per_minute = String(channel.per_minute);
  const e = channel.email;
  if (e) {
    Object.assign(form, {
      host: e.host, port: String(e.port), security: e.security, user: e.user, from_address: e.from_address,
      from_name: e.from_name, reply_to: e.reply_to, unsubscribe_url: e.unsubscribe_url, price: String(e.price ?? 0),
    });
  }
  const s = channel.sms;
  if (s) {
    Object.assign(form, {
      url: s.url, method: s.method, headers: headersText(s.headers), body: s.body, id_pointer: s.id_pointer,
      status_pointer: s.status_pointer, accepted: s.accepted_statuses.join(", "), timeout: String(s.timeout_seconds),
      report_id_pointer: s.report_id_pointer ?? "", report_status_pointer: s.report_status_pointer ?? "",
      report_reason_pointer: s.report_reason_pointer ?? "", delivered: (s.delivered_statuses ?? []).join(", "),
      failed: (s.failed_statuses ?? []).join(", "), price: String(s.price ?? 0),
    });
  }
  return form;
}

function commaList(text: string): string[] {
  return text.split(",").map((s) => s.trim()).filter(Boolean);
}

export function headersText(headers: string[][]): string {
  return headers.map(([name, value]) => `${name}: ${value}`).join("\n");
}

/** "Name: value" lines as pairs; the first line of another shape (1-based) is the error. */
export function parseHeaders(text: string): { headers: [string, string][] } | { line: number; text: string } {
  const headers: [string, string][] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim() : "";
    if (!name || /\s/.test(name)) return { line: i + 1, text: line };
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return { headers };
}

/**
 * The body of POST or PUT message-channels. The secret is sent only to
 * replace it (the new text) or remove it (""); absent, the server keeps it.
 */
export function channelRequest(
  form: ChannelForm,
  secret: { action: SecretAction; value: string },
): { body: Record<string, unknown> } | { headerLine: number; text: string } {
  const body: Record<string, unknown> = { name: form.name.trim(), kind: form.kind, per_minute: Number(form.per_minute) };
  if (form.kind === "email") {
    body.email = {
      host: form.host.trim(), port: Number(form.port), security: form.security, user: form.user.trim(),
      from_address: form.from_address.trim(), from_name: form.from_name.trim(), reply_to: form.reply_to.trim(),
      unsubscribe_url: form.unsubscribe_url.trim(), price: Number(form.price),
    };
  } else {
    const parsed = parseHeaders(form.headers);
    if ("line" in parsed) return { headerLine: parsed.line, text: parsed.text };
    body.sms = {
      url: form.url.trim(), method: form.method, headers: parsed.headers, body: form.method === "GET" ? "" : form.body,
      id_pointer: form.id_pointer.trim(), status_pointer: form.status_pointer.trim(),
      accepted_statuses: commaList(form.accepted),
      timeout_seconds: Number(form.timeout),
      report_id_pointer: form.report_id_pointer.trim(), report_status_pointer: form.report_status_pointer.trim(),
      report_reason_pointer: form.report_reason_pointer.trim(),
      delivered_statuses: commaList(form.delivered), failed_statuses: commaList(form.failed),
      price: Number(form.price),
    };
  }
  if (secret.action === "replace") body.secret = secret.value;
  if (secret.action === "remove") body.secret = "";
  return { body };
}

/** Where a channel sends, in one line: "smtp.example.com:587" or the gateway's host. */
export function channelTarget(channel: Channel): string {
  if (channel.email) return `${channel.email.host}:${channel.email.port}`;
  if (channel.sms) {
    try {
      return new URL(channel.sms.url).host;
    } catch {
      return channel.sms.url;
    }
  }
  return "";
}

export interface SmsLength {
  chars: number;
  parts: number;
  /** Characters a part holds: 160 or 70 alone, 153 or 67 when concatenated. */
  perPart: number;
  unicode: boolean;
}

/** An SMS's length as the server measured it; null for an e-mail's text. */
export function smsLength(text: PreviewText): SmsLength | null {
  if (text.sms_parts === null || text.sms_units === null) return null;
  const unicode = text.sms_unicode === true;
  const single = unicode ? 70 : 160;
  const concatenated = unicode ? 67 : 153;
  return { chars: text.sms_units, parts: text.sms_parts, perPart: text.sms_parts > 1 ? concatenated : single, unicode };
}

export type QueueReport = Pick<
  Answer<"queueCampaignMessages">, "queued" | "already_queued" | "opted_out" | "no_address" | "over_cap"
>;

/** The counts of a campaign queue (or its dry run) worth a row: queued always, the rest when not zero. */
export function queueRows(report: QueueReport): { key: keyof QueueReport; count: number }[] {
  const keys: (keyof QueueReport)[] = ["queued", "already_queued", "opted_out", "no_address", "over_cap"];
  return keys.filter((key) => key === "queued" || report[key] > 0).map((key) => ({ key, count: report[key] }));
}

export type CampaignMessages = Answer<"getCampaignMessages">;
export type CampaignMessageKey =
  | "queued" | "sending" | "sent" | "delivered" | "failed" | "opened" | "opens" | "clicked" | "clicks"
  | "opted_out" | "opted_out_by_message" | "sms_parts";

/**
 * A campaign's message counts worth a row: queued, sent, delivered,
 * failed, opened and clicked always, the rest when not zero. Null when
 * nothing was queued.
 */
export function campaignMessageRows(report: CampaignMessages): { key: CampaignMessageKey; count: number }[] | null {
  const total = report.queued + report.sending + report.sent + report.delivered + report.failed;
  if (total === 0) return null;
  const always: CampaignMessageKey[] = ["queued", "sent", "delivered", "failed", "opened", "clicked"];
  const keys: CampaignMessageKey[] = [
    "queued", "sending", "sent", "delivered", "failed", "opened", "opens", "clicked", "clicks",
    "opted_out", "opted_out_by_message", "sms_parts",
  ];
  return keys.filter((key) => always.includes(key) || report[key] > 0).map((key) => ({ key, count: report[key] }));
}
