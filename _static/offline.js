/* MLHPCS site: an edition kept for offline use (see offline-worker.js at the
   site's root). Without JavaScript or service workers nothing changes.

   - A page read from the offline copy says so, and when the copy was built,
     in the reader's zone ("Offline copy from Tue 3 June, 18:05").
   - A page of an edition asks the worker, once the page has loaded and the
     browser is idle, to keep the edition's list; not when the reader asked to
     save data. The first visit's weight is unchanged: the copy comes after. */
"use strict";

(function () {
  const script = document.currentScript;

  function copyAge(built) {
    const when = new Date(built);
    if (Number.isNaN(when.getTime())) return "";
    const day = new Intl.DateTimeFormat(undefined, {
      weekday: "short", day: "numeric", month: "long",
      year: when.getFullYear() === new Date().getFullYear() ? undefined : "numeric",
    });
    const time = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
    return `${day.format(when)}, ${time.format(when)}`;
  }

  function sayOffline() {
    const built = document.documentElement.dataset.offlineCopy;
    if (!built) return; // from the network: the page as published
    const note = document.createElement("div");
    note.className = "admonition note ws-offline-note";
    note.setAttribute("role", "status");
    const text = document.createElement("p");
    const age = copyAge(built);
    text.textContent = age
      ? `Offline copy from ${age}. Open this page again when you are online to see any later change.`
      : "Offline copy. Open this page again when you are online to see any later change.";
    note.append(text);
    const article = document.querySelector("article") || document.querySelector("main") || document.body;
    article.prepend(note);
  }

  function keepEdition() {
    const list = script && script.dataset.list;
    const worker = script && script.dataset.worker;
    if (!list || !worker || !("serviceWorker" in navigator)) return;
    if (navigator.connection && navigator.connection.saveData) return; // the reader asked to save data
    if (document.documentElement.dataset.offlineCopy) return; // offline now: nothing to fetch
    const listUrl = new URL(list, document.baseURI).href;
    navigator.serviceWorker
      .register(worker, { updateViaCache: "none" })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => registration.active.postMessage({ keep: listUrl }))
      .catch(() => { /* no copy: the site works as without service workers */ });
  }

  function afterLoad() {
    const idle = window.requestIdleCallback || ((run) => setTimeout(run, 1));
    idle(keepEdition);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sayOffline);
  } else {
    sayOffline();
  }
  if (document.readyState === "complete") {
    afterLoad();
  } else {
    window.addEventListener("load", afterLoad);
  }
})();
