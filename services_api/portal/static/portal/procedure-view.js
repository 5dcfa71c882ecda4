// One procedure: how to do it, where, how long, at what fee, and the history of its level.

import { h } from "./dom.js";
import {
  LEVEL_DESCRIPTIONS, LEVEL_SOURCE_NAMES, METHOD_NAMES, formatDate, formatFee, formatTime,
  rescissionNotice, tierName,
} from "./format.js";
import { levelBadges, linkHandler } from "./search-view.js";

function section(title, ...content) {
  return h("section", { class: "tthc-section" }, h("h3", {}, title), ...content);
}

function text(value) {
  return h("div", { class: "tthc-text" }, value);
}

function safeUrl(value) {
  try {
    const url = new URL(value);
    return ["http:", "https:"].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

function facts(procedure) {
  const rows = [
    ["Mã thủ tục", procedure.code],
    ["Mã thủ tục của tỉnh", procedure.provincial_code],
    ["Lĩnh vực", procedure.field?.name],
    ["Cấp thực hiện", (procedure.tiers || []).map(tierName).join(", ")],
    ["Cơ quan có thẩm quyền", procedure.competent_agency?.name],
    ["Cơ quan thực hiện", (procedure.implementing_agencies || []).map((a) => a.name).join("; ")
      || procedure.agency?.name],
    ["Đối tượng thực hiện", procedure.applicants],
    ["Loại thủ tục", procedure.procedure_type],
    ["Quyết định công bố", procedure.decision_number],
  ].filter(([, value]) => value);
  return h("dl", { class: "tthc-facts" },
    rows.map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))));
}

function channelsTable(channels) {
  if (!channels?.length) return text("Chưa có thông tin về cách thức thực hiện.");
  const notes = channels.some((channel) => channel.note);
  return h("table", { class: "tthc-table tthc-channels" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Hình thức nộp"),
      h("th", { scope: "col" }, "Thời hạn giải quyết"),
      h("th", { scope: "col" }, "Phí, lệ phí"),
      notes && h("th", { scope: "col" }, "Mô tả"))),
    h("tbody", {}, channels.map((channel) => h("tr", { dataset: { method: channel.method } },
      h("th", { scope: "row" }, METHOD_NAMES[channel.method] || channel.method),
      h("td", { "data-label": "Thời hạn giải quyết" }, formatTime(channel)),
      h("td", { "data-label": "Phí, lệ phí", class: "tthc-fee" }, formatFee(channel),
        channel.fee_text && channel.fee_text !== formatFee(channel)
          && h("span", { class: "tthc-fee__text" }, channel.fee_text)),
      notes && h("td", { "data-label": "Mô tả", class: "tthc-text" }, channel.note || "")))));
}

function documentsTable(procedure) {
  const documents = procedure.documents || [];
  if (!documents.length) return text(procedure.documents_text || "Chưa có thông tin về thành phần hồ sơ.");
  const forms = documents.some((doc) => doc.form);
  return h("table", { class: "tthc-table tthc-documents" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Tên giấy tờ"),
      forms && h("th", { scope: "col" }, "Mẫu đơn, tờ khai"),
      h("th", { scope: "col", class: "tthc-documents__quantity" }, "Số lượng"))),
    h("tbody", {}, documents.map((doc) => h("tr", {},
      h("td", { class: "tthc-text" }, doc.name),
      forms && h("td", { "data-label": "Mẫu đơn, tờ khai" }, doc.form || "—"),
      h("td", { "data-label": "Số lượng" }, doc.quantity || "—")))));
}

function legalBasis(items) {
  if (!items?.length) return text("Chưa có thông tin.");
  return h("ul", { class: "tthc-legal" }, items.map((item) => h("li", {},
    item.number && h("strong", {}, item.number), item.number && " — ", item.title)));
}

function historyView(history) {
  if (!history.length) return text("Chưa có thay đổi mức độ.");
  const rows = [...history].sort((a, b) =>
    String(b.effective_date || b.changed_at).localeCompare(String(a.effective_date || a.changed_at)));
  return h("table", { class: "tthc-table tthc-history" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Ngày hiệu lực"),
      h("th", { scope: "col" }, "Mức độ"),
      h("th", { scope: "col" }, "Lý do"),
      h("th", { scope: "col" }, "Cơ quan"))),
    h("tbody", {}, rows.map((change) => h("tr", {},
      h("td", { "data-label": "Ngày hiệu lực" }, formatDate(change.effective_date || change.changed_at)),
      h("td", { "data-label": "Mức độ" }, change.from_level ? `Mức ${change.from_level} → ` : "",
        `Mức ${change.to_level}`),
      h("td", { "data-label": "Lý do", class: "tthc-text" }, change.reason || "—"),
      h("td", { "data-label": "Cơ quan" }, changeAgency(change))))));
}

function changeAgency(change) {
  const agency = change.agency;
  if (agency && typeof agency === "object") return agency.name || agency.code;
  if (typeof agency === "string" && agency) return agency;
  return change.via === "seed" ? "Dữ liệu ban đầu" : "—";
}

// Said right under the title, where the page's focus lands, before anything invites applying.
function rescinded(notice) {
  return h("div", { class: "tthc-notice tthc-rescinded" },
    h("p", {}, h("strong", {}, notice)),
    h("p", {}, "Thông tin dưới đây chỉ để tra cứu; không tiếp nhận hồ sơ theo thủ tục này."));
}

export function procedureView({ procedure, history, backHref, back }) {
  const notice = rescissionNotice(procedure);
  const online = !notice && safeUrl(procedure.online_service_url); // nothing to apply for
  const source = safeUrl(procedure.source_url);
  return h("article", { class: "tthc-procedure", dataset: { code: procedure.code, status: procedure.status } },
    h("p", { class: "tthc-back" },
      h("a", { href: backHref, onclick: linkHandler(back) }, "‹ Quay lại kết quả tìm kiếm")),
    h("h2", { class: "tthc-procedure__title", tabindex: "-1" }, procedure.name),
    notice && rescinded(notice),
    h("p", { class: "tthc-hit__badges" }, levelBadges(procedure.maturity_level),
      h("span", { class: "tthc-level-text" }, LEVEL_DESCRIPTIONS[procedure.maturity_level])),
    h("p", { class: "tthc-level-source" }, LEVEL_SOURCE_NAMES[procedure.level_source] || ""),
    (online || source) && h("p", { class: "tthc-actions" },
      online && h("a", { class: "tthc-button", href: online, rel: "noopener", target: "_blank" },
        "Nộp hồ sơ trực tuyến"),
      source && h("a", { class: "tthc-button tthc-button--quiet", href: source, rel: "noopener", target: "_blank" },
        "Xem trên Cổng Dịch vụ công quốc gia")),
    facts(procedure),
    section("Cách thức thực hiện", channelsTable(procedure.channels)),
    procedure.steps && section("Trình tự thực hiện", text(procedure.steps)),
    section("Thành phần hồ sơ", documentsTable(procedure)),
    procedure.conditions && section("Yêu cầu, điều kiện", text(procedure.conditions)),
    procedure.result && section("Kết quả thực hiện", text(procedure.result)),
    section("Căn cứ pháp lý", legalBasis(procedure.legal_basis)),
    history && h("section", { class: "tthc-section", id: "tthc-history" },
      h("h3", {}, "Lịch sử mức độ dịch vụ công"), historyView(history)));
}
