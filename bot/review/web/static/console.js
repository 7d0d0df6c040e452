// Vigie console: the little the pages need beyond htmx. No inline script (the CSP forbids it).
(function () {
  "use strict";

  // Countdowns to acknowledgement deadlines: the server gives the seconds left at render time
  // (from its own clock, so a replay or a drill counts down the same way), the page counts on.
  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var s = Math.abs(Math.round(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? sign + h + " h " + pad(m) + " min" : sign + m + " min " + pad(r) + " s";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll(".countdown[data-remaining]").forEach(function (el) {
      if (el.dataset.remaining === "") { return; }
      if (!el.dataset.start) { el.dataset.start = String(now); }
      var left = Number(el.dataset.remaining) - (now - Number(el.dataset.start)) / 1000;
      el.textContent = format(left);
      el.classList.toggle("overdue", left < 0);
    });
  }
  setInterval(tick, 1000);

  // A poll must not wipe a statement someone is editing: skip refreshes while a field is dirty.
  document.addEventListener("input", function (event) {
    if (event.target.closest("#crisis-live")) { event.target.dataset.dirty = "1"; }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var live = document.getElementById("crisis-live");
    var polling = event.detail.elt === live && event.detail.requestConfig.verb === "get";
    if (polling && live.querySelector("[data-dirty]")) { event.preventDefault(); }
  });

  // After a note is saved, empty its field for the next one.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (event.detail.successful && form.tagName === "FORM" && form.action.endsWith("/notes")) {
      form.reset();
    }
  });
})();
