import { describe, expect, it } from "vitest";
import { moveOnBoard, openTotals, stageName, weighted, type BoardDeal, type BoardStage } from "../src/pages/sales-data";

function deal(id: number, value: number, probability: number, overdue = false): BoardDeal {
  return {
    id, title: `deal ${id}`, customer_id: 1, customer_name: "c", value_minor: value, probability,
    expected_close_at: 0, owner_user_id: null, team: null, version: 1, stage_entered_at: 0,
    status: "open", close_reason: null, overdue,
  };
}

function stage(key: string, probability: number, outcome: BoardStage["outcome"], deals: BoardDeal[]): BoardStage {
  return {
    key, name: key, name_fa: key === "won" ? "برنده" : "", probability, outcome, deals,
    count: deals.length,
    value_minor: deals.reduce((a, d) => a + d.value_minor, 0),
    weighted_minor: deals.reduce((a, d) => a + weighted(d.value_minor, d.probability), 0),
  };
}

describe("the sales board", () => {
  const board = [
    stage("talk", 20, "open", [deal(1, 1000, 20, true), deal(2, 3000, 20)]),
    stage("offer", 60, "open", []),
    stage("won", 100, "won", []),
  ];

  it("moves a card and both columns' sums with it", () => {
    const moved = moveOnBoard(board, 2, "offer");
    expect(moved[0].count).toBe(1);
    expect(moved[0].value_minor).toBe(1000);
    expect(moved[0].weighted_minor).toBe(200);
    expect(moved[1].deals[0].id).toBe(2);
    expect(moved[1].deals[0].probability).toBe(60);
    expect(moved[1].weighted_minor).toBe(1800);
    // The board it came from is untouched (the page puts it back on refusal).
    expect(board[0].count).toBe(2);
  });

  it("closes a won card and clears its overdue mark", () => {
    const moved = moveOnBoard(board, 1, "won");
    expect(moved[2].deals[0].status).toBe("won");
    expect(moved[2].deals[0].overdue).toBe(false);
    expect(openTotals(moved)).toEqual({ count: 1, value: 3000, weighted: 600, overdue: 0 });
  });

  it("leaves the board as it is for a card already there or unknown", () => {
    expect(moveOnBoard(board, 1, "talk")).toBe(board);
    expect(moveOnBoard(board, 9, "offer")).toBe(board);
    expect(moveOnBoard(board, 1, "nowhere")).toBe(board);
  });

  it("names stages in the reader's language, falling back to English", () => {
    expect(stageName(board[2], "fa")).toBe("برنده");
    expect(stageName(board[1], "fa")).toBe("offer");
    expect(stageName(board[2], "en")).toBe("won");
  });

  it("weights like the server: half up", () => {
    expect(weighted(150, 33)).toBe(50);
    expect(weighted(149, 33)).toBe(49);
  });
});
