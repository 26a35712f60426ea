// The installable app: the service worker, and logs made without a connection.
//
// A log form submitted while offline (or whose request never reached the server) is kept in
// IndexedDB with its own idempotency key and the day chosen, shown in today's list as "waiting
// for network", and sent in order when the connection is back or the next page loads. The
// server credits each key once, so a replay after a lost answer never counts twice. Every page
// works without this file: the forms post as they always do.
(function () {
  "use strict";

  var DB_NAME = "klimadyst";
  var STORE = "log-queue";
  var CACHE_PREFIX = "klimadyst-";
  var FIELDS = ["idempotency_key", "quantity", "occurred_on"];
  var script = document.currentScript;
  var body = document.body;

  var queued = [];   // this person's entries, oldest first, as last read from IndexedDB
  var refused = [];  // entries the server refused during this visit, with its reason
  var syncing = false;
  var told = [];     // why sending stopped, already shown on this page

  // --- Texts and markers rendered by base.html (Flask-Babel owns the words) -------------------

  function messages() { return document.getElementById("offline-queue-messages"); }

  function text(key) {
    var template = messages();
    var node = template && template.content.querySelector('[data-message="' + key + '"]');
    return node ? node.textContent.trim() : "";
  }

  // Whose queue this page may show and send: only a signed-in citizen's, and only their own
  // entries (another person signing in on the same phone never sends them).
  function owner() {
    var template = messages();
    return (template && template.getAttribute("data-owner")) || "";
  }

  function statusMessage(status) {
    var template = document.getElementById("htmx-error-messages");
    var key = /^5\d\d$/.test(String(status)) ? "500" : String(status);
    var node = template && (template.content.querySelector('[data-status="' + key + '"]') ||
      template.content.querySelector('[data-status="400"]'));
    return node ? node.textContent.trim() : "";
  }

  function toast(message, isError) {
    var region = document.getElementById("toasts");
    if (!region || !message) return;
    var item = document.createElement("p");
    item.className = isError ? "toast toast-error" : "toast";
    item.textContent = message;
    region.appendChild(item);
    setTimeout(function () { item.remove(); }, isError ? 10000 : 6000);
  }

  // --- IndexedDB ---------------------------------------------------------------------------------

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  // One transaction; the connection is closed after it, so logging out can delete the database.
  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function readQueue() {
    if (!owner() || !window.indexedDB) return Promise.resolve([]);
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (all) {
      queued = (all || []).filter(function (entry) { return entry.owner === owner(); });
      return queued;
    });
  }

  function addEntry(entry) { return withStore("readwrite", function (store) { return store.add(entry); }); }

  function removeEntry(id) { return withStore("readwrite", function (store) { return store.delete(id); }); }

  // --- Today's list ------------------------------------------------------------------------------

  function dayLabel(iso) {
    var lang = document.documentElement.lang || "da";
    try {
      return new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "short", timeZone: "UTC" })
        .format(new Date(iso + "T00:00:00Z"));
    } catch (ignored) {
      return iso;
    }
  }

  // The server's today is the first day the log form offers.
  function serverToday() {
    var option = document.querySelector('.log-form select[name="occurred_on"] option');
    return option ? option.value : "";
  }

  function span(className, content) {
    var node = document.createElement("span");
    node.className = className;
    node.textContent = content;
    return node;
  }

  function item(entry, badgeText, badgeClass, reason) {
    var li = document.createElement("li");
    li.className = "today-item " + (reason === undefined ? "status-pending" : "status-refused");
    li.setAttribute("data-queued", entry.fields.idempotency_key);
    var box = document.createElement("div");
    box.appendChild(span("today-name", entry.action));
    var meta = entry.amount;
    if (entry.fields.occurred_on !== serverToday()) {
      meta += " · " + text("for-day").replace("{day}", dayLabel(entry.fields.occurred_on));
    }
    box.appendChild(span("today-meta", meta));
    box.appendChild(span("badge " + badgeClass, badgeText));
    if (reason !== undefined) {
      var why = document.createElement("p");
      why.className = "error";
      why.setAttribute("role", "alert");
      why.textContent = reason;
      box.appendChild(why);
    }
    li.appendChild(box);
    return li;
  }

  function render() {
    var today = document.getElementById("today");
    if (!today) return;
    var list = today.querySelector("[data-offline-list]");
    if (!list) {
      list = document.createElement("ul");
      list.className = "today-list offline-list";
      list.setAttribute("data-offline-list", "");
      today.insertBefore(list, today.querySelector(".today-list, .empty, .more-link"));
    }
    var rows = queued.map(function (entry) { return item(entry, text("pending"), "badge-pending"); })
      .concat(refused.map(function (entry) { return item(entry, text("refused"), "badge-warn", entry.reason); }));
    list.replaceChildren.apply(list, rows);
    list.hidden = rows.length === 0;
    var empty = today.querySelector(".empty");
    if (empty) empty.hidden = rows.length > 0;
  }

  // Online as far as the browser knows, yet a request failed: "online" will not fire, so try again
  // in a while (and on every page load).
  var retryTimer = null;

  function scheduleRetry() {
    if (retryTimer || !queued.length || navigator.onLine === false) return;
    retryTimer = setTimeout(function () { retryTimer = null; sync(); }, 30000);
  }

  function refresh() {
    return readQueue().then(function () {
      render();
      scheduleRetry();
    }, function () { /* no IndexedDB: nothing queued */ });
  }

  // --- Keeping a log -----------------------------------------------------------------------------

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function note(form, message) {
    var item = form.closest(".action-item");
    if (!item) return;
    var next = form.nextElementSibling;
    if (next && next.classList.contains("htmx-error")) next.remove(); // app.js's "no connection"
    var old = item.querySelector(".log-message");
    if (old) old.remove();
    var status = document.createElement("p");
    status.className = "log-message";
    status.setAttribute("role", "status");
    status.textContent = message;
    item.appendChild(status);
  }

  function keep(form) {
    var data = new FormData(form);
    var fields = {};
    FIELDS.forEach(function (name) { fields[name] = String(data.get(name) || ""); });
    var entry = {
      owner: owner(),
      url: form.getAttribute("action"),
      fields: fields,
      action: form.getAttribute("data-action-name") || "",
      amount: (fields.quantity + " " + (form.getAttribute("data-unit") || "")).trim(),
      queued_at: new Date().toISOString()
    };
    // The next press is a new log: it gets a key of its own, as a fresh form from the server would.
    var key = form.querySelector('input[name="idempotency_key"]');
    if (key) key.value = newKey();
    return addEntry(entry).then(function () {
      note(form, text("queued"));
      return refresh();
    }, function () {
      note(form, statusMessage("network")); // no storage on this device: say it did not go
    });
  }

  function canKeep(form) {
    return form && form.matches && form.matches(".log-form") && owner() && window.indexedDB;
  }

  // Offline: the press is kept at once (no request that can only fail).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-logout]")) {
      confirmLogout(event);
      return;
    }
    if (navigator.onLine !== false || !canKeep(form)) return;
    event.preventDefault();
    event.stopImmediatePropagation(); // htmx's own handler would send it
    keep(form);
  }, true);

  // Online as far as the browser knows, but the request never got an answer: keep it too. If the
  // server did get it, the replay finds the same key and counts nothing twice.
  body.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt;
    if (canKeep(form)) keep(form);
  });

  // htmx swapped today's list or an action: put the kept logs back into it.
  body.addEventListener("htmx:afterSettle", render);
  body.addEventListener("htmx:oobAfterSwap", render);

  // --- Sending the queue -------------------------------------------------------------------------

  function csrfToken() {
    var input = document.querySelector('input[name="csrf_token"]');
    return input ? input.value : "";
  }

  function setTokens(token) {
    document.querySelectorAll('input[name="csrf_token"]').forEach(function (input) { input.value = token; });
  }

  function reasonIn(html, status) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    var reasons = Array.prototype.map.call(doc.querySelectorAll("[data-log-error]"), function (node) {
      return node.textContent.trim();
    }).filter(Boolean);
    if (!reasons.length) {
      var error = doc.querySelector("[data-htmx-error]");
      if (error) reasons.push(error.textContent.trim());
    }
    return { text: reasons.join(" ") || statusMessage(status), doc: doc };
  }

  // A badge or a level earned by a log sent late is still worth a toast (app.js shows it).
  function celebrate(header) {
    var events;
    try {
      events = JSON.parse(header || "{}");
    } catch (ignored) {
      return;
    }
    if (events && events["klimadyst:toast"]) {
      body.dispatchEvent(new CustomEvent("klimadyst:toast", { detail: events["klimadyst:toast"] }));
    }
  }

  // One entry: "sent" (counted, or already counted), "refused" (with the reason, never retried),
  // or "stop" (no network, signed out, throttled or a server error: kept, tried again later).
  function send(entry, retried) {
    var form = new URLSearchParams(entry.fields);
    form.set("csrf_token", csrfToken());
    return fetch(entry.url, {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: { "HX-Request": "true" }
    }).then(function (response) {
      return response.text().then(function (html) {
        if (response.ok) {
          celebrate(response.headers.get("HX-Trigger"));
          return { outcome: "sent" };
        }
        var reason = reasonIn(html, response.status);
        var fresh = reason.doc.querySelector("[data-htmx-error][data-csrf-token]");
        if (response.status === 400 && fresh) {
          setTokens(fresh.getAttribute("data-csrf-token"));
          return retried ? { outcome: "stop" } : send(entry, true);
        }
        if (response.status === 401 || response.status === 408 || response.status === 429 || response.status >= 500) {
          return { outcome: "stop", reason: response.status === 401 ? "" : reason.text };
        }
        return { outcome: "refused", reason: reason.text };
      });
    }, function () {
      return { outcome: "stop" };
    });
  }

  function drain() {
    return readQueue().then(function (entries) {
      var sent = 0;
      function next(index) {
        if (index >= entries.length) return { sent: sent };
        var entry = entries[index];
        return send(entry, false).then(function (result) {
          if (result.outcome === "stop") {
            if (result.reason && told.indexOf(result.reason) === -1) {
              told.push(result.reason); // once per page, not on every retry
              toast(result.reason, true);
            }
            return { sent: sent };
          }
          return removeEntry(entry.id).then(function () {
            if (result.outcome === "sent") sent += 1;
            else refused.push({ action: entry.action, amount: entry.amount, fields: entry.fields, reason: result.reason });
            return next(index + 1);
          });
        });
      }
      return next(0);
    });
  }

  // Today's list and numbers from the server, now that the kept logs are in the ledger.
  function reloadToday() {
    if (!document.getElementById("today")) return Promise.resolve();
    return fetch(window.location.pathname + window.location.search, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["today", "my-stats"].forEach(function (id) {
          var fresh = doc.getElementById(id);
          var current = document.getElementById(id);
          if (!fresh || !current) return;
          current.replaceWith(fresh);
          if (window.htmx) window.htmx.process(fresh); // the undo buttons post through htmx
        });
      }, function () { /* offline again: the list stays as it is */ });
  }

  function sync() {
    if (syncing || !owner() || !window.indexedDB || navigator.onLine === false) return Promise.resolve();
    syncing = true;
    var before = refused.length;
    // One sender at a time, across this person's open tabs as well where the browser can say so.
    var run = navigator.locks ? navigator.locks.request("klimadyst-log-queue", drain) : drain();
    return run.then(function (result) {
      var changed = result && result.sent > 0;
      return (changed ? reloadToday() : Promise.resolve()).then(function () {
        if (changed) toast(text("sent"), false);
        if (!document.getElementById("today")) {
          refused.slice(before).forEach(function (entry) { toast(entry.action + ": " + entry.reason, true); });
        }
      });
    }).catch(function () { /* IndexedDB unavailable: nothing was kept either */ })
      .then(function () {
        syncing = false;
        return refresh();
      });
  }

  // The offline page stands in for the page that could not be reached: once the server answers
  // again (the "online" event can come before the network really works), load that page.
  function retryPage(attempt) {
    fetch(window.location.href, { method: "HEAD", cache: "no-store", credentials: "same-origin" })
      .then(function () { window.location.reload(); }, function () {
        if (attempt < 10) setTimeout(function () { retryPage(attempt + 1); }, 2000);
      });
  }

  window.addEventListener("online", function () {
    if (document.querySelector("[data-offline-page]")) retryPage(0);
    else sync();
  });

  // A boosted link that got no answer: a real navigation, which the service worker answers with
  // the offline page (instead of leaving the old page up with an error toast).
  body.addEventListener("htmx:sendError", function (event) {
    var detail = event.detail;
    var config = detail.requestConfig;
    if (!detail.boosted || !config || config.verb !== "get" || !navigator.serviceWorker ||
        !navigator.serviceWorker.controller) return;
    window.location.assign(detail.pathInfo.requestPath);
  });

  // --- Logging out -------------------------------------------------------------------------------

  function confirmLogout(event) {
    if (queued.length && !window.confirm(text("confirm-logout"))) event.preventDefault();
  }

  // The page after logging out: the browser was told to drop all site data (Clear-Site-Data);
  // for one that ignores it, the queue and the caches go here.
  function forgetDevice() {
    var jobs = [];
    if (window.indexedDB) {
      jobs.push(new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      }));
    }
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf(CACHE_PREFIX) === 0; })
          .map(function (name) { return caches.delete(name); }));
      }));
    }
    return Promise.all(jobs).catch(function () { /* nothing left to clear */ });
  }

  // --- The service worker ------------------------------------------------------------------------

  function registerWorker(refill) {
    if (!("serviceWorker" in navigator) || !script) return;
    var url = script.getAttribute("data-service-worker");
    if (!url) return;
    navigator.serviceWorker.register(url, { scope: "/" }).then(function () {
      if (!refill) return;
      // A worker that outlived the cleared caches fills them again (only public files).
      navigator.serviceWorker.ready.then(function (registration) {
        if (registration.active) registration.active.postMessage({ type: "precache" });
      });
    }, function () { /* no service worker: pages still work online */ });
  }

  var template = messages();
  if (template && template.hasAttribute("data-signed-out")) {
    forgetDevice().then(function () { registerWorker(true); });
  } else {
    registerWorker(false);
    refresh().then(sync);
  }
})();
