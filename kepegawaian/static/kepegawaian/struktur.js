// Org chart: expand/collapse all units; open the path to a search hit when jumping to it.
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-org]");
    if (!btn) return;
    var open = btn.getAttribute("data-org") === "expand";
    document.querySelectorAll(".org-chart details").forEach(function (d) { d.open = open; });
  });
  function reveal() {
    if (!location.hash) return;
    var el = document.getElementById(location.hash.slice(1));
    if (!el) return;
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) { d.open = true; }
    el.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", reveal);
  document.addEventListener("DOMContentLoaded", reveal);
})();
