// The newsletter progress page asks for fresh figures every few seconds while sending.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) { return; }
  var actions = document.querySelector("[data-progress-actions]");
  function refresh() {
    fetch(box.dataset.progressUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (figures) {
        if (!figures) { return; }
        box.querySelectorAll("[data-progress]").forEach(function (cell) {
          var value = figures[cell.dataset.progress];
          if (value !== undefined && value !== null) { cell.textContent = String(value); }
        });
        // Once the send is over there is nothing left to pause or cancel.
        if (figures.finished) {
          if (actions) { actions.remove(); }
        } else {
          window.setTimeout(refresh, 3000);
        }
      })
      .catch(function () { window.setTimeout(refresh, 10000); });
  }
  window.setTimeout(refresh, 3000);
});
