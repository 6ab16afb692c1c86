// CSV for the "Export CSV" buttons, with the server's rules
// (src/core/csv_cell.h): RFC 4180 quoting, and formula protection for text
// that comes from customers: a text cell that a spreadsheet would read as a
// formula (it begins with = + - @, a tab or a carriage return, and is not a
// plain number) gets a leading apostrophe. Numbers stay numbers. A UTF-8
// byte-order mark makes spreadsheet programs read Persian text correctly.

export type Cell = string | number | null | undefined;

/** An optional sign, digits, an optional fraction and exponent. */
export function isPlainNumber(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text);
}

/** Whether a spreadsheet could take `text` as a formula. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text) && !isPlainNumber(text);
}

// An apostrophe goes before a formula, and before apostrophes that precede
// one, so that the server's import (which drops one) reads back the text.
function needsApostrophe(text: string): boolean {
  return looksLikeFormula(text.replace(/^'+/, ""));
}

/** `text` quoted when it must be, without formula protection. */
export function csvQuoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A text cell: formula-protected, then quoted when it must be. */
export function csvText(text: string): string {
  return csvQuoted(needsApostrophe(text) ? `'${text}` : text);
}

/** A cell: numbers as they are, text through csvText, nothing as empty. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return csvQuoted(String(value));
  return csvText(value);
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvField).join(","));
  return "\uFEFF" + lines.join("\r\n") + "\r\n";
}

export function downloadCsv(fileName: string, header: string[], rows: Cell[][]): void {
  const blob = new Blob([toCsv(header, rows)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
