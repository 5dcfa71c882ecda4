// Renders the portal's procedure view outside a browser, for tests/portal/test_portal_notice.py:
// reads {procedure, history} as JSON on stdin and writes the page's HTML on stdout, through a
// document that builds plain nodes (the views only create, fill and append elements).

class Node {
  constructor() {
    this.childNodes = [];
  }

  append(...children) {
    for (const child of children) {
      this.childNodes.push(child instanceof Node ? child : new Text(String(child)));
    }
  }
}

class Text extends Node {
  constructor(data) {
    super();
    this.data = data;
  }

  get html() {
    return this.data.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
}

class Element extends Node {
  constructor(tag) {
    super();
    this.tagName = tag;
    this.attributes = {};
    this.dataset = {};
    this.style = {};
    this.className = "";
  }

  setAttribute(name, value) {
    this.attributes[name] = String(value);
  }

  addEventListener() {}

  get html() {
    const attributes = { ...this.attributes };
    if (this.className) attributes.class = this.className;
    for (const [key, value] of Object.entries(this.dataset)) attributes[`data-${key}`] = String(value);
    const listed = Object.entries(attributes)
      .map(([name, value]) => ` ${name}="${value.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`)
      .join("");
    return `<${this.tagName}${listed}>${this.childNodes.map((c) => c.html).join("")}</${this.tagName}>`;
  }
}

globalThis.Node = Node;
globalThis.document = {
  createElement: (tag) => new Element(tag),
  createTextNode: (data) => new Text(data),
};

const { procedureView } = await import("../../services_api/portal/static/portal/procedure-view.js");
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { procedure, history } = JSON.parse(Buffer.concat(chunks).toString("utf-8"));
const view = procedureView({ procedure, history, backHref: "?", back: () => {} });
process.stdout.write(view.html);
