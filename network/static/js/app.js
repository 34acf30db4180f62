// Progressive enhancements only; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Signup records the browser's time zone so event times are shown in it.
  document.querySelectorAll("input[name=timezone][type=hidden]").forEach(function (input) {
    if (!input.value) {
      try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
    }
  });
  // Visitors without an account see times in their browser's own zone.
  document.querySelectorAll("[data-local-start]").forEach(function (element) {
    var format = new Intl.DateTimeFormat(document.documentElement.lang, {
      weekday: "long", year: "numeric", month: "long", day: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
    var start = new Date(element.dataset.localStart), end = new Date(element.dataset.localEnd);
    element.querySelector("[data-local-value]").textContent = format.format(start) + " – " + format.format(end);
    element.hidden = false;
  });
  // Elements marked data-confirm ask before submitting.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
});
