import { describe, expect, it } from "vitest";
import {
  type Channel,
  channelFormOf,
  channelRequest,
  campaignMessageRows,
  channelTarget,
  emptyChannelForm,
  parseHeaders,
  queueRows,
  smsLength,
} from "../src/pages/messaging-data";

const gateway: Channel = {
  id: 2, name: "sms", kind: "sms", per_minute: 30, has_secret: true, email: null,
  sms: {
    url: "https://gateway.example.com/v1/messages", method: "POST",
    headers: [["Authorization", "Bearer {secret}"], ["Content-Type", "application/json"]],
    body: '{"to":"{to}"}', id_pointer: "/id", status_pointer: "/status", accepted_statuses: ["queued", "sent"],
    timeout_seconds: 15, report_id_pointer: "/id", report_status_pointer: "/status", report_reason_pointer: "",
    delivered_statuses: ["DELIVERED", "2"], failed_statuses: ["UNDELIVERABLE"], price: 1200,
  },
};

describe("a channel's form", () => {
  it("reads headers as Name: value lines and names the first line of another shape", () => {
    expect(parseHeaders("A: 1\n\n  B:two: three \n")).toEqual({ headers: [["A", "1"], ["B", "two: three"]] });
    expect(parseHeaders("A: 1\nno colon here")).toEqual({ line: 2, text: "no colon here" });
    expect(parseHeaders(": value")).toEqual({ line: 1, text: ": value" });
  });

  it("goes from a channel to its form and back unchanged, the secret left out", () => {
    const made = channelRequest(channelFormOf(gateway), { action: "keep", value: "ignored" });
    expect(made).toEqual({
      body: { name: "sms", kind: "sms", per_minute: 30, sms: gateway.sms },
    });
  });

  it("sends the secret only to replace it, and an empty one to remove it", () => {
    const form = channelFormOf(gateway);
    const replaced = channelRequest(form, { action: "replace", value: "t0ken" });
    expect("body" in replaced && replaced.body.secret).toBe("t0ken");
    const removed = channelRequest(form, { action: "remove", value: "t0ken" });
    expect("body" in removed && removed.body.secret).toBe("");
  });

  it("refuses a malformed header before anything is sent", () => {
    const form = { ...emptyChannelForm("sms"), headers: "Authorization Bearer x" };
    expect(channelRequest(form, { action: "keep", value: "" })).toEqual({ headerLine: 1, text: "Authorization Bearer x" });
  });

  it("builds an SMTP channel with numbers as numbers and a GET gateway without a body", () => {
    const form = { ...emptyChannelForm("email"), name: " mail ", host: "smtp.example.com", port: "465", security: "tls" as const };
    const made = channelRequest(form, { action: "keep", value: "" });
    expect("body" in made && made.body).toMatchObject({ name: "mail", kind: "email", per_minute: 0 });
    expect("body" in made && made.body.email).toMatchObject({ host: "smtp.example.com", port: 465, security: "tls" });
    const get = channelRequest({ ...channelFormOf(gateway), method: "GET" }, { action: "keep", value: "" });
    expect("body" in get && (get.body.sms as { body: string }).body).toBe("");
  });

  it("says where a channel sends", () => {
    expect(channelTarget(gateway)).toBe("gateway.example.com");
    expect(channelTarget({ ...gateway, kind: "email", sms: null,
      email: { host: "smtp.example.com", port: 587, security: "starttls", user: "", from_address: "a@b.c",
        from_name: "", reply_to: "", unsubscribe_url: "" } })).toBe("smtp.example.com:587");
  });
});

describe("an SMS's length", () => {
  it("gives the characters a part holds: 70 alone and 67 concatenated in Unicode, 160 and 153 in GSM", () => {
    expect(smsLength({ subject: null, body: "x", sms_parts: 1, sms_units: 70, sms_unicode: true }))
      .toEqual({ chars: 70, parts: 1, perPart: 70, unicode: true });
    expect(smsLength({ subject: null, body: "x", sms_parts: 2, sms_units: 71, sms_unicode: true }))
      .toEqual({ chars: 71, parts: 2, perPart: 67, unicode: true });
    expect(smsLength({ subject: null, body: "x", sms_parts: 2, sms_units: 161, sms_unicode: false }))
      .toEqual({ chars: 161, parts: 2, perPart: 153, unicode: false });
  });

  it("has none for an e-mail's text", () => {
    expect(smsLength({ subject: "s", body: "b", sms_parts: null, sms_units: null, sms_unicode: null })).toBeNull();
  });
});

describe("a campaign queue's counts", () => {
  it("always shows the queued and only the skips that happened", () => {
    expect(queueRows({ queued: 0, already_queued: 3, opted_out: 0, no_address: 2, over_cap: 0 })).toEqual([
      { key: "queued", count: 0 },
      { key: "already_queued", count: 3 },
      { key: "no_address", count: 2 },
    ]);
  });
});

describe("a campaign's messages", () => {
  const report = {
    queued: 2, sending: 0, sent: 5, delivered: 3, failed: 1, opted_out: 1, sms_parts: 0,
    opted_out_by_message: 0, opened: 0, opens: 0, clicked: 0, clicks: 0,
    estimated_cost: 36000, currency: "IRR",
  };
  it("shows the states, opens and clicks always and the rest when not zero", () => {
    expect(campaignMessageRows(report)?.map((r) => r.key)).toEqual([
      "queued", "sent", "delivered", "failed", "opened", "clicked", "opted_out",
    ]);
    expect(campaignMessageRows({ ...report, opened: 2, opens: 5, clicked: 1, clicks: 1, opted_out_by_message: 1 })
      ?.map((r) => `${r.key}=${r.count}`)).toEqual([
      "queued=2", "sent=5", "delivered=3", "failed=1", "opened=2", "opens=5", "clicked=1", "clicks=1",
      "opted_out=1", "opted_out_by_message=1",
    ]);
    expect(campaignMessageRows({ ...report, sms_parts: 14 })?.at(-1)).toEqual({ key: "sms_parts", count: 14 });
  });
  it("shows nothing for a campaign with no message queued", () => {
    expect(campaignMessageRows({ ...report, queued: 0, sent: 0, delivered: 0, failed: 0, opted_out: 0 })).toBeNull();
  });
});
