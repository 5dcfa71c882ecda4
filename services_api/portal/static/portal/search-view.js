// Search results: facet filters with counts, highlighted hits, pagination.

import { h, marked, uniqueId } from "./dom.js";
import {
  KIND_NAMES, LEVELS, LEVEL_DESCRIPTIONS, LEVEL_NAMES, formatNumber, levelKind, tierName,
} from "./format.js";
import { activeFilterCount } from "./state.js";

export const PAGE_SIZE = 10;
const MAX_RESULTS = 1000;
const EXAMPLES = ["đăng ký khai sinh", "cấp đổi giấy phép lái xe", "sổ đỏ", "đăng ký kết hôn",
  "cccd", "đăng ký hộ kinh doanh"];

/** The level badge and, for levels 3 and 4, the Decree 42 kind next to it. */
export function levelBadges(level) {
  const kind = levelKind(level);
  return [
    h("span", { class: `tthc-badge tthc-badge--l${level}`, title: LEVEL_DESCRIPTIONS[level] },
      LEVEL_NAMES[level] || `Mức ${level}`),
    kind !== "info" && h("span", { class: `tthc-kind tthc-kind--${kind}` }, KIND_NAMES[kind]),
  ];
}

export function welcomeView({ stats, hrefFor, go }) {
  const examples = EXAMPLES.map((q) => h("li", {},
    h("a", { href: hrefFor({ q }), class: "tthc-chip", onclick: linkHandler(() => go({ q }, { search: true })) }, q)));
  return h("section", { class: "tthc-welcome", "aria-labelledby": "tthc-welcome-title" },
    h("h2", { id: "tthc-welcome-title", tabindex: "-1" }, "Bạn cần làm thủ tục gì?"),
    h("p", {}, "Gõ tên thủ tục, có dấu hoặc không dấu, hoặc chữ viết tắt (GPLX, CCCD, ĐKKD)."),
    h("p", { class: "tthc-welcome__label" }, "Tìm nhiều:"),
    h("ul", { class: "tthc-chips" }, examples),
    stats && h("p", { class: "tthc-welcome__stats" },
      `Tỉnh đang công bố ${formatNumber(stats.procedure_count)} thủ tục; `,
      h("strong", {}, `${formatNumber(stats.online_rate)}%`),
      " có thể nộp hồ sơ trực tuyến (mức 3 và 4). ",
      h("a", { href: hrefFor({ view: "stats", q: "" }),
        onclick: linkHandler(() => go({ view: "stats", q: "" })) }, "Xem thống kê")));
}

/** Intercepts a plain left click on a link; other clicks (new tab...) keep their default. */
export function linkHandler(action) {
  return (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    action();
  };
}

const TIER_ORDER = ["province", "district", "commune", "ministry", "other"];

function tierOrder(tier) {
  const index = TIER_ORDER.indexOf(tier);
  return index < 0 ? TIER_ORDER.length : index;
}

function facetCount(facets, name, key) {
  return (facets?.[name] || {})[key] || 0;
}

function checkboxOption({ name, value, label, count, checked, onChange }) {
  const id = uniqueId(`tthc-${name}`);
  return h("li", { class: "tthc-option" },
    h("input", { type: "checkbox", id, name, value, checked,
      disabled: !checked && count === 0,
      onchange: (event) => onChange(event.target.checked) }),
    h("label", { for: id }, label, " ", h("span", { class: "tthc-count" }, `(${formatNumber(count)})`)));
}

function fieldset(legend, ...children) {
  return h("fieldset", { class: "tthc-facet" }, h("legend", {}, legend), ...children);
}

function toggle(list, value, on) {
  const rest = list.filter((v) => v !== value);
  return on ? [...rest, value].sort() : rest;
}

function selectFacet({ name, legend, all, state, facets, names, go }) {
  const counts = Object.entries(facets?.[name] || {}).filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (names.get(a[0]) || a[0]).localeCompare(names.get(b[0]) || b[0], "vi"));
  if (state[name] && !counts.some(([code]) => code === state[name])) counts.unshift([state[name], 0]);
  const id = uniqueId(`tthc-${name}`);
  return h("div", { class: "tthc-facet tthc-facet--select" },
    h("label", { for: id, class: "tthc-facet__label" }, legend),
    h("select", { id, name, onchange: (event) => go({ [name]: event.target.value }) },
      h("option", { value: "" }, all),
      counts.map(([code, count]) => h("option", { value: code, selected: code === state[name] },
        `${names.get(code) || code} (${formatNumber(count)})`))));
}

export function filtersView({ state, facets, names, go, wide }) {
  const levels = LEVELS.map((level) => checkboxOption({
    name: "level", value: String(level),
    label: [h("span", { class: `tthc-dot tthc-dot--l${level}`, "aria-hidden": "true" }),
      LEVEL_NAMES[level], level >= 3 ? ` (${KIND_NAMES[levelKind(level)].toLowerCase()})` : ""],
    count: facetCount(facets, "level", String(level)), checked: state.level.includes(String(level)),
    onChange: (on) => go({ level: toggle(state.level, String(level), on) }),
  }));
  const tiers = Object.keys(facets?.tier || {}).concat(state.tier)
    .filter((v, i, all) => all.indexOf(v) === i)
    .sort((a, b) => tierOrder(a) - tierOrder(b))
    .map((tier) => checkboxOption({
      name: "tier", value: tier, label: tierName(tier), count: facetCount(facets, "tier", tier),
      checked: state.tier.includes(tier), onChange: (on) => go({ tier: toggle(state.tier, tier, on) }),
    }));
  const kinds = ["", "full", "partial", "info"].map((kind) => {
    const id = uniqueId("tthc-kind");
    const count = kind ? facetCount(facets, "kind", kind) : null;
    return h("li", { class: "tthc-option" },
      h("input", { type: "radio", id, name: "kind", value: kind, checked: state.kind === kind,
        disabled: Boolean(kind) && state.kind !== kind && count === 0,
        onchange: () => go({ kind }) }),
      h("label", { for: id }, kind ? KIND_NAMES[kind] : "Tất cả",
        count !== null && [" ", h("span", { class: "tthc-count" }, `(${formatNumber(count)})`)]));
  });
  const online = checkboxOption({
    name: "online", value: "true", label: "Có thể nộp hồ sơ trực tuyến",
    count: facetCount(facets, "online", "true"), checked: state.online === "true",
    onChange: (on) => go({ online: on ? "true" : "" }),
  });
  const active = activeFilterCount(state);
  return h("details", { class: "tthc-filters", open: wide || null },
    h("summary", {}, "Bộ lọc", active ? ` (${active})` : ""),
    h("form", { class: "tthc-filters__form", "aria-label": "Lọc kết quả", onsubmit: (e) => e.preventDefault() },
      fieldset("Mức độ dịch vụ công", h("ul", { class: "tthc-options" }, levels)),
      fieldset("Dịch vụ công trực tuyến", h("ul", { class: "tthc-options" }, kinds, online)),
      tiers.length > 0 && fieldset("Cấp thực hiện", h("ul", { class: "tthc-options" }, tiers)),
      selectFacet({ name: "field", legend: "Lĩnh vực", all: "Tất cả lĩnh vực", state, facets,
        names: names.fields, go }),
      selectFacet({ name: "agency", legend: "Cơ quan thực hiện", all: "Tất cả cơ quan", state,
        facets, names: names.agencies, go }),
      active > 0 && h("button", { type: "button", class: "tthc-button tthc-button--quiet",
        onclick: () => go({ level: [], tier: [], agency: "", field: "", kind: "", online: "" }) },
      "Xoá bộ lọc")));
}

function hitView(hit, { hrefFor, go }) {
  const open = () => go({ code: hit.code });
  const tiers = (hit.tiers || []).map(tierName).join(", ");
  return h("li", { class: "tthc-hit", dataset: { code: hit.code, level: hit.maturity_level } },
    h("h3", { class: "tthc-hit__title" },
      h("a", { href: hrefFor({ code: hit.code }), onclick: linkHandler(open) },
        marked(hit.highlight?.name || ""), !hit.highlight?.name && hit.name)),
    h("p", { class: "tthc-hit__badges" }, levelBadges(hit.maturity_level),
      tiers && h("span", { class: "tthc-tier" }, tiers),
      hit.online && h("span", { class: "tthc-online" }, "Nộp trực tuyến")),
    (hit.agency || hit.field) && h("p", { class: "tthc-hit__meta" },
      hit.agency && h("span", {}, h("span", { class: "tthc-sr" }, "Cơ quan: "), hit.agency.name),
      hit.agency && hit.field && " · ",
      hit.field && h("span", {}, h("span", { class: "tthc-sr" }, "Lĩnh vực: "), hit.field.name)),
    hit.highlight?.text && h("p", { class: "tthc-hit__snippet" }, marked(hit.highlight.text)),
    h("p", { class: "tthc-hit__code" }, `Mã thủ tục: ${hit.code}`));
}

function pageNumbers(page, last) {
  const pages = new Set([1, last, page - 1, page, page + 1]);
  const sorted = [...pages].filter((p) => p >= 1 && p <= last).sort((a, b) => a - b);
  const out = [];
  for (const [i, p] of sorted.entries()) {
    if (i > 0 && p - sorted[i - 1] > 1) out.push(null);
    out.push(p);
  }
  return out;
}

function paginationView({ state, total, hrefFor, go }) {
  const last = Math.max(1, Math.ceil(Math.min(total, MAX_RESULTS) / PAGE_SIZE));
  if (last <= 1) return null;
  const link = (page, label, attrs = {}) => h("a", {
    href: hrefFor({ page }), class: "tthc-pager__link", onclick: linkHandler(() => go({ page }, { focus: "results" })),
    ...attrs }, label);
  return h("nav", { class: "tthc-pagination", "aria-label": "Phân trang kết quả" },
    h("ul", {},
      state.page > 1 && h("li", {}, link(state.page - 1, "‹ Trước", { rel: "prev", "aria-label": "Trang trước" })),
      pageNumbers(state.page, last).map((p) => h("li", {}, p === null
        ? h("span", { class: "tthc-pager__link tthc-pager__gap", "aria-hidden": "true" }, "…")
        : link(p, String(p), { "aria-label": `Trang ${p}`, "aria-current": p === state.page ? "page" : null }))),
      state.page < last && h("li", {}, link(state.page + 1, "Sau ›", { rel: "next", "aria-label": "Trang sau" }))));
}

export function resultsView({ state, result, names, hrefFor, go, wide }) {
  const { total, hits } = result;
  const first = (state.page - 1) * PAGE_SIZE + 1;
  const summary = total
    ? `${formatNumber(total)} thủ tục phù hợp${total > hits.length ? `, đang xem ${formatNumber(first)}–${formatNumber(first + hits.length - 1)}` : ""}`
    : "Không tìm thấy thủ tục phù hợp";
  const suggestion = result.suggestion && h("p", { class: "tthc-didyoumean" }, "Có phải bạn muốn tìm: ",
    h("a", { href: hrefFor({ q: result.suggestion, page: 1 }),
      onclick: linkHandler(() => go({ q: result.suggestion, page: 1 }, { search: true })) },
    result.suggestion), "?");
  return h("div", { class: "tthc-search" },
    filtersView({ state, facets: result.facets, names, go, wide }),
    h("section", { class: "tthc-results", "aria-labelledby": "tthc-results-title" },
      h("h2", { id: "tthc-results-title", class: "tthc-results__title", tabindex: "-1" }, summary),
      result.degraded && h("p", { class: "tthc-notice", role: "status" },
        "Máy tìm kiếm đang bảo trì: kết quả chỉ khớp theo tên thủ tục."),
      suggestion,
      !total && h("div", { class: "tthc-empty" },
        h("p", {}, "Thử gõ ít từ hơn, bỏ bớt bộ lọc, hoặc dùng tên thường gọi của thủ tục."),
        activeFilterCount(state) > 0 && h("button", { type: "button", class: "tthc-button",
          onclick: () => go({ level: [], tier: [], agency: "", field: "", kind: "", online: "" }) },
        "Xoá bộ lọc")),
      total > 0 && h("ol", { class: "tthc-hits", start: first }, hits.map((hit) => hitView(hit, { hrefFor, go }))),
      paginationView({ state, total, hrefFor, go })));
}
