// Follows a running screening on its page: updates the progress bar and text,
// and reloads the page to show the results once the screening has finished.
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-progress-url");
  var bar = document.getElementById("progress-bar");
  var text = document.getElementById("progress-text");

  function describe(p) {
    var words = p.status === "queued" ? "Queued" : "Running";
    var total = p.rows_total ? " of about " + p.rows_total.toLocaleString("en") : "";
    return words + ": " + p.rows_done.toLocaleString("en") + total + " rows screened.";
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (p) {
        if (p.status !== "queued" && p.status !== "running") {
          window.location.reload();
          return;
        }
        if (p.rows_total) {
          bar.max = p.rows_total;
          bar.value = p.rows_done;
        }
        var words = describe(p);
        if (text.textContent.trim() !== words) {
          text.textContent = words;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 500);
})();
