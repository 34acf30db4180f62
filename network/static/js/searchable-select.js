// Long multiple choices (countries, languages) become a searchable list (Tom Select): type a few
// letters, Enter adds the choice, Backspace removes the last one. Without JavaScript the native
// multi-select stays, with its Ctrl-click hint. Tom Select is loaded only on pages that need it.
(function () {
  var selects = document.querySelectorAll("select[multiple][data-searchable]");
  if (!selects.length) { return; }
  var vendor = document.currentScript.src.replace(/js\/[^/]*$/, "vendor/tom-select/");

  function escapeHtml(text) {
    var holder = document.createElement("div");
    holder.textContent = text;
    return holder.innerHTML;
  }

  // The typing box takes the select's place for screen readers: its label (Tom Select moves
  // it), what is chosen, its help, the typing hint instead of the Ctrl one, its error state.
  function describe(select, control, chosen) {
    var nativeHint = select.id + "-choose", searchHint = select.id + "-search";
    var described = (select.getAttribute("aria-describedby") || "").split(" ").map(function (id) {
      return id === nativeHint ? searchHint : id;
    });
    control.setAttribute("aria-describedby", [chosen.id].concat(described).join(" ").trim());
    ["aria-invalid", "aria-required"].forEach(function (name) {
      if (select.hasAttribute(name)) { control.setAttribute(name, select.getAttribute(name)); }
    });
    document.getElementById(nativeHint).hidden = true;
    document.getElementById(searchHint).hidden = false;
    // The original stays in the form for submission only.
    select.setAttribute("aria-hidden", "true");
  }

  function enhance(select) {
    var noResults = select.dataset.noResults;
    var searchable = new TomSelect(select, {
      plugins: { remove_button: { title: select.dataset.removeLabel } },
      maxOptions: null,
      refreshThrottle: 0,  // filter at each key, so Enter right after typing takes the match
      hideSelected: true,
      closeAfterSelect: false,
      onItemAdd: function () { this.setTextboxValue(""); this.refreshOptions(false); },
      render: {
        no_results: function () { return '<div class="no-results">' + escapeHtml(noResults) + "</div>"; }
      }
    });
    searchable.dropdown_content.setAttribute("aria-multiselectable", "true");
    // The choices, read with the box and announced as they change.
    var chosen = document.createElement("span");
    chosen.id = select.id + "-chosen";
    chosen.className = "visually-hidden";
    chosen.setAttribute("aria-live", "polite");
    searchable.wrapper.after(chosen);
    function listChosen() {
      chosen.textContent = searchable.items.map(function (value) {
        return searchable.options[value].text;
      }).join(", ");
    }
    searchable.on("change", listChosen);
    listChosen();
    describe(select, searchable.control_input, chosen);
  }

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = vendor + "tom-select.bootstrap5.min.css";
  document.head.appendChild(style);
  var script = document.createElement("script");
  script.src = vendor + "tom-select.complete.min.js";
  script.onload = function () { selects.forEach(enhance); };
  document.head.appendChild(script);
})();
