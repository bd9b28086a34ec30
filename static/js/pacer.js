// Behaviour every page shares; no inline scripts, so the Content Security Policy holds.
// On a phone a table becomes cards (pacer.css): give each cell its column's name as a
// data-label, where the template did not already, so every number keeps its label beside it.
(function () {
  "use strict";
  // Says the shared script ran (the production crawl checks it, and CSS may rely on it).
  document.documentElement.setAttribute("data-pacer-js", "ready");
  document.querySelectorAll("table.figures").forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) { return; }
    var names = [];
    Array.prototype.forEach.call(head.cells, function (cell) {
      for (var i = 0; i < (cell.colSpan || 1); i++) { names.push(cell.textContent.trim()); }
    });
    table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && names[column] && cell.colSpan === 1) {
          cell.setAttribute("data-label", names[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  });
})();
