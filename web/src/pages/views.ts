// Saved views of the customer list: a name and a filter, kept in the
// browser per workspace.

export interface CustomerFilter {
  q: string;
  segment: string;
  city: string;
  acquisition_channel: string;
}

export interface SavedView {
  name: string;
  filter: CustomerFilter;
}

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function storage(): KeyValueStore | null {
  return typeof localStorage === "undefined" ? null : localStorage;
}

export function loadViews(workspace: string, store = storage()): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(`vafa.views.${workspace}`) ?? "[]");
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (v): v is SavedView =>
        typeof v === "object" && v !== null && typeof v.name === "string" && typeof v.filter === "object",
    );
  } catch {
    return [];
  }
}

export function saveViews(workspace: string, views: SavedView[], store = storage()): void {
  store?.setItem(`vafa.views.${workspace}`, JSON.stringify(views));
}
