// Statistics: shares of procedures per level, for the province and per agency, tier or field.

import { h } from "./dom.js";
import { KIND_NAMES, LEVEL_NAMES, formatNumber, formatShare, levelKind, tierName } from "./format.js";
import { linkHandler } from "./search-view.js";

const GROUPINGS = [
  ["agency", "Theo cơ quan"],
  ["tier", "Theo cấp"],
  ["field", "Theo lĩnh vực"],
];
const SHOWN_GROUPS = 15;
const ORDER = [1, 2, 3, 4];

function levelOf(levels, level) {
  return levels.find((item) => item.level === level) || { level, count: 0, share: 0 };
}

function levelName(level) {
  const kind = levelKind(level);
  return kind === "info" ? LEVEL_NAMES[level] : `${LEVEL_NAMES[level]} (${KIND_NAMES[kind].toLowerCase()})`;
}

function legend() {
  return h("ul", { class: "tthc-legend", "aria-hidden": "true" }, ORDER.map((level) => h("li", {},
    h("span", { class: `tthc-dot tthc-dot--l${level}` }), levelName(level))));
}

/** Columns: one per level, the height its share of the province's procedures. */
function provinceChart(stats) {
  const max = Math.max(1, ...stats.levels.map((item) => item.share));
  return h("figure", { class: "tthc-chart" },
    h("figcaption", {}, "Tỷ lệ thủ tục theo mức độ, toàn tỉnh"),
    h("ul", { class: "tthc-columns" }, ORDER.map((level) => {
      const item = levelOf(stats.levels, level);
      return h("li", { class: "tthc-column", dataset: { level } },
        h("span", { class: "tthc-column__value" }, formatShare(item.share)),
        h("span", { class: "tthc-column__track", "aria-hidden": "true" },
          h("span", { class: `tthc-column__bar tthc-fill--l${level}`,
            style: { height: `${(100 * item.share) / max}%` } })),
        h("span", { class: "tthc-column__label" }, levelName(level)),
        h("span", { class: "tthc-column__count" }, `${formatNumber(item.count)} thủ tục`));
    })));
}

/** A 100% bar split by level; the numbers are in the text next to it. */
function stackedBar(levels) {
  return h("span", { class: "tthc-stack", "aria-hidden": "true" }, ORDER.map((level) => {
    const item = levelOf(levels, level);
    return item.share > 0 && h("span", { class: `tthc-stack__part tthc-fill--l${level}`,
      style: { width: `${item.share}%` }, title: `${levelName(level)}: ${formatShare(item.share)}` });
  }));
}

function shareText(levels) {
  return ORDER.map((level) => `Mức ${level}: ${formatShare(levelOf(levels, level).share)}`).join(", ");
}

function groupName(by, group) {
  return by === "tier" ? group.name || tierName(group.code) : group.name;
}

function groupsTable({ stats, by, showAll, onShowAll }) {
  const groups = showAll ? stats.groups : stats.groups.slice(0, SHOWN_GROUPS);
  const label = GROUPINGS.find(([key]) => key === by)[1];
  return h("div", { class: "tthc-groups" },
    h("table", { class: "tthc-table tthc-stats-table" },
      h("caption", {}, `Tỷ lệ theo mức độ, ${label.toLowerCase()}`),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, by === "agency" ? "Cơ quan" : by === "tier" ? "Cấp" : "Lĩnh vực"),
        h("th", { scope: "col", class: "tthc-num" }, "Số thủ tục"),
        h("th", { scope: "col" }, "Tỷ lệ theo mức độ"),
        h("th", { scope: "col", class: "tthc-num" }, "Trực tuyến (mức 3–4)"))),
      h("tbody", {}, groups.map((group) => h("tr", { dataset: { code: group.code || "" } },
        h("th", { scope: "row", "data-label": "Nhóm" }, groupName(by, group)),
        h("td", { class: "tthc-num", "data-label": "Số thủ tục" }, formatNumber(group.procedure_count)),
        h("td", { "data-label": "Tỷ lệ theo mức độ" }, stackedBar(group.levels),
          h("span", { class: "tthc-sr" }, shareText(group.levels))),
        h("td", { class: "tthc-num", "data-label": "Trực tuyến" }, formatShare(group.online_rate)))))),
    !showAll && stats.groups.length > SHOWN_GROUPS && h("button", {
      type: "button", class: "tthc-button tthc-button--quiet", onclick: onShowAll },
    `Xem tất cả ${formatNumber(stats.groups.length)} nhóm`));
}

export function statsView({ stats, by, hrefFor, go, showAll, onShowAll }) {
  const full = levelOf(stats.levels, 4);
  const tabs = h("nav", { class: "tthc-segmented", "aria-label": "Nhóm thống kê" },
    GROUPINGS.map(([key, label]) => h("a", {
      href: hrefFor({ view: "stats", by: key }), "aria-current": key === by ? "page" : null,
      onclick: linkHandler(() => go({ view: "stats", by: key })) }, label)));
  return h("section", { class: "tthc-stats", "aria-labelledby": "tthc-stats-title" },
    h("h2", { id: "tthc-stats-title", tabindex: "-1" }, "Thống kê mức độ dịch vụ công trực tuyến"),
    h("ul", { class: "tthc-cards" },
      h("li", {}, h("span", { class: "tthc-card__value" }, formatNumber(stats.procedure_count)),
        h("span", { class: "tthc-card__label" }, "thủ tục đang công bố")),
      h("li", {}, h("span", { class: "tthc-card__value" }, formatShare(stats.online_rate)),
        h("span", { class: "tthc-card__label" }, "nộp hồ sơ trực tuyến được (mức 3–4)")),
      h("li", {}, h("span", { class: "tthc-card__value" }, formatNumber(full.count)),
        h("span", { class: "tthc-card__label" }, "thủ tục trực tuyến toàn trình (mức 4)"))),
    provinceChart(stats),
    h("h3", {}, "So sánh giữa các nhóm"),
    tabs,
    legend(),
    groupsTable({ stats, by, showAll, onShowAll }),
    h("p", { class: "tthc-note" },
      "Mức 4 tương ứng dịch vụ công trực tuyến toàn trình, mức 3 tương ứng một phần "
      + "(quy ước thường dùng, không phải tương đương pháp lý)."));
}
