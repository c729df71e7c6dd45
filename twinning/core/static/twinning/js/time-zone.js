// Tells the server the browser's own time zone (a cookie for this browser session), so
// programme times show in the reader's zone; see twinning/core/timezones.py.
(function () {
  "use strict";
  var NAME = "twinning_tz";

  function hasCookie() {
    return document.cookie.split("; ").some(function (part) {
      return part.indexOf(NAME + "=") === 0;
    });
  }

  if (!hasCookie()) {
    var zone = "";
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      zone = "";
    }
    if (zone) {
      document.cookie = NAME + "=auto:" + zone + "; path=/; SameSite=Lax" +
        (location.protocol === "https:" ? "; Secure" : "");
      // This page's times were drawn for a guessed zone: draw them again, once (the
      // cookie now exists, so the reload cannot repeat).
      var guessed = document.querySelector("[data-zone-guessed]");
      if (hasCookie() && guessed && guessed.getAttribute("data-zone-guessed") !== zone) {
        location.reload();
      }
    }
  }

  // The picker applies a choice at once; its button stays for readers without scripts.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-submit-on-change]") && target.form) {
      target.form.submit();
    }
  });
})();
