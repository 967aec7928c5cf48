/* Published in place of the offline worker when a site turns its offline
   copy off (workshop_offline = False): a reader's browser that installed the
   worker before finds this one on its next visit, deletes the copies and
   unregisters, so that no page is ever read from an old copy. */
"use strict";

const PREFIX = `offline copy of ${self.registration.scope}: `;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) =>
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX)).map((n) => caches.delete(n))))
      .then(() => self.registration.unregister()),
  ),
);
