/* The site's offline copy (published at the site's root, so that its scope
   covers every page). Network first: a page or file comes from the copy only
   when the network fails, and then the page says how old the copy is.

   A page of an edition asks, after it has loaded, for its edition's list
   (<year>/offline.json, written by the build). The copy is a cache named
   after the site, the edition and the list's digest: a new build with any
   change has a new name, is copied whole, and then replaces the old one. */
"use strict";

const SCOPE = self.registration.scope;
const PREFIX = `offline copy of ${SCOPE}: `;
const working = new Map(); // cache name -> the copy being made, so that two pages do not make it twice

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
  const list = event.data && event.data.keep;
  if (typeof list !== "string" || !new URL(list).href.startsWith(SCOPE)) return;
  event.waitUntil(keep(new URL(list).href));
});

async function keep(listUrl) {
  const response = await fetch(listUrl, { cache: "no-store" });
  if (!response.ok) return;
  const list = await response.json();
  const edition = `${PREFIX}${list.edition} `;
  const name = edition + list.version;
  if (!working.has(name)) {
    working.set(name, copy(name, listUrl, list).finally(() => working.delete(name)));
  }
  await working.get(name);
  // Only once the new copy is whole: the older copies of this edition go.
  for (const other of await caches.keys()) {
    if (other.startsWith(edition) && other !== name) await caches.delete(other);
  }
}

async function copy(name, listUrl, list) {
  const cache = await caches.open(name);
  if (await cache.match(listUrl)) return; // complete: the list is stored last
  try {
    for (const file of list.files) {
      const url = new URL(file, SCOPE).href;
      const response = await fetch(url, { cache: "no-cache" }); // (revalidated: never an older file)
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      await cache.put(url, file.split("?")[0].endsWith(".html") ? await marked(response, list.built) : response);
    }
    await cache.put(listUrl, new Response(JSON.stringify(list), { headers: { "Content-Type": "application/json" } }));
  } catch (error) {
    await caches.delete(name); // half a copy is none; the older one stays
    throw error;
  }
}

/* A page as it is kept: its <html> element says when the copy was built, for
   offline.js to show when the page is read from the copy. */
async function marked(response, built) {
  const html = (await response.text()).replace(/<html\b/i, `<html data-offline-copy="${built}"`);
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding"); // (the text is decoded)
  headers.delete("Content-Length");
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
}

/* Pages, and the files pages load; nothing else (downloads, books, other hosts) is touched. */
const LOADED = ["style", "script", "image", "font", "manifest"];

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  if (request.mode !== "navigate" && !LOADED.includes(request.destination)) return;
  event.respondWith(
    fetch(request).catch(async (error) => {
      const kept = await fromCopy(request);
      if (kept) return kept;
      throw error;
    }),
  );
});

async function fromCopy(request) {
  const url = new URL(request.url);
  url.hash = "";
  if (url.pathname.endsWith("/")) url.pathname += "index.html";
  const page = request.mode === "navigate";
  if (page) url.search = "";
  const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX)).reverse(); // the newest first
  for (const name of names) {
    const found = await (await caches.open(name)).match(url.href, { ignoreSearch: page });
    if (found) return found;
  }
  return undefined;
}
