// Starts Swagger UI on the spec named by this script tag (deferred: the page is parsed by then).
// No inline script, and no validator badge: it would load an image from another host.
(function () {
  "use strict";
  window.ui = window.SwaggerUIBundle({
    url: document.currentScript.dataset.specUrl,
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
  });
})();
