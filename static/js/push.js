// Web push on the reminders page: ask for permission, subscribe this browser with the
// server's VAPID key and store the subscription (CSRF in X-CSRFToken); or unsubscribe.
// The service worker (/sw.js) shows the notices; its payload is JSON {title, body, url, tag}.
(function () {
  "use strict";

  function base64UrlToBytes(text) {
    var padded = text + "=".repeat((4 - (text.length % 4)) % 4);
    var raw = atob(padded.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function registration() {
    return navigator.serviceWorker.getRegistration("/").then(function (found) {
      return found || navigator.serviceWorker.register("/sw.js", { scope: "/" });
    }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function post(box, url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrfToken },
      body: JSON.stringify(body)
    });
  }

  function say(box, text) {
    var status = box.querySelector("[data-push-status]");
    if (status) status.textContent = text;
  }

  function subscribe(box) {
    if (!supported()) return Promise.resolve(say(box, box.dataset.msgUnsupported));
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say(box, box.dataset.msgDenied);
        return null;
      }
      return registration().then(function (reg) {
        return reg.pushManager.getSubscription().then(function (existing) {
          return existing || reg.pushManager.subscribe({
            userVisibleOnly: true,
            applicationServerKey: base64UrlToBytes(box.dataset.vapidKey)
          });
        });
      }).then(function (subscription) {
        return post(box, box.dataset.subscribeUrl, subscription.toJSON());
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (!response.ok) throw new Error(answer.message || box.dataset.msgFailed);
          say(box, box.dataset.msgOn);
          window.location.reload(); // the page lists the device and offers push as a channel
        });
      });
    }).catch(function (error) {
      say(box, (error && error.message) || box.dataset.msgFailed);
    });
  }

  function unsubscribe(box) {
    if (!supported()) return Promise.resolve(say(box, box.dataset.msgUnsupported));
    return navigator.serviceWorker.getRegistration("/").then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (!subscription) return say(box, box.dataset.msgOff);
      var endpoint = subscription.endpoint;
      return subscription.unsubscribe().then(function () {
        return post(box, box.dataset.unsubscribeUrl, { endpoint: endpoint });
      }).then(function () {
        say(box, box.dataset.msgOff);
        window.location.reload();
      });
    }).catch(function () {
      say(box, box.dataset.msgFailed);
    });
  }

  // Delegated, so the page works the same after an htmx-boosted navigation.
  if (window.klimadystPush) return;
  window.klimadystPush = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-push-action]");
    var box = button && button.closest("#push-controls");
    if (!box) return;
    event.preventDefault();
    if (button.dataset.pushAction === "subscribe") subscribe(box);
    else unsubscribe(box);
  });
})();
