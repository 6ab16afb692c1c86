// What the duplicates page computes from the API's answers, apart from
// drawing: the parts of a pair's reasons and the default field choices.

/** Which customer a field's value comes from in a merge. */
export type Side = "kept" | "other";

/** A field's value in a merge preview: text, a number (a time, money), or none. */
export type FieldValue = string | number | null;

export type ReasonPart = { kind: "name"; similarity: number } | { kind: "text"; text: string };

/**
 * The scan's reasons ("phone equal, name 0.92 similar, same city") as
 * parts: the name similarity as a number, every other reason as its text.
 */
export function reasonParts(reasons: string): ReasonPart[] {
  return reasons
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const name = /^name (\d+(?:\.\d+)?) similar$/.exec(part);
      return name ? { kind: "name", similarity: Number(name[1]) } : { kind: "text", text: part };
    });
}

/** The side each field takes before the user chooses: the server's default. */
export function initialChoices(fields: { field: string; take: Side }[]): Record<string, Side> {
  return Object.fromEntries(fields.map((f) => [f.field, f.take]));
}
