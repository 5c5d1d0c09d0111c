/* Copy-link controls (a.lif-permalink[data-lif-copy]) on review and briefing pages.
   Activating one (click, tap, or Enter from the keyboard) copies the page's absolute address
   with the anchor of the learning point, recommendation or section, and says "Link copied" in
   a polite live region for screen readers. Without JavaScript the control is an ordinary link
   to the anchor, so the address bar holds the same link. */
(function () {
  "use strict";

  var live = null;
  var timer = null;

  function liveRegion() {
    if (!live) {
      live = document.createElement("div");
      live.className = "lif-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    return live;
  }

  function announce(message) {
    var region = liveRegion();
    // Clear first, so the same message twice in a row is announced twice.
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = message;
    }, 50);
  }

  function permanentUrl(anchor) {
    var url = new URL(window.location.href);
    url.search = "";
    url.hash = anchor;
    return url.href;
  }

  function copyWithSelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "lif-live";
    document.body.appendChild(field);
    field.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    document.body.removeChild(field);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyWithSelection(text);
      });
    }
    return copyWithSelection(text);
  }

  function showCopied(control) {
    var label = control.textContent;
    control.classList.add("lif-permalink--copied");
    control.textContent = "Copied";
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      control.classList.remove("lif-permalink--copied");
      control.textContent = label === "Copied" ? "Copy link" : label;
    }, 2000);
  }

  document.addEventListener("click", function (event) {
    var control = event.target.closest && event.target.closest("a.lif-permalink[data-lif-copy]");
    if (!control || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    var anchor = control.getAttribute("data-lif-copy");
    var url = permanentUrl(anchor);
    // The address bar shows the same link, without jumping the page.
    window.history.replaceState(null, "", "#" + anchor);
    copyText(url).then(
      function () {
        showCopied(control);
        announce("Link copied");
      },
      function () {
        announce("Could not copy. The link is in the address bar.");
      }
    );
  });
})();

/* Tables in scroll regions (.lif-scroll): while a table is wider than its region, the region
   carries data-lif-overflows, and lif.css shows a line saying that it scrolls sideways. */
(function () {
  "use strict";

  function mark(region) {
    if (region.scrollWidth > region.clientWidth + 1) {
      region.setAttribute("data-lif-overflows", "");
    } else {
      region.removeAttribute("data-lif-overflows");
    }
  }

  function markAll() {
    var regions = document.querySelectorAll(".lif-scroll");
    for (var i = 0; i < regions.length; i += 1) {
      mark(regions[i]);
    }
  }

  if ("ResizeObserver" in window) {
    var observer = new ResizeObserver(function (entries) {
      for (var i = 0; i < entries.length; i += 1) {
        mark(entries[i].target);
      }
    });
    var watch = function () {
      var regions = document.querySelectorAll(".lif-scroll");
      for (var i = 0; i < regions.length; i += 1) {
        observer.observe(regions[i]);
      }
    };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", watch);
    } else {
      watch();
    }
  } else {
    window.addEventListener("load", markAll);
    window.addEventListener("resize", markAll);
  }
})();
