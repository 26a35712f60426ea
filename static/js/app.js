// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Server-sent toasts: HX-Trigger {"klimadyst:toast": {"message": "..."}}.
  document.body.addEventListener("klimadyst:toast", function (event) {
    var detail = event.detail || {};
    var messages = detail.messages || (detail.message ? [detail.message] : []);
    var region = document.getElementById("toasts");
    if (!region) return;
    messages.forEach(function (text) {
      var toast = document.createElement("p");
      toast.className = "toast";
      toast.textContent = text;
      region.appendChild(toast);
      setTimeout(function () { toast.remove(); }, 6000);
    });
  });
})();
