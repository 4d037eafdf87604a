// Sortable and filterable tables, added on top of plain HTML tables (they read fine without it).
// A table with class "sortable" gets a button in each column header; "filterable" gets a filter box.
(function () {
  "use strict";

  function cellValue(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    var text = (cell.getAttribute("data-sort") || cell.textContent || "").trim();
    if (cell.classList.contains("num")) {
      var number = parseFloat(text.replace(/[^0-9.\-]/g, ""));
      return isNaN(number) ? -Infinity : number;
    }
    return text.toLowerCase();
  }

  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, column), y = cellValue(b, column);
      var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      if (th.querySelector("a, button, input")) {
        // A header that is already a link keeps it; a small button beside it sorts.
        button.textContent = "↕";
        button.setAttribute("aria-label", "Sort by " + th.textContent.trim());
      } else {
        while (th.firstChild) { button.appendChild(th.firstChild); }
      }
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, th); });
    });
  }

  function makeFilterable(table) {
    var label = document.createElement("label");
    label.className = "table-filter";
    label.textContent = "Filter rows ";
    var input = document.createElement("input");
    input.type = "search";
    label.appendChild(input);
    var holder = table.closest(".table-wrap") || table;
    holder.parentNode.insertBefore(label, holder);
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = row.textContent.toLowerCase();
        row.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll("table.filterable"), makeFilterable);
})();
