// The search box: an ARIA 1.2 combobox with debounced as-you-type suggestions.

import { debounce, h, replace, uniqueId } from "./dom.js";

const DEBOUNCE_MS = 150;
const MIN_CHARS = 2;

/**
 * Wires suggestions to `input`. `load(text, signal)` returns [{code, name}]; `onChoose(item)`
 * is called when a suggestion is picked (Enter or click); `announce(text)` speaks to readers.
 */
export class SuggestBox {
  constructor({ input, load, onChoose, announce }) {
    this.input = input;
    this.load = load;
    this.onChoose = onChoose;
    this.announce = announce;
    this.items = [];
    this.active = -1;
    this.controller = null;
    this.listbox = h("ul", { id: uniqueId("tthc-suggest"), role: "listbox", class: "tthc-suggest",
      "aria-label": "Gợi ý thủ tục", hidden: true });
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);
    input.setAttribute("autocomplete", "off");
    this.fetchLater = debounce(() => this.fetch(), DEBOUNCE_MS);
    input.addEventListener("input", () => this.onInput());
    input.addEventListener("keydown", (event) => this.onKeydown(event));
    input.addEventListener("blur", () => setTimeout(() => this.close(), 120));
    this.listbox.addEventListener("mousedown", (event) => event.preventDefault());
  }

  onInput() {
    performance.mark("tthc:typed");
    if (this.input.value.trim().length < MIN_CHARS) {
      this.fetchLater.cancel();
      this.abort();
      this.items = [];
      this.close();
      return;
    }
    this.fetchLater();
  }

  abort() {
    if (this.controller) this.controller.abort();
    this.controller = null;
  }

  async fetch() {
    const text = this.input.value.trim();
    this.abort();
    const controller = new AbortController();
    this.controller = controller;
    let items;
    try {
      items = await this.load(text, controller.signal);
    } catch (error) {
      if (error.name !== "AbortError") this.close();
      return;
    }
    if (controller.signal.aborted || document.activeElement !== this.input) return;
    this.show(items);
    performance.mark("tthc:suggestions-rendered");
    performance.measure("tthc:time-to-suggestions", "tthc:typed", "tthc:suggestions-rendered");
  }

  show(items) {
    this.items = items;
    this.active = -1;
    replace(this.listbox, items.map((item, index) => h("li", {
      id: `${this.listbox.id}-${index}`, role: "option", class: "tthc-suggest__option",
      "aria-selected": "false", dataset: { code: item.code },
      onclick: () => this.choose(index),
    }, item.name)));
    if (!items.length) { this.close(); return; }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.announce(`${items.length} gợi ý. Dùng phím mũi tên lên, xuống để chọn.`);
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  }

  get isOpen() {
    return !this.listbox.hidden;
  }

  move(step) {
    if (!this.items.length) return;
    const count = this.items.length;
    this.active = this.active < 0 && step < 0 ? count - 1 : (this.active + step + count) % count;
    for (const [index, option] of [...this.listbox.children].entries()) {
      const selected = index === this.active;
      option.setAttribute("aria-selected", String(selected));
      option.classList.toggle("is-active", selected);
      if (selected) option.scrollIntoView({ block: "nearest" });
    }
    this.input.setAttribute("aria-activedescendant", `${this.listbox.id}-${this.active}`);
  }

  choose(index) {
    const item = this.items[index];
    this.close();
    this.fetchLater.cancel();
    this.abort();
    if (item) this.onChoose(item);
  }

  /** Cancels pending suggestions: the form was submitted. */
  dismiss() {
    this.fetchLater.cancel();
    this.abort();
    this.close();
  }

  onKeydown(event) {
    if (event.isComposing) return;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!this.isOpen && this.items.length) { this.show(this.items); }
        else if (!this.isOpen) { this.fetch(); return; }
        this.move(1);
        break;
      case "ArrowUp":
        if (!this.isOpen) return;
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        if (this.isOpen && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        } else {
          this.dismiss();
        }
        break;
      case "Escape":
        if (this.isOpen) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
    }
  }
}
