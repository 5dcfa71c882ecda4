// What the page shows, kept in the URL (query string, or the hash when embedded in a host page).

const LISTS = ["level", "tier"];
const SINGLES = ["q", "agency", "field", "kind", "online", "code", "view", "by", "event"];
export const FILTERS = ["level", "tier", "agency", "field", "kind", "online"];

export function emptyState() {
  return { q: "", level: [], tier: [], agency: "", field: "", kind: "", online: "", page: 1,
    code: "", view: "", by: "", event: "" };
}

export function parseState(params) {
  const state = emptyState();
  for (const key of SINGLES) state[key] = (params.get(key) || "").trim();
  for (const key of LISTS) state[key] = [...new Set(params.getAll(key).filter(Boolean))];
  state.level = state.level.filter((v) => /^[1-4]$/.test(v)).sort();
  const page = parseInt(params.get("page") || "1", 10);
  state.page = Number.isFinite(page) && page > 0 ? page : 1;
  if (!["", "stats"].includes(state.view)) state.view = "";
  if (!["", "agency", "tier", "field"].includes(state.by)) state.by = "";
  if (!["", "true", "false"].includes(state.online)) state.online = "";
  return state;
}

/** The state as URL parameters, in a stable order, without defaults. */
export function stateParams(state) {
  const params = new URLSearchParams();
  if (state.view) params.set("view", state.view);
  if (state.by) params.set("by", state.by);
  if (state.q) params.set("q", state.q);
  for (const key of LISTS) for (const value of state[key]) params.append(key, value);
  for (const key of ["agency", "field", "kind", "online"]) if (state[key]) params.set(key, state[key]);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.code) params.set("code", state.code);
  if (state.event) params.set("event", state.event);
  return params;
}

/** Parameters for GET /search: the query, the filters and the page. */
export function searchParams(state, pageSize) {
  const params = [["q", state.q]];
  for (const key of LISTS) for (const value of state[key]) params.push([key, value]);
  for (const key of ["agency", "field", "kind", "online"]) if (state[key]) params.push([key, state[key]]);
  params.push(["page", String(state.page)], ["page_size", String(pageSize)]);
  return params;
}

export function activeFilterCount(state) {
  return state.level.length + state.tier.length
    + ["agency", "field", "kind", "online"].filter((key) => state[key]).length;
}

/** Reads and writes the state in the location: "query" (the page) or "hash" (embedded). */
export class Router {
  constructor(mode, onChange) {
    this.mode = mode === "query" ? "query" : mode === "none" ? "none" : "hash";
    this.onChange = onChange;
    this.memory = emptyState();
    if (this.mode !== "none") {
      // popstate also fires when the hash is edited by hand or followed from a link.
      window.addEventListener("popstate", () => this.onChange(this.read(), { pop: true }));
    }
  }

  read() {
    if (this.mode === "none") return { ...this.memory };
    const raw = this.mode === "query" ? window.location.search : window.location.hash.replace(/^#/, "");
    return parseState(new URLSearchParams(raw));
  }

  href(state) {
    const query = stateParams(state).toString();
    if (this.mode === "query") return `${window.location.pathname}${query ? `?${query}` : ""}`;
    return `${window.location.pathname}${window.location.search}#${query}`;
  }

  /** Puts the state in the URL: a new history entry (push) or in place (replace). */
  write(state, { replace = false } = {}) {
    if (this.mode === "none") { this.memory = { ...state }; return; }
    const url = this.href(state);
    const current = `${window.location.pathname}${window.location.search}${window.location.hash}`;
    if (url === current) return;
    const entry = { tthc: true };
    if (replace) window.history.replaceState(entry, "", url);
    else window.history.pushState(entry, "", url);
  }
}
