// gazette serve: reloads this page when a rebuild changed it, and shows a failed build's
// errors over the page (the server keeps serving the last good build meanwhile).
// Served at <base>__gazette/reload.js and added to HTML only by `gazette serve`, never by
// `gazette build`. Text goes in with textContent, never as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base")) || "/";
  var overlay = null;
  var build = null;

  function here() {
    return location.pathname.replace(/index\.html$/, "");
  }

  function clearError() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function showError(message) {
    clearError();
    overlay = document.createElement("div");
    overlay.id = "gazette-build-error";
    overlay.setAttribute("role", "alert");
    var s = overlay.style;
    s.position = "fixed";
    s.left = "0";
    s.right = "0";
    s.bottom = "0";
    s.maxHeight = "60vh";
    s.overflow = "auto";
    s.zIndex = "2147483647";
    s.background = "#2b0f0f";
    s.color = "#ffe9e9";
    s.borderTop = "4px solid #e5484d";
    s.padding = "1em 1.25em";
    s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    var title = document.createElement("strong");
    title.textContent = "gazette: the build failed. This page is the last good build; fix the file and it reloads.";
    var pre = document.createElement("pre");
    pre.style.whiteSpace = "pre-wrap";
    pre.style.margin = "0.75em 0 0";
    pre.textContent = message;
    overlay.appendChild(title);
    overlay.appendChild(pre);
    (document.body || document.documentElement).appendChild(overlay);
  }

  function listen() {
    var events = new EventSource(base + "__gazette/events");
    events.addEventListener("hello", function (e) {
      var d = JSON.parse(e.data);
      // A build happened while the connection was down (or the server restarted).
      if (build !== null && d.build !== build) {
        location.reload();
        return;
      }
      build = d.build;
      clearError();
    });
    events.addEventListener("build-error", function (e) {
      showError(JSON.parse(e.data).message);
    });
    events.addEventListener("reload", function (e) {
      var d = JSON.parse(e.data);
      build = d.build;
      clearError();
      var page = here();
      var mine = d.all || d.urls.some(function (u) {
        // This page, or a stylesheet, script, image or font it may use.
        return u === page || /\.(css|m?js|png|jpe?g|gif|svg|webp|ico|woff2?)$/.test(u);
      });
      if (mine) location.reload();
    });
  }

  listen();
})();
