// Hide a registration question while the earlier answer it depends on is not given.
// Without script every question shows, with a note saying when it applies.
(function () {
  "use strict";
  function answerOf(form, name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) return;
      values.push(input.value);
    });
    return values;
  }
  function update(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (input) {
      var shown = answerOf(form, input.dataset.showIf).indexOf(input.dataset.showIfValue) !== -1;
      var wrapper = input.closest(".field");
      if (wrapper) wrapper.hidden = !shown;
    });
  }
  document.querySelectorAll("form.stacked-form").forEach(function (form) {
    if (!form.querySelector("[data-show-if]")) return;
    form.addEventListener("change", function () { update(form); });
    update(form);
  });
})();
