/* What Bootstrap's script (23 KiB compressed, with Popper) did on these pages,
   in a few lines: the colour-mode menu, and tooltips. Tooltips are the
   browser's own, from each control's `title`. And focus stays with the control
   the reader used (sphinx-book-theme blurs its header buttons on every click,
   so focus fell to the page body). No inline code: the page's CSP stays strict. */
(() => {
  "use strict";

  /* A menu button: Enter, Space or a click opens it, ArrowDown/ArrowUp move
     through its items, Escape and Tab close it; focus returns to the button. */
  function menu(toggle) {
    const container = toggle.parentElement;
    const list = container.querySelector(".dropdown-menu");
    if (!list) return;
    const items = () => [...list.querySelectorAll(".dropdown-item, button, a[href]")];
    const isOpen = () => list.classList.contains("show");
    toggle.setAttribute("aria-expanded", "false");
    const open = () => {
      list.classList.add("show");
      toggle.classList.add("show");
      // Below the button, aligned to its end, as Popper placed it (sphinx-book-theme's
      // rule for its own header menus would shift this one left). Style properties
      // set from a script are allowed by the page's CSP.
      Object.assign(list.style, { inset: "100% 0 auto auto", transform: "none", marginTop: "0.125rem" });
      toggle.setAttribute("aria-expanded", "true");
    };
    const close = (refocus) => {
      if (!isOpen()) return;
      list.classList.remove("show");
      toggle.classList.remove("show");
      toggle.setAttribute("aria-expanded", "false");
      if (refocus) toggle.focus();
    };
    toggle.addEventListener("click", (event) => {
      event.preventDefault();
      isOpen() ? close(false) : open();
      toggle.focus();
    });
    toggle.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        open();
        const all = items();
        all[event.key === "ArrowDown" ? 0 : all.length - 1].focus();
      } else if (event.key === "Escape" && isOpen()) {
        event.preventDefault();
        close(true);
      }
    });
    list.addEventListener("keydown", (event) => {
      const all = items();
      const at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : all.length - 1;
        all[(at + step) % all.length].focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close(true);
      } else if (event.key === "Tab") {
        close(false);
      }
    });
    // A choice made: the theme's own handler (on the item) has run; back to the button.
    list.addEventListener("click", (event) => {
      if (event.target.closest(".dropdown-item, button, a")) close(true);
    });
    document.addEventListener("click", (event) => {
      if (!container.contains(event.target)) close(false);
    });
  }

  /* The header's controls, and the dialogs they open. */
  const CONTROLS = ".theme-switch-button, .search-button__button, .primary-toggle, .secondary-toggle";
  const OPENERS = {
    "pst-primary-sidebar-modal": ".primary-toggle",
    "pst-secondary-sidebar-modal": ".secondary-toggle",
    "pst-search-dialog": ".search-button__button",
  };
  let lastControl = null; // the control that opened the dialog now open
  let focusedBefore = null; // where focus was when Ctrl+K opened the search dialog

  function visible(selector) {
    return [...document.querySelectorAll(selector)].find((el) => el.offsetParent !== null) || null;
  }

  function keepFocusOnControls() {
    // (capture, on window: before the theme's handlers, one of which stops the event)
    window.addEventListener(
      "click",
      (event) => {
        const control = event.target.closest && event.target.closest(CONTROLS);
        if (!control) return;
        lastControl = control;
        setTimeout(() => {
          // Focus fell to the body (the theme's blur), and no dialog took it: back on the control.
          if (!document.activeElement || document.activeElement === document.body) control.focus();
        });
      },
      true,
    );
    window.addEventListener(
      "keydown",
      (event) => {
        if (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey)) {
          focusedBefore = document.activeElement;
          lastControl = null;
        }
      },
      true,
    );
    for (const [id, selector] of Object.entries(OPENERS)) {
      const dialog = document.getElementById(id);
      if (!dialog) continue;
      dialog.addEventListener("close", () => {
        const back = [lastControl, focusedBefore, visible(selector)].find(
          (el) => el && el !== document.body && el.isConnected && el.offsetParent !== null,
        );
        lastControl = focusedBefore = null;
        // After the theme's own close handlers, which may focus the body.
        setTimeout(() => {
          if (back && (!document.activeElement || document.activeElement === document.body)) back.focus();
        });
      });
    }
  }

  /* Text zoomed on a wide screen (the text as wide as on a narrow one): the
     navigation sidebar gives way, collapsed as the theme's toggle collapses
     it, so that the article keeps its width; the toggle opens it again. */
  function sidebarGivesWayToLargeText() {
    const sidebar = document.getElementById("pst-primary-sidebar");
    if (!sidebar) return;
    const largeText = window.matchMedia("(min-width: 992px) and (max-width: 61.99em)");
    const follow = () => sidebar.classList.toggle("pst-sidebar-hidden", largeText.matches);
    largeText.addEventListener("change", follow);
    follow();
  }

  function ready() {
    document.querySelectorAll('[data-bs-toggle="dropdown"]').forEach(menu);
    keepFocusOnControls();
    sidebarGivesWayToLargeText();
  }

  if (document.readyState !== "loading") ready();
  else document.addEventListener("DOMContentLoaded", ready);
})();
