// Progressive enhancements only; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Signup records the browser's time zone so event times are shown in it.
  document.querySelectorAll("input[name=timezone][type=hidden]").forEach(function (input) {
    if (!input.value) {
      try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) {}
    }
  });
  // Visitors whose zone the server does not know see times in their browser's own zone,
  // in the page's language, when it differs from the event's.
  document.querySelectorAll("[data-local-start]").forEach(function (element) {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone || zone === element.dataset.eventZone) { return; }
    var format = new Intl.DateTimeFormat(document.documentElement.lang, {
      weekday: "long", year: "numeric", month: "long", day: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone
    });
    var start = new Date(element.dataset.localStart), end = new Date(element.dataset.localEnd);
    element.querySelector("[data-local-value]").textContent =
      format.format(start) + " – " + format.format(end) + " (" + zone + ")";
    element.hidden = false;
  });
  // Elements marked data-confirm ask before submitting.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
});
