// Small helps on forms that work without this script too.
// - The upload form: once a CSV file is chosen, its header's columns are offered in the
//   "Columns" inputs (read here in the browser; nothing is sent before "Screen").
// - A form with data-busy: its button says so while the server works on it.
(function () {
  "use strict";

  function splitHeader(line) {
    var delimiters = [",", ";", "\t", "|"];
    var delimiter = ",";
    var most = -1;
    delimiters.forEach(function (d) {
      var n = line.split(d).length;
      if (n > most) {
        most = n;
        delimiter = d;
      }
    });
    var cells = [];
    var cell = "";
    var quoted = false;
    for (var i = 0; i < line.length; i++) {
      var c = line.charAt(i);
      if (quoted) {
        if (c === '"' && line.charAt(i + 1) === '"') {
          cell += '"';
          i++;
        } else if (c === '"') {
          quoted = false;
        } else {
          cell += c;
        }
      } else if (c === '"') {
        quoted = true;
      } else if (c === delimiter) {
        cells.push(cell.trim());
        cell = "";
      } else {
        cell += c;
      }
    }
    cells.push(cell.trim());
    return cells.filter(function (h) { return h; });
  }

  function offerColumns(file, list, text) {
    list.textContent = "";
    text.textContent = "";
    var chosen = file.files && file.files[0];
    if (!chosen || !/\.(csv|tsv|txt)$/i.test(chosen.name) || !chosen.slice) {
      return;
    }
    chosen.slice(0, 65536).text().then(function (head) {
      var headers = splitHeader(head.replace(/^\ufeff/, "").split(/\r?\n/)[0] || "");
      headers.forEach(function (h) {
        var option = document.createElement("option");
        option.value = h;
        list.appendChild(option);
      });
      if (headers.length) {
        text.textContent = "Columns in this file: " + headers.join(", ") + ".";
      }
    });
  }

  var file = document.getElementById("file");
  var list = document.getElementById("file-columns");
  var text = document.getElementById("file-columns-text");
  if (file && list && text) {
    file.addEventListener("change", function () { offerColumns(file, list, text); });
    offerColumns(file, list, text);
  }

  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        // Disabled after this event, so the form is still sent.
        window.setTimeout(function () {
          button.disabled = true;
          button.textContent = form.getAttribute("data-busy");
        }, 0);
      }
    });
  });
})();
