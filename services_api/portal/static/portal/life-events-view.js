// Life events: situations of a person or a business, each with its procedures in order.

import { h } from "./dom.js";
import { tierName } from "./format.js";
import { levelBadges, linkHandler } from "./search-view.js";

const AUDIENCES = { citizen: "Người dân", business: "Hộ kinh doanh, doanh nghiệp" };

function eventLink(event, { hrefFor, go }) {
  return h("a", { href: hrefFor({ event: event.code }), class: "tthc-chip",
    dataset: { event: event.code },
    onclick: linkHandler(() => go({ event: event.code }, { focus: "view" })) }, event.name);
}

/** Every event, grouped by whom it concerns: for the welcome page. */
export function eventsBrowseView({ events, hrefFor, go }) {
  if (!events?.length) return null;
  const groups = Object.entries(AUDIENCES).map(([audience, label]) => {
    const mine = events.filter((event) => event.audience === audience);
    return mine.length > 0 && h("div", { class: "tthc-events__group" },
      h("h3", { class: "tthc-events__audience" }, label),
      h("ul", { class: "tthc-chips" }, mine.map((event) => h("li", {}, eventLink(event, { hrefFor, go })))));
  });
  return h("section", { class: "tthc-events", "aria-labelledby": "tthc-events-title" },
    h("h2", { id: "tthc-events-title", class: "tthc-events__title" }, "Thủ tục theo sự kiện"),
    h("p", {}, "Chọn việc bạn đang gặp để xem các thủ tục cần làm, theo thứ tự."),
    groups);
}

/** The event a search recognised, above its results. */
export function eventNoticeView({ event, hrefFor, go }) {
  if (!event) return null;
  return h("p", { class: "tthc-event-notice", role: "note" }, "Tình huống: ",
    h("strong", {}, event.name), ". Các thủ tục của sự kiện này được xếp trước. ",
    h("a", { href: hrefFor({ event: event.code }), dataset: { event: event.code },
      onclick: linkHandler(() => go({ event: event.code }, { focus: "view" })) },
    "Xem các bước cần làm"));
}

/** One event: what it involves and its procedures in the order a person does them. */
export function eventView({ event, hrefFor, go, backHref, back }) {
  const steps = event.procedures.map((procedure) => {
    const tiers = (procedure.tiers || []).map(tierName).join(", ");
    return h("li", { class: "tthc-hit", dataset: { code: procedure.code } },
      h("h3", { class: "tthc-hit__title" },
        h("a", { href: hrefFor({ code: procedure.code, event: "" }),
          onclick: linkHandler(() => go({ code: procedure.code, event: "" })) }, procedure.name)),
      h("p", { class: "tthc-hit__badges" }, levelBadges(procedure.maturity_level),
        tiers && h("span", { class: "tthc-tier" }, tiers),
        procedure.online && h("span", { class: "tthc-online" }, "Nộp trực tuyến")),
      h("p", { class: "tthc-hit__code" }, `Mã thủ tục: ${procedure.code}`));
  });
  return h("article", { class: "tthc-event", dataset: { event: event.code } },
    h("p", {}, h("a", { href: backHref, onclick: linkHandler(back) }, "‹ Quay lại")),
    h("h2", { tabindex: "-1" }, event.name),
    h("p", {}, event.description),
    h("ol", { class: "tthc-hits tthc-event__steps" }, steps),
    h("p", { class: "tthc-event__reason" }, event.reason));
}
