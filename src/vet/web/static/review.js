// Keyboard shortcuts on a hit's review page (the form works without them):
// m match, f false positive, u unsure (each picks the answer and moves to the button
// that records it: Enter sends), n the next hit still to decide.
// Keys typed into a field (reason, name) are left alone.
(function () {
  "use strict";
  var choices = { m: "decision-match", f: "decision-false_positive", u: "decision-unsure" };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && target.type !== "radio") {
      return;
    }
    var key = (event.key || "").toLowerCase();
    if (choices[key]) {
      var radio = document.getElementById(choices[key]);
      var button = document.getElementById("record-decision");
      if (radio && button) {
        event.preventDefault();
        radio.checked = true;
        button.focus();
      }
    } else if (key === "n") {
      var next = document.getElementById("next-hit");
      if (next) {
        event.preventDefault();
        window.location.assign(next.href);
      }
    }
  });
})();
