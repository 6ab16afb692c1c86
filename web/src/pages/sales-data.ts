// The sales board's data and the pure steps the page takes on it: a card
// moved between columns before the server answers (and put back when it
// refuses), and the stage names in the reader's language.
import type { Answer, Item } from "../api";
import type { Language } from "../format";

export type BoardDeal = Item<BoardStage["deals"]>;
export type BoardStage = Item<Board["stages"]>;
export type Board = Answer<"getSalesBoard">;

export function stageName(stage: Pick<BoardStage, "name" | "name_fa" | "key">, language: Language): string {
  if (language === "fa" && stage.name_fa) return stage.name_fa;
  return stage.name || stage.key;
}

/** value × probability / 100, rounded half up (as the server computes it). */
export function weighted(value: number, probability: number): number {
  return Math.round((value * probability) / 100);
}

/**
 * The board with deal `id` moved to stage `to`: its probability and status
 * become the stage's, and both columns' sums follow. The same board when
 * the deal or the stage is not on it, or the deal is there already.
 */
export function moveOnBoard(stages: BoardStage[], id: number, to: string): BoardStage[] {
  const from = stages.find((s) => s.deals.some((d) => d.id === id));
  const target = stages.find((s) => s.key === to);
  if (!from || !target || from === target) return stages;
  const deal = from.deals.find((d) => d.id === id)!;
  const moved: BoardDeal = {
    ...deal,
    probability: target.probability,
    status: target.outcome,
    overdue: target.outcome === "open" && deal.overdue,
  };
  return stages.map((s) => {
    if (s === from) {
      return {
        ...s,
        deals: s.deals.filter((d) => d.id !== id),
        count: s.count - 1,
        value_minor: s.value_minor - deal.value_minor,
        weighted_minor: s.weighted_minor - weighted(deal.value_minor, deal.probability),
      };
    }
    if (s === target) {
      return {
        ...s,
        deals: [moved, ...s.deals],
        count: s.count + 1,
        value_minor: s.value_minor + deal.value_minor,
        weighted_minor: s.weighted_minor + weighted(deal.value_minor, target.probability),
      };
    }
    return s;
  });
}

/** Open deals, their value and weighted value over the open columns. */
export function openTotals(stages: BoardStage[]): { count: number; value: number; weighted: number; overdue: number } {
  let count = 0;
  let value = 0;
  let weightedSum = 0;
  let overdue = 0;
  for (const stage of stages) {
    if (stage.outcome !== "open") continue;
    count += stage.count;
    value += stage.value_minor;
    weightedSum += stage.weighted_minor;
    overdue += stage.deals.filter((d) => d.overdue).length;
  }
  return { count, value, weighted: weightedSum, overdue };
}
