import { describe, expect, it } from "vitest";
import { changedRules, clockOf, type MessagingRules, minutesOf } from "../src/pages/messaging-rules-data";

const rules: MessagingRules = {
  window_start_minute: 540,
  window_end_minute: 1260,
  on_fridays: false,
  on_holidays: false,
  weekly_cap: 3,
  track_opens: false,
  track_sms_links: false,
};

describe("the messaging rules panel's arithmetic", () => {
  it("writes minutes after midnight as a time of day, 1440 as the day's end", () => {
    expect(clockOf(0)).toBe("00:00");
    expect(clockOf(510)).toBe("08:30");
    expect(clockOf(1439)).toBe("23:59");
    expect(clockOf(1440)).toBe("24:00");
  });

  it("reads a time of day back, refusing what is none", () => {
    expect(minutesOf("08:30")).toBe(510);
    expect(minutesOf("9:05")).toBe(545);
    expect(minutesOf("24:00")).toBe(1440);
    expect(minutesOf("24:01")).toBeNull();
    expect(minutesOf("12:60")).toBeNull();
    expect(minutesOf("")).toBeNull();
    expect(minutesOf("noon")).toBeNull();
  });

  it("sends only the rules that changed", () => {
    expect(changedRules(rules, { ...rules })).toEqual({});
    expect(changedRules(rules, { ...rules, weekly_cap: 0, track_opens: true })).toEqual({
      weekly_cap: 0,
      track_opens: true,
    });
  });
});
