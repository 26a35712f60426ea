// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  var body = document.body;

  // Server-sent toasts: HX-Trigger {"klimadyst:toast": {"message": "..."}}.
  function toast(text, isError) {
    var region = document.getElementById("toasts");
    if (!region || !text) return;
    var item = document.createElement("p");
    item.className = isError ? "toast toast-error" : "toast";
    item.textContent = text;
    region.appendChild(item);
    setTimeout(function () { item.remove(); }, isError ? 10000 : 6000);
  }

  body.addEventListener("klimadyst:toast", function (event) {
    var detail = event.detail || {};
    var messages = detail.messages || (detail.message ? [detail.message] : []);
    messages.forEach(function (text) { toast(text, false); });
  });

  // --- htmx errors: never silent ---------------------------------------------------------------

  // The translated fallback for a status, from the <template> in base.html.
  function messageFor(key) {
    var template = document.getElementById("htmx-error-messages");
    if (!template) return "";
    var status = String(key);
    if (/^5\d\d$/.test(status)) status = "500";
    var node = template.content.querySelector('[data-status="' + status + '"]') ||
      template.content.querySelector('[data-status="' + (/^4/.test(status) ? "400" : "500") + '"]');
    return node ? node.textContent.trim() : "";
  }

  // The server's own message (errors/_message.html), parsed inertly: no script runs.
  function serverError(xhr) {
    var type = (xhr && xhr.getResponseHeader("Content-Type")) || "";
    if (!xhr || type.indexOf("text/html") !== 0 || !xhr.responseText) return null;
    var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
    return doc.querySelector("[data-htmx-error]");
  }

  // An expired session sends a fresh token: every form and hx-headers on the page gets it, so the
  // user's input stays where it is and the next press goes through.
  function refreshTokens(token) {
    document.querySelectorAll('input[name="csrf_token"]').forEach(function (input) {
      input.value = token;
    });
    document.querySelectorAll("[hx-headers]").forEach(function (elt) {
      try {
        var headers = JSON.parse(elt.getAttribute("hx-headers"));
        if (headers && headers["X-CSRFToken"]) {
          headers["X-CSRFToken"] = token;
          elt.setAttribute("hx-headers", JSON.stringify(headers));
        }
      } catch (ignored) { /* not JSON: leave it */ }
    });
  }

  // The control the request came from: its form, or the element itself.
  function anchorOf(elt) {
    if (!elt || !elt.isConnected) return null;
    return elt.closest("form") || elt;
  }

  function clearError(elt) {
    var anchor = anchorOf(elt);
    var next = anchor && anchor.nextElementSibling;
    if (next && next.classList.contains("htmx-error")) next.remove();
  }

  // One message, next to the control when it is in the page, as a toast otherwise.
  function showError(elt, text) {
    var anchor = anchorOf(elt);
    if (!anchor || anchor === body || anchor.closest(".main-nav, .tab-bar")) {
      toast(text, true);
      return;
    }
    clearError(elt);
    var message = document.createElement("p");
    message.className = "htmx-error";
    message.setAttribute("role", "alert");
    message.textContent = text;
    anchor.insertAdjacentElement("afterend", message);
    message.scrollIntoView({ block: "nearest" });
  }

  body.addEventListener("htmx:beforeRequest", function (event) { clearError(event.detail.elt); });

  // An error body never replaces the content it was aimed at (a 409 must not wipe today's list).
  body.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status >= 400 && serverError(xhr)) {
      event.detail.shouldSwap = false;
      event.detail.isError = true;
    }
  });

  body.addEventListener("htmx:responseError", function (event) {
    var detail = event.detail;
    var xhr = detail.xhr;
    if (xhr.getResponseHeader("HX-Redirect")) return; // htmx is already on its way to log in
    var fromServer = serverError(xhr);
    if (fromServer && fromServer.dataset.csrfToken) refreshTokens(fromServer.dataset.csrfToken);
    var text = (fromServer && fromServer.textContent.trim()) || messageFor(xhr.status);
    if (detail.boosted && detail.requestConfig && detail.requestConfig.verb === "get" && !fromServer) {
      window.location.assign(detail.pathInfo.requestPath); // a link: show the full error page
      return;
    }
    showError(detail.elt, text);
  });

  body.addEventListener("htmx:sendError", function (event) {
    showError(event.detail.elt, messageFor("network"));
  });

  body.addEventListener("htmx:timeout", function (event) {
    showError(event.detail.elt, messageFor("timeout"));
  });

  // --- Keep what matters in view on a phone ----------------------------------------------------

  // An opened action: its Bekræft button clear of the tab bar.
  body.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.open || !details.closest || !details.closest(".action-item")) return;
    var button = details.querySelector(".log-form button[type=submit]");
    if (button) button.scrollIntoView({ block: "nearest" });
  }, true);

  // After logging: the result (points, today's total) next to the button, in view.
  body.addEventListener("htmx:afterSettle", function (event) {
    var target = event.target;
    if (!target || !target.isConnected || !target.matches(".action-item")) return;
    var result = target.querySelector(".log-message");
    if (result) result.scrollIntoView({ block: "nearest" });
  });
})();
