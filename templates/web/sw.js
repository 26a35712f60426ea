// Klimadyst's service worker (served at /sw.js by app/web/routes.py:service_worker).
//
// It keeps only what is the same for everyone: the hashed static files and the offline page.
// Pages are always asked from the network (they are personal: today's list, points, a CSRF
// token); when the network fails, a navigation gets the offline page. API answers and htmx
// fragments are never touched. Logging out sends Clear-Site-Data, which drops all of this.
"use strict";

var VERSION = {{ version|tojson }};
var CACHE = "klimadyst-shell-" + VERSION;
var PRECACHE = {{ precache|tojson }};
var OFFLINE_URL = {{ url_for("web.offline")|tojson }};
var ICON_URL = {{ asset_url("icons/icon-192.png")|tojson }};
var DEFAULT_TITLE = {{ _("Klimadyst")|tojson }};

self.addEventListener("install", function (event) {
  event.waitUntil(precache().then(function () { return self.skipWaiting(); }));
});

function precache() {
  return caches.open(CACHE).then(function (cache) {
    // cache: "reload" skips the HTTP cache, so the copy kept is the one this version names.
    return cache.addAll(PRECACHE.map(function (url) { return new Request(url, { cache: "reload" }); }));
  });
}

// After logging out, a browser that ignored Clear-Site-Data has its caches emptied by the page
// (static/js/offline.js), which then asks for the public shell again.
self.addEventListener("message", function (event) {
  if (event.origin && event.origin !== self.location.origin) return;
  if (event.data && event.data.type === "precache") event.waitUntil(precache());
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("klimadyst-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isHashedStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0 &&
    url.searchParams.has("v");
}

function isPrecached(url) {
  return url.origin === self.location.origin && PRECACHE.indexOf(url.pathname + url.search) !== -1;
}

// A hashed URL never changes content: the cached copy is the right one, the network fills gaps.
function cacheFirst(request) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok && isHashedStatic(new URL(request.url))) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

// Pages: network only, never stored; the offline page when the network is not there.
function networkOrOffline(request) {
  return fetch(request).catch(function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(OFFLINE_URL); })
      .then(function (page) { return page || Response.error(); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return; // writes go to the server as they are
  var url = new URL(request.url);
  if (request.mode === "navigate") {
    event.respondWith(networkOrOffline(request));
    return;
  }
  if (isPrecached(url) || isHashedStatic(url)) event.respondWith(cacheFirst(request));
  // Anything else (htmx fragments, the API, the manifest) goes to the network untouched.
});

// --- Web push: {title, body, url, tag} from the server -------------------------------------------

function sameOriginUrl(value) {
  try {
    var url = new URL(value || "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : null;
  } catch (ignored) {
    return null;
  }
}

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (ignored) {
    data = { body: event.data ? event.data.text() : "" };
  }
  var options = {
    body: String(data.body || ""),
    icon: ICON_URL,
    badge: ICON_URL,
    data: { url: sameOriginUrl(data.url) || self.location.origin + "/" }
  };
  if (data.tag) options.tag = String(data.tag);
  event.waitUntil(self.registration.showNotification(String(data.title || DEFAULT_TITLE), options));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = sameOriginUrl(event.notification.data && event.notification.data.url) ||
    self.location.origin + "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i += 1) {
        if (windows[i].url === target && "focus" in windows[i]) return windows[i].focus();
      }
      return self.clients.openWindow(target);
    })
  );
});
