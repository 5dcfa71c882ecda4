// The citizens' search page: mounts into every element marked data-tthc-portal.
//
// Every URL is derived from where this module was loaded, so the page works under a path
// prefix and when another site loads it with <script type="module">.

import { ApiError, createApi } from "./api.js";
import { SuggestBox } from "./combobox.js";
import { h, replace, uniqueId } from "./dom.js";
import { eventNoticeView, eventView, eventsBrowseView } from "./life-events-view.js";
import { procedureView } from "./procedure-view.js";
import { PAGE_SIZE, linkHandler, resultsView, welcomeView } from "./search-view.js";
import { FILTERS, Router, emptyState, searchParams } from "./state.js";
import { statsView } from "./stats-view.js";

const SERVICE_ROOT = new URL("../../", import.meta.url);
const STYLESHEET = new URL("app.css", import.meta.url).href;
const TITLE = "Tra cứu thủ tục hành chính";
const WIDE_PX = 768; // the 48em of app.css's container queries: filters open beside the results

class Portal {
  constructor(root, { urlState }) {
    this.root = root;
    this.api = createApi(SERVICE_ROOT);
    this.router = new Router(urlState, (state) => this.show(state, { fromHistory: true }));
    this.ownsTitle = urlState === "query";
    this.state = emptyState();
    this.showAllGroups = false;
    this.sequence = 0;
    this.names = { agencies: new Map(), fields: new Map() };
  }

  mount() {
    const inputId = uniqueId("tthc-q");
    this.input = h("input", { id: inputId, type: "search", name: "q", class: "tthc-input",
      placeholder: "Ví dụ: đăng ký khai sinh, GPLX, sổ đỏ", enterkeyhint: "search",
      spellcheck: "false", maxlength: "200" });
    this.live = h("p", { class: "tthc-sr", "aria-live": "polite", role: "status" });
    this.suggest = new SuggestBox({
      input: this.input,
      load: (text, signal) => this.api.suggest(text, { signal }),
      onChoose: (item) => {
        this.input.value = item.name;
        this.go({ q: item.name, code: item.code }, { focus: "view" });
      },
      announce: (text) => this.say(text),
    });
    this.tabs = h("nav", { class: "tthc-tabs", "aria-label": "Chức năng" });
    this.view = h("div", { class: "tthc-view", "aria-live": "off" });
    const form = h("form", { class: "tthc-searchform", role: "search", onsubmit: (e) => this.submit(e) },
      h("label", { for: inputId, class: "tthc-searchform__label" }, "Tìm thủ tục hành chính"),
      h("div", { class: "tthc-searchform__row" },
        h("div", { class: "tthc-combo" }, this.input, this.suggest.listbox),
        h("button", { type: "submit", class: "tthc-button tthc-searchform__submit" }, "Tìm kiếm")));
    this.root.classList.add("tthc");
    this.root.setAttribute("lang", "vi");
    replace(this.root, this.tabs, form, this.live, this.view);
    this.show(this.router.read(), { initial: true });
  }

  say(text) {
    this.live.textContent = "";
    setTimeout(() => { this.live.textContent = text; }, 30);
  }

  submit(event) {
    event.preventDefault();
    this.suggest.dismiss();
    const q = this.input.value.trim();
    performance.mark("tthc:submit");
    this.go({ q, view: "" }, { search: true });
  }

  /** The state after a user's change: new query or filters go back to page 1 of the results. */
  next(partial) {
    const state = { ...this.state, ...partial };
    const touchesSearch = "q" in partial || FILTERS.some((key) => key in partial);
    if (touchesSearch && !("page" in partial)) state.page = 1;
    if ((touchesSearch || "page" in partial) && !("code" in partial)) state.code = "";
    if ((touchesSearch || "page" in partial || "view" in partial) && !("event" in partial)) state.event = "";
    if ((touchesSearch || "code" in partial) && !("view" in partial)) state.view = "";
    if (partial.view === "stats" && !("code" in partial)) state.code = "";
    if (partial.event && !("code" in partial)) state.code = "";
    return state;
  }

  hrefFor = (partial) => this.router.href(this.next(partial));

  go = (partial, { focus, search } = {}) => {
    const state = this.next(partial);
    if (search || FILTERS.some((key) => key in partial)) performance.mark("tthc:submit");
    this.router.write(state);
    this.show(state, { focus: focus || (partial.code || partial.view || partial.event ? "view" : null) });
  };

  show(state, { focus = null, initial = false, fromHistory = false } = {}) {
    this.state = state;
    if (document.activeElement !== this.input || fromHistory || initial) this.input.value = state.q;
    this.renderTabs();
    const options = { focus: fromHistory ? "view" : focus, initial };
    if (state.code) return this.showProcedure(state, options);
    if (state.event) return this.showEvent(state, options);
    if (state.view === "stats") return this.showStats(state, options);
    if (state.q) return this.showResults(state, options);
    return this.showWelcome(options);
  }

  renderTabs() {
    const stats = this.state.view === "stats" && !this.state.code;
    const tab = (label, partial, current) => h("a", { href: this.hrefFor(partial),
      "aria-current": current ? "page" : null, onclick: linkHandler(() => this.go(partial)) }, label);
    replace(this.tabs,
      tab("Tra cứu thủ tục", { view: "", code: "", page: this.state.page }, !stats),
      tab("Thống kê mức độ", { view: "stats", code: "" }, stats));
  }

  /** Runs `load` unless a newer navigation started meanwhile; renders its result. */
  async load(loader, render, { focus, busy = true } = {}) {
    const sequence = ++this.sequence;
    if (busy) this.view.setAttribute("aria-busy", "true");
    try {
      const data = await loader();
      if (sequence !== this.sequence) return;
      replace(this.view, render(data));
    } catch (error) {
      if (sequence !== this.sequence || error.name === "AbortError") return;
      replace(this.view, this.errorView(error));
    } finally {
      if (sequence === this.sequence) this.view.removeAttribute("aria-busy");
    }
    if (focus === "view") this.view.querySelector("h2")?.focus({ preventScroll: false });
    if (focus === "results") {
      this.view.querySelector("#tthc-results-title")?.focus();
    }
  }

  errorView(error) {
    const message = error instanceof ApiError && error.status === 404
      ? "Không tìm thấy thủ tục này. Có thể mã thủ tục đã thay đổi."
      : error instanceof ApiError && error.status === 422
        ? `Từ khoá chưa hợp lệ: ${error.message}`
        : error.message || "Đã có lỗi. Vui lòng thử lại.";
    return h("div", { class: "tthc-error", role: "alert" }, h("h2", { tabindex: "-1" }, "Chưa hiển thị được"),
      h("p", {}, message));
  }

  setTitle(text) {
    if (this.ownsTitle) document.title = text ? `${text} — ${TITLE}` : TITLE;
  }

  async loadNames() {
    const [agencies, fields] = await Promise.all([
      this.api.names("agencies").catch(() => new Map()),
      this.api.names("fields").catch(() => new Map()),
    ]);
    this.names = { agencies, fields };
  }

  showWelcome({ focus }) {
    this.setTitle("");
    const render = ({ stats, events }) => [welcomeView({ stats, hrefFor: this.hrefFor, go: this.go }),
      eventsBrowseView({ events, hrefFor: this.hrefFor, go: this.go })];
    replace(this.view, render({}));
    return this.load(async () => {
      const [stats, events] = await Promise.all([this.api.stats().catch(() => null),
        this.api.lifeEvents().catch(() => null)]);
      return { stats, events };
    }, render, { focus, busy: false });
  }

  showResults(state, { focus, initial }) {
    this.setTitle(`Tìm “${state.q}”`);
    const params = searchParams(state, PAGE_SIZE);
    const names = this.loadNames();
    return this.load(async () => {
      const [result] = await Promise.all([this.api.search(params), names]);
      return result;
    }, (result) => {
      this.say(result.total ? `Tìm thấy ${result.total} thủ tục.` : "Không tìm thấy thủ tục phù hợp.");
      requestAnimationFrame(() => this.markResults(initial));
      const wide = this.contentWidth() >= WIDE_PX;
      return [eventNoticeView({ event: result.life_event, hrefFor: this.hrefFor, go: this.go }),
        resultsView({ state, result, names: this.names, hrefFor: this.hrefFor, go: this.go, wide })];
    }, { focus });
  }

  contentWidth() {
    const style = getComputedStyle(this.root);
    return this.root.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }

  markResults(initial) {
    performance.mark("tthc:results-rendered");
    if (initial) {
      performance.measure("tthc:load-to-results", { start: 0, end: "tthc:results-rendered" });
    } else if (performance.getEntriesByName("tthc:submit", "mark").length) {
      performance.measure("tthc:time-to-results", "tthc:submit", "tthc:results-rendered");
    }
  }

  showProcedure(state, { focus }) {
    const back = { code: "" };
    return this.load(async () => {
      const [procedure, history] = await Promise.all([
        this.api.procedure(state.code),
        this.api.history(state.code).catch(() => null),
      ]);
      return { procedure, history };
    }, ({ procedure, history }) => {
      this.setTitle(procedure.name);
      return procedureView({ procedure, history, backHref: this.hrefFor(back), back: () => this.go(back) });
    }, { focus: focus || "view" });
  }

  showEvent(state, { focus }) {
    const back = { event: "" };
    return this.load(() => this.api.lifeEvent(state.event), (event) => {
      this.setTitle(event.name);
      return eventView({ event, hrefFor: this.hrefFor, go: this.go, backHref: this.hrefFor(back),
        back: () => this.go(back) });
    }, { focus: focus || "view" });
  }

  showStats(state, { focus }) {
    this.setTitle("Thống kê mức độ");
    const by = state.by || "agency";
    const render = (stats) => statsView({ stats, by, hrefFor: this.hrefFor, go: this.go,
      showAll: this.showAllGroups, onShowAll: () => { this.showAllGroups = true; replace(this.view, render(stats)); } });
    this.showAllGroups = false;
    return this.load(() => this.api.stats(by), render, { focus });
  }
}

function ensureStylesheet() {
  const present = [...document.querySelectorAll('link[rel="stylesheet"]')].some((link) => link.href === STYLESHEET);
  if (!present) document.head.append(h("link", { rel: "stylesheet", href: STYLESHEET }));
}

/** Mounts the portal into `element`; urlState "query" (own page), "hash" (embedded) or "none". */
export function mountPortal(element, { urlState } = {}) {
  if (element.tthcPortal) return element.tthcPortal;
  ensureStylesheet();
  const portal = new Portal(element, { urlState: urlState || element.dataset.urlState || "hash" });
  element.tthcPortal = portal;
  portal.mount();
  return portal;
}

function mountAll() {
  for (const element of document.querySelectorAll("[data-tthc-portal]")) mountPortal(element);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
else mountAll();
